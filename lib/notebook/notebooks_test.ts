// End-to-end tests of the notebooks in notebooks/: each runs headless through `main.ts nb` on a
// tiny config, as `deno task nb` runs it, and its outputs are checked.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { cliTest, runCli } from "../bench/testdata/run_cli.ts";
import { readExecuted, requireJupyter } from "./testdata/jupyter.ts";
import {
  cellOutputs,
  markdown,
  NOTEBOOKS,
  outputsOf,
  pngTitles,
  REPO,
  texts,
} from "./testdata/notebook_outputs.ts";

async function gitStatus(): Promise<string> {
  const output = await new Deno.Command("git", {
    args: ["status", "--porcelain", "--untracked-files=all"],
    cwd: REPO,
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(output.stdout);
}

/** Runs `name` headless into `dir`; `resultsRoot` goes there too unless the notebook has none. */
async function runNotebook(
  name: string,
  parameters: string[],
  dir: string,
  { resultsRoot = true } = {},
) {
  const before = await gitStatus();
  const startedAt = performance.now();
  const cli = await runCli([
    "nb",
    `${NOTEBOOKS}${name}`,
    ...parameters,
    ...(resultsRoot ? ["-p", "resultsRoot", `${dir}/results`] : []),
    "--out",
    `${dir}/${name}`,
  ]);
  const seconds = (performance.now() - startedAt) / 1000;
  console.log(`${name} headless: ${seconds.toFixed(1)} s`);
  assertEquals(cli.code, 0, cli.stderr);
  match(
    cli.stdout,
    new RegExp(`^nb: .*${name}: \\d+ cells ran in [\\d.]+ s with .*; saved ${dir}/${name}`),
  );
  const notebook = await readExecuted(`${dir}/${name}`);
  assertEquals(outputsOf(notebook).filter((output) => output.output_type === "error"), []);
  // The injected cell echoes nothing (no raw ANSI colour codes), and no tracked file changed.
  const injected = notebook.cells.find((cell) =>
    cell.metadata.tags?.includes("injected-parameters")
  );
  assertEquals(injected?.outputs, []);
  assertEquals(await gitStatus(), before, "running a notebook changed files in the repository");
  return notebook;
}

Deno.test(
  "bench.ipynb runs headless on a tiny matrix: progress in place, baseline, report, export",
  cliTest,
  async () => {
    await requireJupyter();
    const dir = await Deno.makeTempDir();
    // An earlier bench of the same scenario and cells: the baseline "previous" finds it.
    const seed = await runCli([
      "bench",
      "--hosts=3",
      "--msgs=3",
      "--iterations=1",
      "--warmups=0",
      "--variants=default,states",
      `--results-root=${dir}/results`,
    ]);
    assertEquals(seed.code, 0, seed.stderr);
    const notebook = await runNotebook("bench.ipynb", [
      "-y",
      "{hosts: [3], msgs: [3], iterations: 1, warmups: 0}",
      "-p",
      "reportDir",
      `${dir}/report`,
    ], dir);
    match(
      texts(cellOutputs(notebook, "prepareNotebookBench(config"))[0],
      /^A new bench in `.*\/results\/nb-[\dT:.Z-]+`: 2 runs \(hosts 3 x msgs 3 x variants default, states; 1 counted per cell\)\.$/,
    );
    // One progress output, updated in place to its final state.
    const progress = texts(cellOutputs(notebook, "runNotebookBench(bench)"));
    assertEquals(progress.length, 1, progress.join("\n---\n"));
    match(progress[0], /^bench .*: 2 runs in [\d.]+ s, 0 failed\nlast: \[2\/2\] 3 hosts x 3 msgs /);
    // Against the seeded bench: 1 run a side, too few for a verdict; the cell says so, no figure.
    const comparison = cellOutputs(notebook, "compareWithBaseline(");
    const against = markdown(comparison);
    match(against, /^Baseline: `[\dT:-]+Z`, the most recent other bench/);
    assert(against.includes("- too few runs (n = 1) to compare; add at least 4 more."), against);
    assertEquals(pngTitles(comparison), []);
    // The report: the charts as PNG, the tables with the variant and baseline ratios.
    const report = cellOutputs(notebook, "reportOutputs(view.document)");
    assertEquals(pngTitles(report), [
      "Active time",
      "Peak RSS",
      "Heap used at the end",
      "CPU time",
      "Delivery latency",
      "Duplicates per delivery",
      "Mesh degree at the first publish",
    ]);
    const text = markdown(report);
    assert(
      text.includes("| hosts | msgs | variant | median (IQR) | n | vs default | vs baseline |"),
      text,
    );
    // One iteration: the comparison columns say so, with no interval and no verdict.
    match(
      text,
      /\| 3 \| 3 \| states \| [\d.]+ \(0(\.0)?\) \| 1 \| too few runs \(n = 1\) \| too few runs \(n = 1\) \|/,
    );
    // The export cell wrote bench.md and bench.pdf, and names them without links.
    match(
      markdown(cellOutputs(notebook, "writeBenchReport(")),
      new RegExp(
        `^Wrote \`bench\.md\`, \`bench\.pdf\` and \\d+ charts \\(SVG and PNG\\) to \`${dir}/report\`\\.$`,
      ),
    );
    for (const file of ["bench.md", "bench.pdf"]) {
      assert((await Deno.stat(`${dir}/report/${file}`)).size > 0, file);
    }
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "tuning.ipynb runs headless on a tiny sweep: warnings, table, a figure per measure",
  cliTest,
  async () => {
    await requireJupyter();
    const dir = await Deno.makeTempDir();
    const notebook = await runNotebook("tuning.ipynb", [
      "-y",
      "{hosts: [3], msgs: [3], iterations: 1, values: [{D: 2, Dlo: 1, Dhi: 3}, {D: 4, Dlo: 3, Dhi: 6}]}",
    ], dir);
    const progress = texts(cellOutputs(notebook, "runNotebookBench(bench)"));
    assertEquals(progress.length, 1);
    match(progress[0], /\nlast: \[2\/2\] 3 hosts x 3 msgs D4-Dlo3-Dhi6 #1: active \d+ ms/);
    const effect = cellOutputs(notebook, "sweepOutputs(");
    const text = markdown(effect);
    // 3 hosts cannot hold a mesh of 2, let alone 4: the notebook says so.
    assert(text.includes("mesh limited by connections: raise hosts or dialsPerHost"), text);
    assert(text.includes("| D/Dlo/Dhi | hosts | msgs | ok/runs | mesh (D asked) |"), text);
    match(
      text,
      /\| 2\/1\/3 \| 3 \| 3 \| 1\/1 \| [\d.]+ \(2\) \|[\s\S]*\| 4\/3\/6 \| 3 \| 3 \| 1\/1 \| [\d.]+ \(4\) \|/,
    );
    assertEquals(pngTitles(effect), [
      "Duplicates per delivery",
      "Mesh degree when publishing",
      "Delivery latency, 99th percentile",
      "Peak RSS",
      "Active time",
    ]);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "sim.ipynb runs the simulator headless for 15 s: status in place, charts over time, summary",
  cliTest,
  async () => {
    await requireJupyter();
    const dir = await Deno.makeTempDir();
    const notebook = await runNotebook(
      "sim.ipynb",
      ["-p", "duration", "15s", "-p", "maxPeers", "12", "-p", "statusInterval", "2s"],
      dir,
      { resultsRoot: false },
    );
    const status = texts(cellOutputs(notebook, "createSimRecorder("));
    assertEquals(status.length, 1, status.join("\n---\n"));
    match(status[0], /^\[00:1\d of 15s\] peers \d+ \(ready \d+\) \| topics \d+ \|/);
    match(status[0], /\| rss [\d.]+ MiB/);
    assertEquals(pngTitles(cellOutputs(notebook, "simChartOutputs(")), [
      "Peers, topics and friendships",
      "Connections and streams",
      "Messages delivered and missed (cumulative)",
      "Heartbeat lag per status interval",
      "Resident memory",
    ]);
    const text = markdown(cellOutputs(notebook, "simSummaryMarkdown("));
    assert(text.includes("| figure | value |\n| --- | --- |\n| ended | duration after 1"), text);
    const delivered = /^\| delivered \| (\d+) \|$/m.exec(text);
    assert(delivered !== null && Number(delivered[1]) > 0, text);
    match(text, /^\| peers: max \/ at end \| (\d|1[0-2]) \/ \d+ \|$/m);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "nb --prepare-only injects the parameters and saves the notebook without running it",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const cli = await runCli([
      "nb",
      `${NOTEBOOKS}tuning.ipynb`,
      "-p",
      "hosts",
      "[3]",
      "--prepare-only",
      "--out",
      `${dir}/tuning.ipynb`,
    ]);
    assertEquals([cli.code, cli.stdout.trim()], [
      0,
      `nb: ${NOTEBOOKS}tuning.ipynb: injected hosts; saved ${dir}/tuning.ipynb (not run)`,
    ]);
    const prepared = await readExecuted(`${dir}/tuning.ipynb`);
    const injected = prepared.cells.find((cell) =>
      cell.metadata.tags?.includes("injected-parameters")
    )!;
    assertEquals(
      [injected.source].flat().join(""),
      "// Parameters set by `deno task nb`\nhosts = [3];\nvoid 0;",
    );
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "nb fails with one line naming the notebook, the cell and the error",
  cliTest,
  async () => {
    await requireJupyter();
    const dir = await Deno.makeTempDir();
    const cli = await runCli([
      "nb",
      `${NOTEBOOKS}bench.ipynb`,
      "-p",
      "hosts",
      "[1]",
      "-p",
      "resultsRoot",
      `${dir}/results`,
      "--out",
      `${dir}/bench.ipynb`,
    ]);
    assertEquals(cli.code, 2, cli.stderr);
    const errors = cli.stderr.split("\n").filter((line) => line.startsWith("error:"));
    assertEquals(errors, [
      `error: ${NOTEBOOKS}bench.ipynb: cell 4 [3] failed: ConfigError: notebook parameters:4: ` +
      `matrix.hosts[0] must be an integer from 2 to 10000, got 1 (outputs so far saved to ${dir}/bench.ipynb)`,
    ]);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("nb refuses bad arguments before starting Jupyter", cliTest, async () => {
  const cases: [string[], string][] = [
    [
      ["nb"],
      "error: nb: expected one NOTEBOOK, got 0 (none); e.g. deno task nb notebooks/bench.ipynb (see --help)",
    ],
    [["nb", "x.ipynb", "-p", "hosts"], "error: nb: -p needs two words, NAME VALUE (see --help)"],
    [
      ["nb", `${NOTEBOOKS}bench.ipynb`, "-p", "host", "[3]"],
      `error: ${NOTEBOOKS}bench.ipynb: unknown parameter "host": the parameters cell (cell 2) declares hosts, msgs, variants, iterations, warmups, seed, gossipsub, customVariants, trace, resultsRoot, reportDir, resume, baseline, comparison`,
    ],
    [
      ["nb", "x.ipynb", "--idle-grace-ms", "soon"],
      'error: nb: --idle-grace-ms must be a number >= 0 and <= 60000, got "soon"',
    ],
  ];
  for (const [args, message] of cases) {
    const cli = await runCli(args);
    assertEquals([cli.code, cli.stderr.trim()], [2, message]);
  }
});
