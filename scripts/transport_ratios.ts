/**
 * The transport variants' figures from one or more bench results files, as docs/transport.md
 * reports them: each new variant against `default` (and `deno-native` against `deno-tcp`, the
 * second step's own share), for CPU time and active time, with the project's paired comparison
 * (`compareVariants`: Wilcoxon signed-rank test of the per-round log ratios, the Hodges-Lehmann
 * ratio with its exact 95% interval, and the verdict), then whether the issue's targets are met.
 *
 *     deno run --allow-read scripts/transport_ratios.ts results/<bench>/results.ndjson [more]
 *
 * Bad input gets one line on stderr and exit code 2.
 *
 * @module
 */
// the modules themselves, not lib/bench/mod.ts: that one loads the CLI's terminal libraries,
// which read the environment
import { compareVariants, type VariantComparison } from "../lib/bench/summarize_results.ts";
import { readResults, ResultsFileError } from "../lib/bench/results_store.ts";
import type { RunResult } from "../lib/bench/run_result.ts";

/** A target of issue 18: the fastest new variant at or under `max` times `default`. */
interface TransportTarget {
  name: string;
  metric: string;
  pattern: string;
  hosts: number;
  msgs: number;
  max: number;
}

const TARGETS: readonly TransportTarget[] = [
  { name: "CPU per run", metric: "cpuMs", pattern: "serial", hosts: 20, msgs: 100, max: 0.7 },
  { name: "active time", metric: "activeMs", pattern: "burst", hosts: 100, msgs: 100, max: 0.75 },
];

/** The comparisons printed: [variant, baseline]. */
const PAIRS: readonly (readonly [string, string])[] = [
  ["deno-tcp", "default"],
  ["deno-native", "default"],
  ["deno-native", "deno-tcp"],
];

/** Bad input to {@linkcode transportRatiosCommand}. */
export class TransportRatiosError extends Error {
  /** Creates a TransportRatiosError. */
  constructor(message: string) {
    super(message);
    this.name = "TransportRatiosError";
  }
}

/** Reads the results files named by `args` and returns the Markdown to print. */
export async function transportRatiosCommand(args: readonly string[]): Promise<string> {
  if (args.length === 0 || args.some((arg) => arg.startsWith("-"))) {
    throw new TransportRatiosError(
      "transport_ratios.ts: give one or more results.ndjson files (no flags); " +
        "usage: transport_ratios.ts <results.ndjson> [more]",
    );
  }
  const lines = [
    "| cell | pattern | variant / baseline | metric | ratio | 95% CI | pairs | verdict |",
    "| --- | --- | --- | --- | ---: | --- | ---: | --- |",
  ];
  const targetLines: string[] = [];
  for (const file of args) {
    const { results } = await readResults(file);
    if (results.length === 0) {
      throw new TransportRatiosError(
        `transport_ratios.ts: "${file}" holds no run results (missing, empty or not a results file)`,
      );
    }
    const pattern = results[0].scenario.pattern;
    const variants = new Set(results.map((result) => result.cell.variant));
    for (const [variant, baseline] of PAIRS) {
      if (!variants.has(variant) || !variants.has(baseline)) continue;
      for (const comparison of _compare(results, variant, baseline)) {
        lines.push(_row(comparison, pattern));
        const target = TARGETS.find((t) =>
          baseline === "default" && t.metric === comparison.metric && t.pattern === pattern &&
          t.hosts === comparison.hosts && t.msgs === comparison.msgs
        );
        if (target) targetLines.push(_targetLine(target, comparison));
      }
    }
  }
  if (lines.length === 2) {
    throw new TransportRatiosError(
      "transport_ratios.ts: no file holds default and deno-tcp or deno-native runs",
    );
  }
  return [...lines, "", ...targetLines].join("\n").trimEnd();
}

function _compare(
  results: readonly RunResult[],
  variant: string,
  baseline: string,
): VariantComparison[] {
  // one family per pair, so the verdict of one pair does not depend on which others are printed
  const pair = results.filter((result) =>
    result.cell.variant === variant || result.cell.variant === baseline
  );
  return compareVariants(pair, { baseline, metrics: ["cpuMs", "activeMs"] });
}

function _row(c: VariantComparison, pattern: string): string {
  const { ratio, low, high } = c.estimate;
  const interval = low === null ? c.test.status : `[${_f(low)}, ${_f(high)}]`;
  return `| ${c.hosts} x ${c.msgs} | ${pattern} | ${c.variant} / ${c.baseline} | ${c.metric} | ${
    _f(ratio)
  } | ${interval} | ${c.test.nVariant} | ${c.verdict} |`;
}

function _targetLine(target: TransportTarget, c: VariantComparison): string {
  const { ratio, high } = c.estimate;
  const head =
    `${target.name} at ${target.hosts} x ${target.msgs} ${target.pattern}, ${c.variant}` +
    ` (target <= ${target.max}): ratio ${_f(ratio)}, CI high ${_f(high)}:`;
  if (ratio === null || high === null) return `${head} no interval (${c.test.status})`;
  if (high <= target.max) return `${head} met, whole interval`;
  if (ratio <= target.max) return `${head} met by the ratio, not by the whole interval`;
  return `${head} not met`;
}

function _f(value: number | null): string {
  return value === null ? "-" : value.toFixed(3);
}

if (import.meta.main) {
  try {
    console.log(await transportRatiosCommand(Deno.args));
  } catch (error) {
    if (error instanceof TransportRatiosError || error instanceof ResultsFileError) {
      console.error(error.message);
      Deno.exit(2);
    }
    throw error;
  }
}
