// Prints what scripts/measure_runner.sh reports of one bench: its wall time and runner overhead,
// and per cell the median and IQR of active time and the variants' ratio with its 95% CI.
//   deno run --allow-read scripts/summarize_bench.ts <bench folder> <wall seconds> [start epoch s]
// With the bench's start time (seconds since the epoch), the time before the first run (start,
// config, bundle check, first processes loading) and after the last (its exit, summary, report)
// are told apart.
import { parseResults } from "../lib/bench/results_store.ts";

const [folder, wallText, startText] = Deno.args;
if (folder === undefined || wallText === undefined) {
  console.error("usage: summarize_bench.ts <bench folder> <wall seconds>");
  Deno.exit(2);
}
const { results } = parseResults(await Deno.readTextFile(`${folder}/results.ndjson`));
const wallMs = Number(wallText) * 1000;
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? 0
    : sorted.length % 2
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
};
const totalMs = sum(results.map((r) => r.totalMs ?? 0));
// Between one run's report and the next run's start (jobs 1): the runner's time on the critical
// path, without the bench's start and end. startedAt is the go; totalMs ends at the last stop.
const byStart = [...results].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
const gaps = byStart.slice(1).map((run, i) =>
  Date.parse(run.startedAt) - Date.parse(byStart[i].startedAt) - (byStart[i].totalMs ?? 0)
);
const span = byStart.length === 0 ? 0 : Date.parse(byStart.at(-1)!.startedAt) -
  Date.parse(byStart[0].startedAt) + (byStart.at(-1)!.totalMs ?? 0);
const config = JSON.parse(await Deno.readTextFile(`${folder}/config.json`));
console.log(
  `bench ${folder}: jobs ${config.jobs ?? 1}, ${results.length} runs (${
    results.filter((r) => r.ok).length
  } ok), wall ${(wallMs / 1000).toFixed(1)} s, sum of totalMs ${(totalMs / 1000).toFixed(1)} s, ` +
    `runner overhead ${((wallMs - totalMs) / results.length / 1000).toFixed(3)} s/run; ` +
    `per run: wall ${(wallMs / results.length / 1000).toFixed(2)} s, median totalMs ${
      Math.round(median(results.map((r) => r.totalMs ?? 0)))
    }, median loadMs ${Math.round(median(results.map((r) => r.loadMs ?? 0)))}, ` +
    `median exitAfterReportMs ${Math.round(median(results.map((r) => r.exitAfterReportMs ?? 0)))}`,
);
const headMs = startText === undefined || byStart.length === 0
  ? undefined
  : Date.parse(byStart[0].startedAt) - Number(startText) * 1000;
console.log(
  `  between runs (previous run's end to next start, ${gaps.length} gaps): median ${
    Math.round(median(gaps))
  } ms, mean ${Math.round(sum(gaps) / Math.max(1, gaps.length))} ms; ` +
    `before the first run and after the last: ${((wallMs - span) / 1000).toFixed(1)} s` +
    (headMs === undefined
      ? ""
      : ` (before ${(headMs / 1000).toFixed(1)} s, after ${
        ((wallMs - span - headMs) / 1000).toFixed(1)
      } s)`),
);
try {
  const summary = JSON.parse(await Deno.readTextFile(`${folder}/summary.json`));
  for (const cell of summary.cells) {
    const active = cell.metrics.activeMs;
    if (active === undefined || cell.cell.hosts < 10) continue;
    console.log(
      `  ${cell.cell.hosts} x ${cell.cell.msgs} ${cell.cell.variant}: active ms median ${
        active.median.toFixed(0)
      }, IQR ${active.iqr.toFixed(0)} (n ${active.n})`,
    );
  }
  for (const comparison of summary.comparisons) {
    if (comparison.metric !== "activeMs" || comparison.hosts < 10) continue;
    const { ratio, low, high } = comparison.estimate;
    console.log(
      `  ${comparison.hosts} x ${comparison.msgs} ${comparison.variant}/${comparison.baseline} ` +
        `active ms ratio ${ratio.toFixed(3)} [${low.toFixed(3)}, ${high.toFixed(3)}]`,
    );
  }
} catch {
  // no summary (e.g. an interrupted bench)
}
