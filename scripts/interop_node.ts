/**
 * The gossipsub-interop node's own entry module, which the entry script written by
 * `deno task node:build` runs (`main.ts node` runs the same command). It imports only
 * lib/interop, not every command of main.ts: Shadow starts hundreds of these processes, and each
 * one then loads, and keeps in memory, only the modules a node uses.
 *
 * @module
 */
import { InteropError, interopNodeCommand } from "../lib/interop/mod.ts";

if (import.meta.main) {
  let code: number;
  try {
    code = await interopNodeCommand(Deno.args);
  } catch (error) {
    if (error instanceof InteropError) {
      console.error(`error: ${error.message}`);
      code = 2;
    } else {
      console.error(error);
      code = 1;
    }
  }
  // Exit at once, as the Go node does when its script ends: the peer store's BroadcastChannel
  // would otherwise keep the process alive (NOTES-libp2p-deno.md, trap 1).
  Deno.exit(code);
}
