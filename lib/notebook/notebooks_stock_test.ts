// Stock Jupyter tools file every output of the committed notebooks in its own cell: a small run
// of scripts/measure_notebooks.sh (each notebook twice through `jupyter nbconvert --execute` and
// once through a Run-All queue, compared cell by cell with `deno task nb`). The full measurement
// is the script with its default 20 runs.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { cliTest } from "../bench/testdata/run_cli.ts";
import { requireJupyter } from "./testdata/jupyter.ts";

const SCRIPT = new URL("../../scripts/measure_notebooks.sh", import.meta.url).pathname;

Deno.test(
  "stock nbconvert and a Run-All queue keep every notebook output in its own cell",
  cliTest,
  async () => {
    await requireJupyter();
    const output = await new Deno.Command("bash", {
      args: [SCRIPT],
      env: { RUNS: "2", RUNALL_RUNS: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    const summary = stdout.slice(stdout.indexOf("--- summary"));
    console.log(summary);
    assert(output.success, stdout + new TextDecoder().decode(output.stderr));
    const totals = summary.split("\n").filter((line) => /^\w+, (nbconvert|run-all): \{/.test(line));
    assertEquals(totals.length, 6, stdout);
    for (const line of totals) {
      const counts = JSON.parse(line.slice(line.indexOf("{"), line.indexOf("}") + 1));
      assertEquals([counts.wrong, counts.lost, counts.misfiled], [0, 0, 0], line);
    }
  },
);
