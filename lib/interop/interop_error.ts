/**
 * The error the interop node throws for a failure the user can act on (bad params.json, a
 * hostname that is not `nodeN`, a peer that never answered); `main.ts` prints its message as one
 * line and exits 2.
 *
 * @module
 */

/**
 * The gossipsub-interop node could not start or run its script.
 *
 * The message is one line that names the input (`params.json: script[3].connectTo[0]`, `hostname`,
 * `flag --params`), the rule and the value it got.
 *
 * @example
 * ```ts
 * import { InteropError } from "./interop_error.ts";
 *
 * const error = new InteropError('hostname: must be "node<N>", got "vm"');
 * console.assert(error.name === "InteropError");
 * ```
 */
export class InteropError extends Error {
  /** Always `"InteropError"`, so the error keeps its kind after serialisation. */
  override name = "InteropError";

  /** @param options `cause`: the underlying error (a file-system or dial error), if any. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
