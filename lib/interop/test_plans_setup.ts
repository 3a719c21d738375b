/**
 * Adds our node to a libp2p/test-plans checkout, as its README says to add an implementation:
 * `IMPLEMENTATIONS` entries in `gossipsub-interop/experiment.py` (a name for `--composition`
 * mapped to the binary Shadow starts) and a build line in the Makefile's `binaries` recipe.
 * Pure text edits, idempotent: a second run changes nothing.
 *
 * @module
 */
import { InteropError } from "./interop_error.ts";
import { entryScriptName } from "./build_interop_node.ts";
import { INTEROP_STACKS, type InteropStack } from "./interop_host.ts";

/** The folder, under `gossipsub-interop/`, that holds our entry scripts. */
export const TEST_PLANS_FOLDER = "js-libp2p";

/** Our `--composition` names: `js` (default stack) and `js-chainsafe`. */
export function compositionName(stack: InteropStack): string {
  return stack === "default" ? "js" : `js-${stack}`;
}

/** The two files edited, as text. */
export interface TestPlansFiles {
  experimentPy: string;
  makefile: string;
}

/** Options of {@linkcode patchTestPlans}. */
export interface PatchTestPlansOptions {
  /** Absolute path of this repository (the build runs there). */
  repoRoot: string;
  /** Absolute path of the Deno binary the build runs with. */
  denoPath: string;
}

/**
 * The two files with our entries added (unchanged where they are already there).
 *
 * @throws {InteropError} when `experiment.py` has no `IMPLEMENTATIONS` dict or the Makefile no
 *   `binaries:` rule (an older checkout: see docs/interop.md)
 */
export function patchTestPlans(
  files: TestPlansFiles,
  options: PatchTestPlansOptions,
): TestPlansFiles & { changed: boolean } {
  const dictStart = /^IMPLEMENTATIONS[^\n=]*=\s*\{\s*\n/m.exec(files.experimentPy);
  if (dictStart === null) {
    throw new InteropError(
      "experiment.py: no IMPLEMENTATIONS dict (a test-plans checkout from before 2026-05 lists " +
        "binaries in composition(); update it)",
    );
  }
  let experimentPy = files.experimentPy;
  const entries = INTEROP_STACKS.filter((stack) =>
    !experimentPy.includes(`"${compositionName(stack)}":`)
  ).map((stack) =>
    `    "${compositionName(stack)}": "${TEST_PLANS_FOLDER}/${entryScriptName(stack)}",\n`
  );
  if (entries.length > 0) {
    const at = dictStart.index + dictStart[0].length;
    experimentPy = experimentPy.slice(0, at) +
      "    # js-libp2p on Deno (libp2p-pubsub-benchmark): deno task node:build\n" +
      entries.join("") + experimentPy.slice(at);
  }
  const rule = /^binaries:[^\n]*\n/m.exec(files.makefile);
  if (rule === null) throw new InteropError("Makefile: no binaries: rule");
  let makefile = files.makefile;
  const build = `\tcd ${_makeQuote(options.repoRoot)} && ${
    _makeQuote(options.denoPath)
  } task node:build $(CURDIR)/${TEST_PLANS_FOLDER}\n`;
  if (!makefile.includes(`task node:build $(CURDIR)/${TEST_PLANS_FOLDER}`)) {
    const at = rule.index + rule[0].length;
    makefile = makefile.slice(0, at) + build + makefile.slice(at);
  }
  return {
    experimentPy,
    makefile,
    changed: experimentPy !== files.experimentPy || makefile !== files.makefile,
  };
}

/** Quotes a path for a Makefile recipe line (run by sh). */
function _makeQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`).replaceAll("$", "$$")}'`;
}
