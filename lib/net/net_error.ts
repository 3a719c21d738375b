/** A host could not be created, connected or used as the benchmark needs. */
export class NetError extends Error {
  /** Creates a NetError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NetError";
  }
}
