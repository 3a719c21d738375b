/**
 * `deno task node:build [OUT_DIR]`: writes the gossipsub-interop node's self-contained entry
 * script (default `build/interop-node/entry`) and the offline Deno cache it runs from.
 *
 * @module
 */
import { buildInteropNode, InteropError } from "../lib/interop/mod.ts";

const USAGE = `Usage: deno task node:build [OUT_DIR]

Writes OUT_DIR/entry (default build/interop-node/entry) and OUT_DIR/entry-chainsafe: #!/bin/sh
scripts with absolute paths that run the gossipsub-interop node (js-libp2p 3 with
@libp2p/gossipsub 17, or js-libp2p 2 with @chainsafe/libp2p-gossipsub 14) offline from
OUT_DIR/deno_dir, for Shadow or \`env -i\`.
Rebuild after moving the repository or the Deno binary.`;

if (import.meta.main) {
  const [first, ...rest] = Deno.args;
  if (first === "-h" || first === "--help") {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (rest.length > 0 || first?.startsWith("-")) {
    console.error(`error: expected at most one argument, OUT_DIR; got ${Deno.args.join(" ")}`);
    Deno.exit(2);
  }
  try {
    const built = await buildInteropNode(first ?? "build/interop-node", {
      onProgress: (line) => console.error(line),
    });
    for (const path of Object.values(built.entryPaths)) console.log(path);
    Deno.exit(0);
  } catch (error) {
    if (error instanceof InteropError) {
      console.error(`error: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
