/**
 * `deno task node:build [OUT_DIR]`: writes the gossipsub-interop node's self-contained entry
 * script (default `build/interop-node/entry`) and the offline Deno cache it runs from.
 *
 * @module
 */
import { buildInteropNode, InteropError } from "../lib/interop/mod.ts";

const USAGE = `Usage: deno task node:build [OUT_DIR]

Writes OUT_DIR/entry (default build/interop-node/entry): a #!/bin/sh script with absolute paths
that runs the gossipsub-interop node offline from OUT_DIR/deno_dir, for Shadow or \`env -i\`.
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
    console.log(built.entryPath);
    Deno.exit(0);
  } catch (error) {
    if (error instanceof InteropError) {
      console.error(`error: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
