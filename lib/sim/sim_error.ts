/**
 * The error the simulator throws for a failure the user can act on (a port in use, a journal
 * that cannot be written); `main.ts` prints its message as one line and exits 2.
 *
 * @module
 */

/** The simulator could not start or run as configured. */
export class SimError extends Error {
  /** Always `"SimError"`. */
  override name = "SimError";

  /** @param options `cause`: the underlying error, if any. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
