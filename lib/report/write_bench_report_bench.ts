// How long the report takes for a large bench: 600 counted runs (the Go project's grid, 4 host
// counts x 5 message counts x 2 variants x 15 iterations) plus 10 warm-ups per cell.
// Run: deno bench --allow-read --allow-write --allow-env lib/report/write_bench_report_bench.ts
import { createSeededRandom, type RunResult } from "../bench/mod.ts";
import { fakeRun, TEST_MEASUREMENTS } from "../bench/testdata/run_fixtures.ts";
import { writeBenchReport } from "./write_bench_report.ts";

const random = createSeededRandom(1);
const results: RunResult[] = [];
for (const hosts of [5, 10, 15, 20]) {
  for (const msgs of [20, 40, 60, 80, 100]) {
    for (const variant of ["default", "states"]) {
      for (let iteration = 0; iteration < 25; iteration++) {
        const spread = () => 0.85 + 0.3 * random.next();
        const activeMs = hosts * msgs * 3.2 * spread() * (variant === "states" ? 1.05 : 1);
        results.push(fakeRun({
          hosts,
          msgs,
          variant,
          warmup: iteration < 10,
          measured: {
            ...TEST_MEASUREMENTS,
            activeMs,
            totalMs: activeMs * 1.2,
            peakRssBytes: (100 + hosts * 7) * 2 ** 20 * spread(),
            heapUsedFinalBytes: (30 + hosts * 3) * 2 ** 20 * spread(),
            cpuMs: activeMs * 1.4 * spread(),
            latencyMs: { count: 100, p50: 5, p95: 20, p99: hosts * 3 * spread(), max: 100 },
            duplicatesPerDelivery: 2 + hosts / 10 * spread(),
            phasesMs: {
              init: activeMs * 0.1,
              subscribe: activeMs * 0.2,
              firstMessage: activeMs * 0.3,
              randomMessages: activeMs * 0.4,
              stop: activeMs * 0.05,
            },
            meshDegreeAtFirstPublish: Math.min(hosts - 1, 3 + Math.floor(4 * random.next())),
            meshDegreeMeanAtFirstPublish: Math.min(hosts - 1, 5 * spread()),
          },
        }));
      }
    }
  }
}
const dir = await Deno.makeTempDir({ prefix: "report_bench_" });
const resultsPath = `${dir}/results.ndjson`;
await Deno.writeTextFile(
  resultsPath,
  results.map((result) => JSON.stringify(result)).join("\n") + "\n",
);
console.log(`${results.filter((r) => !r.warmup).length} counted runs, ${results.length} in all`);

Deno.bench({
  name: "writeBenchReport, 600 counted runs (md, pdf, 8 charts as svg + png)",
  n: 5,
  warmup: 1,
  async fn() {
    await writeBenchReport(resultsPath, { outDir: `${dir}/report` });
  },
});
