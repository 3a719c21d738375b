/**
 * A notebook could not be run: a bad parameter, an unreadable notebook, Jupyter missing, a cell
 * that failed. main.ts prints its message as one line and exits 2.
 */
export class NotebookError extends Error {
  /** Creates a NotebookError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NotebookError";
  }
}
