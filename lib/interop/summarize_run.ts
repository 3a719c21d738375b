/**
 * The summary of a local interop run, and its check against test-plans' own analysis of the same
 * logs. Two clocks are reported side by side:
 *
 * - ours counts from the publish call (the `Published Message` event carries the time the call
 *   started) to each other node's first reception: what a user waits;
 * - test-plans' `analyze_message_deliveries.py` counts from the first reception anywhere, so it
 *   leaves out the first hop (for a 96 KiB message on a 50 Mbit/s link, tens of milliseconds).
 *
 * Percentiles are linear between closest ranks (numpy's default, R's type 7).
 *
 * @module
 */
import { InteropError } from "./interop_error.ts";
import type { MessageDeliveries } from "./summarize_deliveries.ts";

/** Percentiles of a set of milliseconds. */
export interface Percentiles {
  count: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  maxMs: number | undefined;
}

/** What {@linkcode summarizeRun} returns. */
export interface InteropRunSummary {
  nodeCount: number;
  /** The messages measured (after the warm-up ones), in order. */
  messages: MessageDeliveries[];
  /** Ids of the warm-up messages left out. */
  skipped: string[];
  /** Every measured message reached every node but its publisher. */
  allReached: boolean;
  /** Nodes reached over nodes that could be, all measured messages together. */
  reach: number;
  /** From the publish call to each reception: every delivery of every measured message. */
  deliveryFromPublish: Percentiles;
  /** From the publish call until the last node had it, one value per message. */
  spreadFromPublish: Percentiles;
  /** test-plans' "Time to Disseminate" column, one value per message. */
  testPlansDisseminate: Percentiles;
  /** test-plans' "p50 to Disseminate" column, one value per message. */
  testPlansP50: Percentiles;
  /** test-plans' "Avg Duplicate Count", averaged over the messages. */
  avgDuplicates: number | undefined;
}

/**
 * The `q` quantile (0 to 1) of ascending `sorted`, linear between closest ranks;
 * `undefined` for no values.
 */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** p50, p99 and max of `values` (any order). */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1),
  };
}

/**
 * Summarizes a run's messages, leaving out the first `skip` (warm-up; test-plans' `run.py`
 * skips 4).
 *
 * @param nodeCount nodes in the run (each message could reach `nodeCount - 1`)
 */
export function summarizeRun(
  messages: readonly MessageDeliveries[],
  nodeCount: number,
  options: { skip?: number } = {},
): InteropRunSummary {
  const skip = options.skip ?? 0;
  const measured = messages.slice(skip);
  const possible = measured.length * Math.max(0, nodeCount - 1);
  const reachedCount = measured.reduce((sum, message) => sum + message.reached.length, 0);
  const duplicates = measured.map((message) => message.testPlans.avgDuplicates);
  return {
    nodeCount,
    messages: measured,
    skipped: messages.slice(0, skip).map((message) => message.id),
    allReached: measured.every((message) => message.reached.length === nodeCount - 1),
    reach: possible === 0 ? 0 : reachedCount / possible,
    deliveryFromPublish: percentiles(measured.flatMap((message) => message.latenciesMs)),
    spreadFromPublish: percentiles(measured.flatMap((message) => message.spreadMs ?? [])),
    testPlansDisseminate: percentiles(measured.map((message) => message.testPlans.disseminateMs)),
    testPlansP50: percentiles(measured.map((message) => message.testPlans.p50Ms)),
    avgDuplicates: duplicates.length === 0
      ? undefined
      : duplicates.reduce((a, b) => a + b, 0) / duplicates.length,
  };
}

/** The summary as lines for a terminal or summary.txt. */
export function formatRunSummary(summary: InteropRunSummary): string[] {
  const ms = (value: number | undefined): string => value === undefined ? "-" : value.toFixed(1);
  const lines = [
    "message  publisher  reached  missed  p50 ms  p99 ms  all ms  | test-plans: disseminate ms  " +
    "p50 ms  avg dup",
  ];
  for (const message of summary.messages) {
    const sorted = message.latenciesMs;
    lines.push(
      [
        message.id.padStart(7),
        String(message.publisher ?? "?").padStart(9),
        `${message.reached.length}/${summary.nodeCount - 1}`.padStart(7),
        (message.missed.length === 0 ? "-" : message.missed.join(",")).padStart(6),
        ms(quantile(sorted, 0.5)).padStart(6),
        ms(quantile(sorted, 0.99)).padStart(6),
        ms(message.spreadMs).padStart(6),
        " |",
        ms(message.testPlans.disseminateMs).padStart(27),
        ms(message.testPlans.p50Ms).padStart(6),
        message.testPlans.avgDuplicates.toFixed(2).padStart(8),
      ].join("  "),
    );
  }
  const skipped = summary.skipped.length === 0
    ? ""
    : ` (warm-up messages left out: ${summary.skipped.join(", ")})`;
  const p = (value: { p50Ms: number | undefined; p99Ms: number | undefined }) =>
    `p50 ${ms(value.p50Ms)} ms, p99 ${ms(value.p99Ms)} ms`;
  lines.push(
    `${summary.messages.length} messages${skipped}; reach ${(summary.reach * 100).toFixed(1)}% of ${
      summary.nodeCount - 1
    } nodes${summary.allReached ? " (every message, every node)" : ""}`,
    `from the publish call: each delivery ${p(summary.deliveryFromPublish)}; ` +
      `until all had it ${p(summary.spreadFromPublish)}`,
    `test-plans' measure (from the first delivery): time to disseminate ${
      p(summary.testPlansDisseminate)
    }; p50 to disseminate ${p(summary.testPlansP50)}; avg duplicates ${
      summary.avgDuplicates?.toFixed(2) ?? "-"
    }`,
  );
  return lines;
}

/** A row of test-plans' `plots/analysis.txt`. */
export interface TestPlansAnalysisRow {
  id: string;
  disseminateMs: number;
  p50Ms: number;
  avgDuplicates: number;
  reach: number;
}

/**
 * Reads test-plans' `analysis.txt` (`Message ID, Time to Disseminate, p50 to Disseminate,
 * Avg Duplicate Count, Reached percent`, then `31, 0.41s, 0.2s, 1.5, 1.0` per message).
 *
 * @throws {InteropError} naming the line that does not fit
 */
export function parseTestPlansAnalysis(text: string, source: string): TestPlansAnalysisRow[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (!lines[0]?.startsWith("Message ID,")) {
    throw new InteropError(
      `${source}:1: expected the header "Message ID, Time to Disseminate, ..."`,
    );
  }
  return lines.slice(1).map((line, index) => {
    const fields = line.split(",").map((field) => field.trim());
    const seconds = (field: string | undefined) =>
      field !== undefined && field.endsWith("s") ? Number(field.slice(0, -1)) : Number.NaN;
    const row = {
      id: fields[0],
      disseminateMs: seconds(fields[1]) * 1000,
      p50Ms: seconds(fields[2]) * 1000,
      avgDuplicates: Number(fields[3]),
      reach: Number(fields[4]),
    };
    if (fields.length !== 5 || Object.values(row).some((value) => Number.isNaN(value))) {
      throw new InteropError(
        `${source}:${index + 2}: expected "id, <seconds>s, <seconds>s, <number>, <number>", got ${
          JSON.stringify(line)
        }`,
      );
    }
    return row;
  });
}

/** What {@linkcode compareWithTestPlans} found. */
export interface TestPlansComparison {
  /** One line per figure: ours, theirs, relative difference. */
  lines: string[];
  /** The largest relative difference of the compared percentiles (0.05 is 5%). */
  maxRelativeDifference: number;
  /** Messages one side has and the other has not. */
  unmatched: string[];
}

/**
 * Compares a summary with test-plans' analysis of the same logs: the p50 and p99 over messages
 * of both time columns, the mean duplicates and the reach, and which messages each side has.
 */
export function compareWithTestPlans(
  summary: InteropRunSummary,
  rows: readonly TestPlansAnalysisRow[],
): TestPlansComparison {
  const ours = new Set(summary.messages.map((message) => message.id));
  const theirs = new Set(rows.map((row) => row.id));
  const unmatched = [
    ...[...ours].filter((id) => !theirs.has(id)).map((id) => `${id} (only ours)`),
    ...[...theirs].filter((id) => !ours.has(id)).map((id) => `${id} (only test-plans')`),
  ];
  const disseminate = percentiles(rows.map((row) => row.disseminateMs));
  const p50 = percentiles(rows.map((row) => row.p50Ms));
  const mean = (values: number[]) =>
    values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
  const pairs: Array<[string, number | undefined, number | undefined]> = [
    ["time to disseminate p50", summary.testPlansDisseminate.p50Ms, disseminate.p50Ms],
    ["time to disseminate p99", summary.testPlansDisseminate.p99Ms, disseminate.p99Ms],
    ["p50 to disseminate p50", summary.testPlansP50.p50Ms, p50.p50Ms],
    ["p50 to disseminate p99", summary.testPlansP50.p99Ms, p50.p99Ms],
    ["avg duplicates", summary.avgDuplicates, mean(rows.map((row) => row.avgDuplicates))],
    ["reach", summary.reach, mean(rows.map((row) => row.reach))],
  ];
  let maxRelativeDifference = 0;
  const lines = pairs.map(([name, our, their]) => {
    if (our === undefined || their === undefined) {
      return `${name}: ours ${our}, test-plans ${their}`;
    }
    const relative = their === 0 ? (our === 0 ? 0 : Infinity) : Math.abs(our - their) / their;
    maxRelativeDifference = Math.max(maxRelativeDifference, relative);
    return `${name}: ours ${our.toFixed(3)}, test-plans ${their.toFixed(3)} (${
      (relative * 100).toFixed(2)
    }% apart)`;
  });
  return { lines, maxRelativeDifference, unmatched };
}
