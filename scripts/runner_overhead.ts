// Prints a bench's runner overhead from its results and its wall time:
//   deno run --allow-read scripts/runner_overhead.ts <results.ndjson> <wall seconds>
// overhead per run = (wall time - sum of the runs' totalMs) / runs.
import { parseResults } from "../lib/bench/results_store.ts";

const [path, wallText] = Deno.args;
if (path === undefined || wallText === undefined) {
  console.error("usage: runner_overhead.ts <results.ndjson> <wall seconds>");
  Deno.exit(2);
}
const { results } = parseResults(await Deno.readTextFile(path));
const wallMs = Number(wallText) * 1000;
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const totalMs = sum(results.map((r) => r.totalMs ?? 0));
const loads = results.map((r) => r.loadMs ?? 0);
const lingers = results.map((r) => r.exitAfterReportMs ?? 0);
console.log(JSON.stringify({
  runs: results.length,
  ok: results.filter((r) => r.ok).length,
  wallS: +(wallMs / 1000).toFixed(1),
  sumTotalS: +(totalMs / 1000).toFixed(1),
  overheadPerRunS: +((wallMs - totalMs) / results.length / 1000).toFixed(3),
  medianTotalMs: Math.round(median(results.map((r) => r.totalMs ?? 0))),
  medianLoadMs: Math.round(median(loads)),
  medianExitAfterReportMs: Math.round(median(lingers)),
}));
