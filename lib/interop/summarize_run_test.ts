// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import type { MessageDeliveries } from "./summarize_deliveries.ts";
import {
  compareWithTestPlans,
  formatRunSummary,
  parseTestPlansAnalysis,
  percentiles,
  quantile,
  summarizeRun,
} from "./summarize_run.ts";

/** A message of a 4-node run: latencies from the publish, and test-plans' two times. */
function message(
  id: string,
  latenciesMs: number[],
  testPlans: { disseminateMs: number; p50Ms: number },
): MessageDeliveries {
  const reached = latenciesMs.map((_, index) => index + 1);
  return {
    id,
    publisher: 0,
    publishedAtMs: 0,
    reached,
    missed: [1, 2, 3].filter((node) => !reached.includes(node)),
    firstAtMs: new Map(reached.map((node, index) => [node, latenciesMs[index]])),
    latenciesMs,
    spreadMs: latenciesMs.at(-1),
    duplicates: new Map(),
    testPlans: { ...testPlans, avgDuplicates: 1, reach: latenciesMs.length / 3 },
  };
}

Deno.test("quantile interpolates between closest ranks, as numpy does", () => {
  assertEquals(quantile([10, 20, 30, 40], 0.5), 25);
  assertEquals(quantile([10, 20, 30, 40], 0.99)!.toFixed(6), "39.700000");
  assertEquals(quantile([7], 0.99), 7);
  assertEquals(quantile([], 0.5), undefined);
  assertEquals(percentiles([3, 1, 2]), { count: 3, p50Ms: 2, p99Ms: 2.98, maxMs: 3 });
});

Deno.test("summarizeRun leaves out warm-up messages and pools the deliveries", () => {
  const messages = [
    message("0", [500, 600, 700], { disseminateMs: 200, p50Ms: 100 }),
    message("1", [10, 20, 30], { disseminateMs: 20, p50Ms: 10 }),
    message("2", [40, 50], { disseminateMs: 10, p50Ms: 10 }),
  ];
  const summary = summarizeRun(messages, 4, { skip: 1 });
  assertEquals(summary.skipped, ["0"]);
  assertEquals(summary.messages.map((m) => m.id), ["1", "2"]);
  assertEquals(summary.allReached, false);
  assertEquals(summary.reach, 5 / 6);
  // Deliveries 10, 20, 30, 40, 50: p50 30, p99 at rank 3.96 = 49.6.
  assertEquals(summary.deliveryFromPublish, { count: 5, p50Ms: 30, p99Ms: 49.6, maxMs: 50 });
  assertEquals(summary.spreadFromPublish.p50Ms, 40);
  assertEquals(summary.testPlansDisseminate.p50Ms, 15);
  assertEquals(summary.avgDuplicates, 1);
  const text = formatRunSummary(summary).join("\n");
  assertEquals(text.includes("reach 83.3% of 3 nodes"), true, text);
  assertEquals(text.includes("warm-up messages left out: 0"), true, text);
});

Deno.test("parseTestPlansAnalysis reads analysis.txt and refuses a row that does not fit", () => {
  const text = "Message ID, Time to Disseminate, p50 to Disseminate, Avg Duplicate Count, " +
    "Reached percent\n4, 0.412345s, 0.2s, 1.5, 1.0\n5, 0.3s, 0.15s, 1.25, 0.9333\n";
  assertEquals(parseTestPlansAnalysis(text, "a.txt"), [
    { id: "4", disseminateMs: 412.345, p50Ms: 200, avgDuplicates: 1.5, reach: 1 },
    { id: "5", disseminateMs: 300, p50Ms: 150, avgDuplicates: 1.25, reach: 0.9333 },
  ]);
  throws(() => parseTestPlansAnalysis(`${text}6, soon, 0.1s, 1, 1\n`, "a.txt"), {
    name: "InteropError",
    message: 'a.txt:4: expected "id, <seconds>s, <seconds>s, <number>, <number>", got ' +
      '"6, soon, 0.1s, 1, 1"',
  });
  throws(() => parseTestPlansAnalysis("4, 1s, 1s, 1, 1\n", "a.txt"), { name: "InteropError" });
});

Deno.test("compareWithTestPlans finds equal figures 0% apart and names unmatched messages", () => {
  const summary = summarizeRun([
    message("1", [10, 20, 30], { disseminateMs: 20, p50Ms: 10 }),
    message("2", [40, 50, 60], { disseminateMs: 40, p50Ms: 12 }),
  ], 4);
  const same = compareWithTestPlans(summary, [
    { id: "1", disseminateMs: 20, p50Ms: 10, avgDuplicates: 1, reach: 1 },
    { id: "2", disseminateMs: 40, p50Ms: 12, avgDuplicates: 1, reach: 1 },
  ]);
  assertEquals([same.maxRelativeDifference, same.unmatched], [0, []]);
  const off = compareWithTestPlans(summary, [
    { id: "1", disseminateMs: 20, p50Ms: 10, avgDuplicates: 1, reach: 1 },
    { id: "3", disseminateMs: 50, p50Ms: 12, avgDuplicates: 1, reach: 1 },
  ]);
  // Disseminate, ours [20, 40], theirs [20, 50]: p50 30 vs 35 (14.3% apart), p99 39.8 vs 49.7
  // (19.9% apart, the largest).
  assertEquals(off.maxRelativeDifference.toFixed(4), "0.1992");
  assertEquals(off.unmatched, ["2 (only ours)", "3 (only test-plans')"]);
});
