/**
 * The error of `deno task dbg`: a bad flag, no free port, a server that cannot start.
 *
 * @module
 */

/** The viewer could not start; main.ts prints the message as one line and exits 2. */
export class DbgError extends Error {
  /** Creates a DbgError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DbgError";
  }
}
