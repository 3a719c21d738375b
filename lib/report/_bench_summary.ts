/**
 * The report's summary in words: per variant and metric the largest cell's change with its
 * interval, how many cells show a sure change, and what changed against a baseline bench.
 *
 * @module
 */
import type { VariantComparison } from "../bench/mod.ts";
import type { BaselineBench, BenchReportInput } from "./bench_document.ts";
import { metricWords } from "./_chart_tables.ts";
import type { ReportBlock, RichText } from "./report_document.ts";

type _RatioEstimate = VariantComparison["estimate"];

/** Metrics the summary puts into words, with the words. */
const _SUMMARY_METRICS: Record<string, string> = {
  activeMs: "active time",
  peakRssBytes: "peak RSS",
};

/**
 * The "Summary" section; see `buildBenchDocument` for the wording.
 *
 * @param input the bench; not modified
 */
export function summaryBlocks({ comparisons, cells, baseline }: BenchReportInput): ReportBlock[] {
  const sentences: RichText[] = _summarySentences(comparisons);
  if (comparisons.length === 0) {
    sentences.push("Only one variant ran, so there is nothing to compare.");
  }
  const runs = cells.reduce((sum, cell) => sum + cell.runs, 0);
  const failures = cells.reduce((sum, cell) => sum + cell.failures, 0);
  sentences.push(`${runs} counted runs, ${failures} failed.`);
  const confidence = comparisons[0]?.estimate.confidence;
  const blocks: ReportBlock[] = [{ kind: "heading", level: 2, text: "Summary" }];
  if (confidence !== undefined) {
    blocks.push({
      kind: "paragraph",
      text: [
        { text: "Ratios of medians against " },
        { text: comparisons[0].baseline, code: true },
        {
          text: `, with ${Math.round(confidence * 100)}% bootstrap intervals, as percent changes.`,
        },
      ],
    });
  }
  blocks.push({ kind: "list", ordered: false, items: sentences.map((text) => ({ text })) });
  if (baseline) blocks.push(..._baselineSummary(baseline));
  return blocks;
}

/**
 * Per variant and summary metric: the largest cell's comparison in words, then, when there are
 * more cells, how many of them show a change the interval is sure of (up to three named).
 */
function _summarySentences(comparisons: readonly VariantComparison[]): string[] {
  const groups = new Map<string, VariantComparison[]>();
  for (const comparison of comparisons) {
    if (!(comparison.metric in _SUMMARY_METRICS)) continue;
    const key = `${comparison.variant}/${comparison.metric}`;
    groups.set(key, [...groups.get(key) ?? [], comparison]);
  }
  const sentences: string[] = [];
  for (const group of groups.values()) {
    const largest = group.reduce((best, comparison) =>
      comparison.hosts * comparison.msgs > best.hosts * best.msgs ? comparison : best
    );
    sentences.push(_sentence(largest));
    if (group.length < 2) continue;
    const sure = group.filter(({ estimate: { low, high } }) =>
      low !== null && high !== null && (low > 1 || high < 1)
    );
    const named = sure.slice(0, 3).map((comparison) =>
      `${_percent(comparison.estimate.ratio!)}% at ${comparison.hosts} x ${comparison.msgs}`
    );
    sentences.push(
      `${largest.variant}, ${_SUMMARY_METRICS[largest.metric]} over all ${group.length} cells: ` +
        `the interval excludes no change in ${sure.length}` +
        (named.length > 0 ? ` (${named.join(", ")}${sure.length > 3 ? ", ..." : ""})` : "") +
        `; per cell in the table below.`,
    );
  }
  return sentences;
}

/** One comparison in words; see {@linkcode buildBenchDocument} for the format. */
function _sentence(comparison: VariantComparison): string {
  const { variant, hosts, msgs, metric, estimate } = comparison;
  const where = `${_SUMMARY_METRICS[metric]} at ${hosts} hosts x ${msgs} messages`;
  const change = _changeWords(estimate);
  if (change === null) return `${variant}: no ratio for ${where} (no usable runs on one side).`;
  return `${variant} ${change} ${where}${_includesNoChange(estimate)}.`;
}

/** "costs +4.1% [+2.0, +6.3]", "saves 3.2% [-5.0, -1.0]", "matches (+0.0%)"; null without ratio. */
function _changeWords({ ratio, low, high }: _RatioEstimate): string | null {
  if (ratio === null) return null;
  const percent = _percent(ratio);
  const change = ratio > 1
    ? `costs ${percent}%`
    : ratio < 1
    ? `saves ${percent.slice(1)}%`
    : `matches (${percent}%)`;
  const interval = low !== null && high !== null ? ` [${_percent(low)}, ${_percent(high)}]` : "";
  return `${change}${interval}`;
}

function _includesNoChange({ low, high }: _RatioEstimate): string {
  return low !== null && high !== null && low <= 1 && 1 <= high
    ? " (the CI includes no change)"
    : "";
}

function _baselineSummary(baseline: BaselineBench): ReportBlock[] {
  const band = `±${(baseline.noiseThreshold * 100).toFixed(0)}%`;
  const flagged = baseline.comparisons.filter((comparison) => comparison.change !== null);
  const lead: ReportBlock = {
    kind: "paragraph",
    text: [
      { text: "Against the baseline " },
      { text: baseline.benchId, code: true },
      {
        text:
          ` (this bench over it, per cell and variant): ${flagged.length} of ${baseline.comparisons.length} figures changed beyond the ${band} noise band, judged by the whole 95% interval.`,
      },
    ],
  };
  if (baseline.comparisons.length === 0) {
    return [{
      kind: "paragraph",
      text: [
        { text: "The baseline " },
        { text: baseline.benchId, code: true },
        { text: " has no cell in common with this bench, so nothing was compared." },
      ],
    }];
  }
  if (flagged.length === 0) return [lead];
  return [lead, {
    kind: "list",
    ordered: false,
    items: flagged.map((comparison) => {
      return {
        text: `${comparison.variant} ${
          comparison.change === "higher" ? "is higher:" : "is lower:"
        } ${_changeWords(comparison.estimate)?.replace(/^(costs|saves) /, "") ?? ""} ${
          metricWords(comparison.metric)
        } at ${comparison.hosts} hosts x ${comparison.msgs} messages.`,
      };
    }),
  }];
}

/** Ratio -> signed percent change with one decimal: 1.041 -> "+4.1", 0.968 -> "-3.2". */
function _percent(ratio: number): string {
  const text = ((ratio - 1) * 100).toFixed(1);
  if (Number(text) === 0) return "+0.0";
  return text.startsWith("-") ? text : `+${text}`;
}
