/** A report could not be made from its input: no results, an unreadable file, ... */
export class ReportError extends Error {
  /** Creates a ReportError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReportError";
  }
}
