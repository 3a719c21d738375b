/**
 * The error of the history journal: it could not be created, written or read back.
 *
 * @module
 */

/** A journal could not be created, written or read; the message names the file (and line). */
export class JournalError extends Error {
  /** Creates a JournalError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JournalError";
  }
}
