// End-to-end tests of `main.ts report`: a real (tiny) bench, then its report.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { cliTest, runCli } from "../bench/testdata/run_cli.ts";
import { darkPixelsPerPage, pdfinfoPages, pdftotext } from "./testdata/poppler.ts";

Deno.test(
  "report writes bench.md whose images exist and whose tables match the summary",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const bench = await runCli([
      "bench",
      "--hosts=3",
      "--msgs=3",
      "--variants=default,states",
      "--iterations=2",
      "--warmups=0",
      `--out=${dir}/bench`,
    ]);
    assertEquals(bench.code, 0, bench.stderr);
    const report = await runCli([
      "report",
      `--results=${dir}/bench/results.ndjson`,
      `--out=${dir}/report`,
    ]);
    assertEquals(report.code, 0, report.stderr);
    match(report.stdout, /report: .*bench\.md, .*bench\.pdf and 8 charts/);
    const markdown = await Deno.readTextFile(`${dir}/report/bench.md`);
    const images = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((found) => found[1]);
    assertEquals(images.length, 8);
    for (const image of images) {
      const svg = await Deno.readTextFile(`${dir}/report/${image}`);
      match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    // Every PNG fallback the Markdown links is a PNG file.
    const pngs = [...markdown.matchAll(/PNG: \[[^\]]*\]\(([^)]+)\)/g)].map((found) => found[1]);
    assertEquals(pngs.length, 8);
    for (const png of pngs) {
      const bytes = await Deno.readFile(`${dir}/report/${png}`);
      assertEquals([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    }
    // bench.pdf says what bench.md says: every table figure is in its text, no page is blank.
    const pdf = await Deno.readFile(`${dir}/report/bench.pdf`);
    const pdfText = (await pdftotext(pdf)).replace(/\s+/g, " ");
    const tableCells = [...markdown.matchAll(/^\| (\d+) \| (\d+) \| (\w+) \| ([^|]+) \|/gm)];
    assert(tableCells.length >= 8, "the markdown has tables");
    for (const [, , , variant, median] of tableCells) {
      assert(pdfText.includes(`${variant} ${median.trim()}`), `"${median}" not in bench.pdf`);
    }
    assert(await pdfinfoPages(pdf) >= 4);
    // Far more ink than the footer alone ("page X of Y" and a dot: 10 dark pixels at 30 dpi).
    for (const dark of await darkPixelsPerPage(pdf)) assert(dark > 300, `a blank page: ${dark}`);
    // The active-time table shows the same medians as the bench's own summary.
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/bench/summary.json`));
    for (const cell of summary.cells) {
      const median = cell.metrics.activeMs.median as number;
      const shown = median < 10 ? median.toFixed(1) : String(Math.round(median));
      assert(markdown.includes(shown), `median ${shown} of ${cell.cell.variant} not in bench.md`);
    }
    // Two iterations: too few for an interval or a verdict, and the summary says how many to add.
    match(markdown, /- too few runs \(n = 2\) to compare; add at least 3 more\./);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("report of a missing results file is one line and exit 2", cliTest, async () => {
  const dir = await Deno.makeTempDir();
  const report = await runCli(["report", `--results=${dir}/nope.ndjson`, `--out=${dir}/r`]);
  assertEquals(report.code, 2);
  assertEquals(report.stderr.trim().split("\n").length, 1);
  match(report.stderr, /^error: results file ".*nope\.ndjson": not found\n$/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test(
  "report from a file of non-results fails and leaves the earlier report alone",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    await Deno.mkdir(`${dir}/r`);
    await Deno.writeTextFile(`${dir}/r/bench.md`, "earlier report\n");
    await Deno.writeTextFile(`${dir}/bad.ndjson`, '{"not": "a result"}\n{"cut off');
    const report = await runCli(["report", `--results=${dir}/bad.ndjson`, `--out=${dir}/r`]);
    assertEquals(report.code, 2);
    match(report.stderr, /holds no run results \(2 lines are not results\)/);
    assertEquals(await Deno.readTextFile(`${dir}/r/bench.md`), "earlier report\n");
    await Deno.remove(dir, { recursive: true });
  },
);
