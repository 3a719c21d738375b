// Prints what scripts/measure_scale.sh reports of one bench: per counted run its cell, variant and
// shards, whether every message reached every host, active time, CPU, peak RSS (the run's one
// process: every shard is a thread of it) and RSS per host; then per variant the median active
// time, and the ratio of the first variant's median to each other's (how much faster).
//   deno run --allow-read scripts/summarize_scale.ts <bench folder>
import { parseResults } from "../lib/bench/results_store.ts";
import { isCounted } from "../lib/bench/run_result.ts";

const [folder] = Deno.args;
if (folder === undefined) {
  console.error("usage: summarize_scale.ts <bench folder>");
  Deno.exit(2);
}
const { results } = parseResults(await Deno.readTextFile(`${folder}/results.ndjson`));
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const s = (ms: number | undefined): string => ms === undefined ? "-" : (ms / 1000).toFixed(1);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const byVariant = new Map<string, number[]>();
for (const run of results.filter(isCounted)) {
  const { hosts, msgs, variant } = run.cell;
  const head = `${hosts} x ${msgs} ${variant} shards ${run.shards ?? 1} #${run.iteration}`;
  if (!run.ok || run.activeMs === undefined) {
    const reached = run.reached === undefined ? "" : ` (reached ${JSON.stringify(run.reached)})`;
    console.log(`${head}: FAILED ${run.failure}${reached}`);
    continue;
  }
  const m = run as Required<typeof run>;
  const full = m.messagesMissed === 0 ? "full delivery" : `${m.messagesMissed} MISSED`;
  console.log(
    `${head}: ${full} (${m.messagesDelivered}/${m.messagesExpected}), active ${s(m.activeMs)} s ` +
      `(phases ${Object.entries(m.phasesMs).map(([k, v]) => `${k} ${s(v)}`).join(", ")}), ` +
      `CPU ${s(m.cpuMs)} s, peak RSS ${mib(m.peakRssBytes)} MiB ` +
      `(${(m.peakRssBytes / hosts / 2 ** 20).toFixed(2)} MiB/host), ` +
      `readyTopicPeers ${run.readyTopicPeers ?? "-"}`,
  );
  byVariant.set(variant, [...(byVariant.get(variant) ?? []), m.activeMs]);
}
const medians = [...byVariant].map(([variant, times]) => [variant, median(times)] as const);
for (const [variant, ms] of medians) {
  console.log(`median active ${variant}: ${s(ms)} s over ${byVariant.get(variant)!.length} runs`);
}
for (const [variant, ms] of medians.slice(1)) {
  console.log(`${medians[0][0]} / ${variant}: ${(medians[0][1] / ms).toFixed(2)}x`);
}
