// End-to-end tests of the notebooks in notebooks/: each runs headless through `main.ts nb` on a
// tiny config, as `deno task nb` runs it, and its outputs are checked.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { cliTest, runCli } from "../bench/testdata/run_cli.ts";
import {
  type CellOutput,
  type ExecutedNotebook,
  outputData,
  outputText,
  readExecuted,
  requireJupyter,
} from "./testdata/jupyter.ts";

const NOTEBOOKS = new URL("../../notebooks/", import.meta.url).pathname;

function outputsOf(notebook: ExecutedNotebook): CellOutput[] {
  return notebook.cells.flatMap((cell) => cell.outputs ?? []);
}

function svgs(notebook: ExecutedNotebook): string[] {
  return outputsOf(notebook).flatMap((output) => outputData(output, "image/svg+xml") ?? []);
}

function markdown(notebook: ExecutedNotebook): string {
  return outputsOf(notebook).map((output) => outputData(output, "text/markdown") ?? "").join("\n");
}

function printed(notebook: ExecutedNotebook): string {
  return outputsOf(notebook).filter((output) => output.output_type === "stream").map(outputText)
    .join("");
}

/** Runs `name` headless into `dir`; `resultsRoot` goes there too unless the notebook has none. */
async function runNotebook(
  name: string,
  parameters: string[],
  dir: string,
  { resultsRoot = true } = {},
) {
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
  return notebook;
}

Deno.test(
  "bench.ipynb runs headless on a tiny matrix: progress, charts, tables, traces, export",
  cliTest,
  async () => {
    await requireJupyter();
    const dir = await Deno.makeTempDir();
    const notebook = await runNotebook("bench.ipynb", [
      "-y",
      "{hosts: [3], msgs: [3], iterations: 1, warmups: 0}",
      "-p",
      "reportDir",
      `${dir}/report`,
    ], dir);
    // A progress line per run: one counted and one traced run per variant.
    const lines = printed(notebook).split("\n").filter((line) => line.startsWith("["));
    assertEquals(lines.length, 4, printed(notebook));
    for (const line of lines) {
      match(
        line,
        /^\[\d\/4\] 3 hosts x 3 msgs (default|states) (#|traced )1: active \d+ ms/,
      );
    }
    // The report's charts, inline as SVG: seven figures (no run failed: no failures chart).
    const charts = svgs(notebook);
    assertEquals(charts.length, 7);
    for (const svg of charts) assert(svg.startsWith("<svg "), svg.slice(0, 80));
    const text = markdown(notebook);
    // The tables, with the variant comparison, and the links to the traced runs' files.
    assert(text.includes("| hosts | msgs | variant | median (IQR) | n | vs default |"), text);
    // One iteration: the comparison column says so, with no interval and no verdict.
    match(text, /\| 3 \| 3 \| states \| [\d.]+ \(0(\.0)?\) \| 1 \| too few runs \(n = 1\) \|/);
    match(text, /## Traces[\s\S]*\[jaeger\]\(\.\.\/[^)]*\/traces\/h3-m3-states-t0\.jaeger\.json\)/);
    // The export cell wrote bench.md and bench.pdf and lists them.
    for (const file of ["bench.md", "bench.pdf"]) {
      assert(text.includes(`](${dir}/report/${file})`), text);
      assert((await Deno.stat(`${dir}/report/${file}`)).size > 0, file);
    }
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "tuning.ipynb runs headless on a tiny sweep: table and charts per value",
  cliTest,
  async () => {
    await requireJupyter();
    const dir = await Deno.makeTempDir();
    const notebook = await runNotebook("tuning.ipynb", [
      "-y",
      "{hosts: [3], msgs: [3], iterations: 1, warmups: 0}",
      "-p",
      "parameter",
      "heartbeatIntervalMs",
      "-p",
      "values",
      "[500, 1000]",
    ], dir);
    match(
      printed(notebook),
      /\[2\/2\] 3 hosts x 3 msgs heartbeatIntervalMs-1000 #1: active \d+ ms/,
    );
    const text = markdown(notebook);
    assert(
      text.includes("| heartbeatIntervalMs | hosts | msgs | ok/runs | p99 latency ms |"),
      text,
    );
    match(
      text,
      /\| 500 \| 3 \| 3 \| 1\/1 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \|\n\| 1000 \| 3 \| 3 \| 1\/1 \|/,
    );
    const charts = svgs(notebook);
    assertEquals(charts.length, 3);
    for (
      const title of ["Delivery latency", "Duplicates per delivery", "Peak RSS"]
    ) {
      assert(charts.some((svg) => svg.includes(`<title>${title}</title>`)), title);
    }
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "sim.ipynb runs the simulator headless for 15 s: progress, charts over time, summary",
  cliTest,
  async () => {
    await requireJupyter();
    const dir = await Deno.makeTempDir();
    const notebook = await runNotebook(
      "sim.ipynb",
      [
        "-p",
        "duration",
        "15s",
        "-p",
        "maxPeers",
        "12",
        "-p",
        "statusInterval",
        "2s",
      ],
      dir,
      { resultsRoot: false },
    );
    // A status every 2 s for 15 s: its two lines of totals, no line per topic.
    const statuses = printed(notebook).split("\n").filter((line) => /^\[\d\d:\d\d\] /.test(line));
    assert(statuses.length >= 5, printed(notebook));
    for (const line of statuses) {
      match(line, /^\[00:\d\d\] peers \d+ \(ready \d+\) \| topics \d+ \|/);
    }
    assert(!/^ {2}t-/m.test(printed(notebook)), printed(notebook));
    const charts = svgs(notebook);
    assertEquals(charts.length, 5);
    for (
      const title of [
        "Peers, topics and friendships",
        "Connections and streams",
        "Messages delivered and missed (cumulative)",
        "Heartbeat lag per status interval",
        "Resident memory",
      ]
    ) {
      assert(charts.some((svg) => svg.includes(`<title>${title}</title>`)), title);
    }
    const text = markdown(notebook);
    assert(text.includes("| figure | value |\n| --- | --- |\n| ended | duration after 1"), text);
    const delivered = /^\| delivered \| (\d+) \|$/m.exec(text);
    assert(delivered !== null && Number(delivered[1]) > 0, text);
    match(text, /^\| peers: max \/ at end \| (\d|1[0-2]) \/ \d+ \|$/m);
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
      `error: ${NOTEBOOKS}bench.ipynb: unknown parameter "host": the parameters cell (cell 2) declares hosts, msgs, variants, iterations, warmups, seed, gossipsub, customVariants, trace, resultsRoot, reportDir`,
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

Deno.test("the committed notebooks are executed, error-free, and start with what they show", async () => {
  for (const name of ["bench.ipynb", "tuning.ipynb", "sim.ipynb"]) {
    const notebook = await readExecuted(`${NOTEBOOKS}${name}`);
    assertEquals(notebook.cells[0].cell_type, "markdown", name);
    match([notebook.cells[0].source].flat().join(""), /^# .+\n[\s\S]*deno task nb notebooks\//);
    assert(notebook.cells.some((cell) => cell.metadata.tags?.includes("parameters")), name);
    assert(
      !notebook.cells.some((cell) => cell.metadata.tags?.includes("injected-parameters")),
      name,
    );
    for (const cell of notebook.cells.filter((cell) => cell.cell_type === "code")) {
      assert(typeof cell.execution_count === "number", `${name}: a code cell was not run`);
    }
    assertEquals(outputsOf(notebook).filter((output) => output.output_type === "error"), [], name);
    assert(svgs(notebook).length >= 3, `${name}: charts`);
  }
});

/** `text` as `deno fmt` formats a file of type `ext` with the repository's settings. */
async function denoFmt(text: string, ext: "ts" | "md"): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "fmt",
      `--config=${new URL("../../deno.json", import.meta.url).pathname}`,
      `--ext=${ext}`,
      "-",
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const output = await child.output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout);
}

// `deno fmt --check` (2.9.6) flags every .ipynb as unformatted on a cold cache, with an empty
// diff, so deno.json leaves notebooks/ out of it; this checks their cells instead.
Deno.test("the notebooks' cells are formatted as deno fmt formats TypeScript and Markdown", async () => {
  for (const name of ["bench.ipynb", "tuning.ipynb", "sim.ipynb"]) {
    const notebook = await readExecuted(`${NOTEBOOKS}${name}`);
    for (const [index, cell] of notebook.cells.entries()) {
      const source = [cell.source].flat().join("");
      const formatted = await denoFmt(source + "\n", cell.cell_type === "code" ? "ts" : "md");
      assertEquals(source, formatted.trimEnd(), `${name} cell ${index + 1}`);
    }
  }
});
