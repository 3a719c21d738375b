/**
 * `deno task node:test-plans TEST_PLANS_DIR`: adds our node to a libp2p/test-plans checkout
 * (IMPLEMENTATIONS entries `js` and `js-chainsafe` in gossipsub-interop/experiment.py, a build
 * line in its Makefile's `binaries` recipe) and builds the entry scripts into
 * gossipsub-interop/js-libp2p/. Then `uv run run.py --composition js go ...` runs it under Shadow.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildInteropNode } from "../lib/interop/build_interop_node.ts";
import { InteropError } from "../lib/interop/interop_error.ts";
import { patchTestPlans, TEST_PLANS_FOLDER } from "../lib/interop/test_plans_setup.ts";

const USAGE = `Usage: deno task node:test-plans TEST_PLANS_DIR [--no-build]

Edits TEST_PLANS_DIR/gossipsub-interop/experiment.py (IMPLEMENTATIONS: "js", "js-chainsafe") and
its Makefile (binaries: builds our entry scripts), then builds them into
TEST_PLANS_DIR/gossipsub-interop/${TEST_PLANS_FOLDER}/ unless --no-build. Running it again
changes nothing.`;

async function main(): Promise<number> {
  const args = Deno.args.filter((arg) => arg !== "--no-build");
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1 || args[0].startsWith("-")) {
    throw new InteropError(`expected one argument, TEST_PLANS_DIR; got ${Deno.args.join(" ")}`);
  }
  const dir = join(resolve(args[0]), "gossipsub-interop");
  const experimentPath = join(dir, "experiment.py");
  const makefilePath = join(dir, "Makefile");
  let files;
  try {
    files = {
      experimentPy: await Deno.readTextFile(experimentPath),
      makefile: await Deno.readTextFile(makefilePath),
    };
  } catch (error) {
    throw new InteropError(
      `TEST_PLANS_DIR: ${dir} has no experiment.py or Makefile: ${(error as Error).message}`,
    );
  }
  const repoRoot = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
  const patched = patchTestPlans(files, { repoRoot, denoPath: Deno.execPath() });
  if (patched.changed) {
    await Deno.writeTextFile(experimentPath, patched.experimentPy);
    await Deno.writeTextFile(makefilePath, patched.makefile);
    console.error(`added js and js-chainsafe to ${experimentPath} and ${makefilePath}`);
  } else {
    console.error(`${dir} already has our entries`);
  }
  if (!Deno.args.includes("--no-build")) {
    const built = await buildInteropNode(join(dir, TEST_PLANS_FOLDER), {
      onProgress: (line) => console.error(line),
    });
    for (const path of Object.values(built.entryPaths)) console.log(path);
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (error) {
    if (error instanceof InteropError) {
      console.error(`error: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
