/**
 * The bench report as Markdown: what ran, where, a worded summary, one section per chart with the
 * table behind it, and the traces note. Pure: the caller supplies the time and the file names,
 * and writes the text.
 *
 * @module
 */
import type { CellSummary, RunResult, VariantComparison } from "../bench/mod.ts";
import type { ScenarioConfig, VariantSpec } from "../config/mod.ts";
import type { ChartSpec } from "./chart_spec.ts";

/** The machine a bench ran on. Derived because `lib/bench/mod.ts` does not export the type. */
type _RunEnvironment = RunResult["environment"];
type _SampleSummary = CellSummary["metrics"][string];
type _RatioEstimate = VariantComparison["estimate"];

/** One chart of the report and where its SVG lies, relative to the Markdown file. */
export interface BenchMarkdownChart {
  spec: ChartSpec;
  /** Relative path of the SVG, e.g. `"bench-active-time.svg"`. */
  file: string;
}

/** Everything {@linkcode renderBenchMarkdown} writes about; nothing is read elsewhere. */
export interface BenchMarkdownInput {
  /** @default "libp2p pub/sub benchmark" */
  title?: string;
  /** ISO time the report was made, given by the caller (the renderer reads no clock). */
  generatedAt: string;
  benchId: string;
  /** Relative path of the results file, shown in the report. */
  resultsFile: string;
  /** Per-cell summaries, e.g. from `summarizeResults`. */
  cells: CellSummary[];
  /** Variant-against-baseline ratios, e.g. from `compareVariants`. */
  comparisons: VariantComparison[];
  /** The variant others are divided by. @default the baseline of the first comparison */
  baseline?: string;
  /** Charts in report order. */
  charts: BenchMarkdownChart[];
  /** Absent when the runs did not record one. */
  environment?: _RunEnvironment;
  scenario?: ScenarioConfig;
  /** The variants that ran, by name. */
  variants: Record<string, VariantSpec>;
  matrix: {
    hosts: number[];
    msgs: number[];
    variants: string[];
    iterations: number;
    warmups: number;
    seed: number;
  };
  /** @default "No traces were recorded for this bench (tracing arrives with the telemetry work)." */
  tracesNote?: string;
}

const _MIB = 2 ** 20;
const _GIB = 2 ** 30;
const _NONE = "—";
/** Packages whose versions decide what is measured; others are listed in deno.json. */
const _KEY_PACKAGES = [
  "libp2p",
  "@libp2p/gossipsub",
  "@chainsafe/libp2p-gossipsub",
  "@libp2p/floodsub",
  "xstate",
];
/** Metrics the summary puts into words, with the words. */
const _SUMMARY_METRICS: Record<string, string> = {
  activeMs: "active time",
  peakRssBytes: "peak RSS",
};

interface _ChartTable {
  /** A `METRICS` key. */
  metric: string;
  /** The chart's unit, for the sentence above the table. */
  unit: string;
  /** From the metric's unit to the chart's, as text. */
  format(value: number): string;
}

const _formatMs = (ms: number) => Math.abs(ms) < 10 ? ms.toFixed(1) : ms.toFixed(0);
const _formatMib = (bytes: number) => (bytes / _MIB).toFixed(1);

/** Chart id -> the metric its table shows; the failures chart has its own table. */
const _CHART_TABLES: Record<string, _ChartTable> = {
  "active-time": { metric: "activeMs", unit: "ms", format: _formatMs },
  "peak-rss": { metric: "peakRssBytes", unit: "MiB", format: _formatMib },
  "final-heap": { metric: "heapUsedFinalBytes", unit: "MiB", format: _formatMib },
  "cpu-time": { metric: "cpuMs", unit: "s", format: (ms) => (ms / 1000).toFixed(2) },
  "p99-latency": { metric: "latencyMs.p99", unit: "ms", format: _formatMs },
  "duplicates": {
    metric: "duplicatesPerDelivery",
    unit: "duplicates per delivery",
    format: (value) => value.toFixed(2),
  },
};

/**
 * Renders the bench report as Markdown.
 *
 * Sections, in order: title and provenance, "What was run", "Environment", "Summary", one
 * section per chart (image, then its table), "Traces". Table medians and IQRs are the cells'
 * `SampleSummary` figures in the chart's unit: ms as integers (one decimal below 10), bytes as
 * MiB with one decimal, CPU ms as seconds with two decimals, duplicates with two decimals.
 *
 * The summary has one sentence per `activeMs` and `peakRssBytes` comparison, e.g.
 * `- states costs +4.1% [+2.0, +6.3] active time at 20 hosts x 100 messages.`: the ratio r as
 * (r - 1) x 100 percent, "costs" above 1, "saves" (with the absolute percentage) below 1,
 * "matches" at 1; the bracket is the interval as signed percent changes, and
 * ` (the CI includes no change)` comes before the full stop when low <= 1 <= high.
 *
 * @example
 * ```ts
 * const markdown = renderBenchMarkdown({ generatedAt: new Date().toISOString(), ...rest });
 * await Deno.writeTextFile(`${dir}/report.md`, markdown);
 * ```
 *
 * @param input the bench's summaries, charts and provenance; not modified
 */
export function renderBenchMarkdown(input: BenchMarkdownInput): string {
  const baseline = input.baseline ?? input.comparisons[0]?.baseline;
  const lines = [
    `# ${input.title ?? "libp2p pub/sub benchmark"}`,
    "",
    `Generated ${input.generatedAt} · bench \`${input.benchId}\` · results \`${input.resultsFile}\``,
    "",
    ..._whatWasRun(input),
    ..._environment(input.environment),
    ..._summary(input),
  ];
  for (const chart of input.charts) lines.push(..._chartSection(chart, input, baseline));
  lines.push(
    "## Traces",
    "",
    input.tracesNote ??
      "No traces were recorded for this bench (tracing arrives with the telemetry work).",
    "",
  );
  return lines.join("\n");
}

function _whatWasRun({ scenario, matrix, variants }: BenchMarkdownInput): string[] {
  const pattern = scenario
    ? scenario.pattern === "serial"
      ? "serial (each reaches every host before the next is published)"
      : "burst (all published at once)"
    : "in the configured pattern";
  const topic = scenario ? ` \`${scenario.topic}\`` : "";
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  const rows = Object.entries(variants).map(([name, spec]) => [
    name,
    spec.stack,
    spec.router,
    spec.orchestration,
    spec.transport === "memory" && spec.memoryLatencyMs > 0
      ? `memory (${spec.memoryLatencyMs} ms latency)`
      : spec.transport,
    spec.encryption,
    Object.keys(spec.gossipsub).length === 0 ? "defaults" : JSON.stringify(spec.gossipsub),
  ]);
  return [
    "## What was run",
    "",
    "1. Init: start n hosts with mock discovery.",
    `2. Subscribe: every host joins the topic${topic}.`,
    "3. First message: host 0 publishes after bootstrap; it reaches its n-1 topic peers.",
    `4. Random messages: m messages from random hosts, ${pattern}.`,
    "5. Stop: every host stops (not part of active time).",
    "",
    `- Hosts (n): ${matrix.hosts.join(", ")}`,
    `- Messages (m): ${matrix.msgs.join(", ")}`,
    `- Variants: ${matrix.variants.join(", ")}`,
    `- ${plural(matrix.iterations, "iteration")} and ${
      plural(matrix.warmups, "warm-up")
    } per cell, seed ${matrix.seed}`,
    "",
    ..._table(
      [
        "variant",
        "stack",
        "router",
        "orchestration",
        "transport",
        "encryption",
        "gossipsub options",
      ],
      rows,
    ),
    "",
  ];
}

function _environment(environment: _RunEnvironment | undefined): string[] {
  if (!environment) {
    return ["## Environment", "", "The environment was not recorded for this bench.", ""];
  }
  const packages = _KEY_PACKAGES
    .filter((name) => environment.packages[name] !== undefined)
    .map((name) => `  - ${name}: \`${environment.packages[name]}\``);
  return [
    "## Environment",
    "",
    `- Deno ${environment.deno}, V8 ${environment.v8}, TypeScript ${environment.typescript}`,
    `- OS: ${environment.os}`,
    `- CPU: ${environment.cpuModel} x ${environment.cpuCount}`,
    `- Memory: ${(environment.memoryBytes / _GIB).toFixed(1)} GiB`,
    `- Git commit: \`${environment.gitCommit}\``,
    ...(packages.length > 0 ? ["- Packages:", ...packages] : []),
    "",
  ];
}

function _summary({ comparisons, cells }: BenchMarkdownInput): string[] {
  const sentences = comparisons
    .filter((comparison) => comparison.metric in _SUMMARY_METRICS)
    .map(_sentence);
  if (comparisons.length === 0) {
    sentences.push("- Only one variant ran, so there is nothing to compare.");
  }
  const runs = cells.reduce((sum, cell) => sum + cell.runs, 0);
  const failures = cells.reduce((sum, cell) => sum + cell.failures, 0);
  sentences.push(`- ${runs} counted runs, ${failures} failed.`);
  const confidence = comparisons[0]?.estimate.confidence;
  const lead = confidence === undefined ? [] : [
    `Ratios of medians against \`${comparisons[0].baseline}\`, with ${
      Math.round(confidence * 100)
    }% bootstrap intervals, as percent changes.`,
    "",
  ];
  return ["## Summary", "", ...lead, ...sentences, ""];
}

/** One comparison in words; see {@linkcode renderBenchMarkdown} for the format. */
function _sentence(comparison: VariantComparison): string {
  const { variant, hosts, msgs, metric, estimate: { ratio, low, high } } = comparison;
  const where = `${_SUMMARY_METRICS[metric]} at ${hosts} hosts x ${msgs} messages`;
  if (ratio === null) return `- ${variant}: no ratio for ${where} (no usable runs on one side).`;
  const percent = _percent(ratio);
  const change = ratio > 1
    ? `costs ${percent}%`
    : ratio < 1
    ? `saves ${percent.slice(1)}%`
    : `matches (${percent}%)`;
  const interval = low !== null && high !== null ? ` [${_percent(low)}, ${_percent(high)}]` : "";
  const noChange = low !== null && high !== null && low <= 1 && 1 <= high
    ? " (the CI includes no change)"
    : "";
  return `- ${variant} ${change}${interval} ${where}${noChange}.`;
}

/** Ratio -> signed percent change with one decimal: 1.041 -> "+4.1", 0.968 -> "-3.2". */
function _percent(ratio: number): string {
  const text = ((ratio - 1) * 100).toFixed(1);
  if (Number(text) === 0) return "+0.0";
  return text.startsWith("-") ? text : `+${text}`;
}

function _chartSection(
  { spec, file }: BenchMarkdownChart,
  { cells, comparisons }: BenchMarkdownInput,
  baseline: string | undefined,
): string[] {
  const head = [`## ${spec.title}`, "", `![${spec.title}](${file})`, ""];
  if (spec.id === "failures") {
    const rows = cells.map(({ cell, runs, failures, failureReasons }) => [
      ..._cellColumns(cell),
      String(runs),
      String(failures),
      failureReasons.length === 0 ? _NONE : failureReasons.join("; "),
    ]);
    const header = ["hosts", "msgs", "variant", "counted runs", "failures", "reasons"];
    return [...head, ..._table(header, rows), ""];
  }
  const table = _CHART_TABLES[spec.id];
  if (!table) return head;
  const ratios = comparisons.filter((comparison) => comparison.metric === table.metric);
  const withRatios = ratios.length > 0 && baseline !== undefined;
  const header = ["hosts", "msgs", "variant", "median (IQR)", "n"];
  if (withRatios) header.push(`vs ${baseline}`);
  const rows = cells.map(({ cell, metrics }) => {
    const row = [..._cellColumns(cell), ..._medianColumns(metrics[table.metric], table)];
    if (withRatios) {
      const match = ratios.find((comparison) =>
        comparison.hosts === cell.hosts && comparison.msgs === cell.msgs &&
        comparison.variant === cell.variant && comparison.baseline === baseline
      );
      row.push(match ? _formatRatio(match.estimate) : _NONE);
    }
    return row;
  });
  return [
    ...head,
    `Median (interquartile range) over counted ok runs, in ${table.unit}.`,
    "",
    ..._table(header, rows),
    "",
  ];
}

function _cellColumns(cell: CellSummary["cell"]): string[] {
  return [String(cell.hosts), String(cell.msgs), cell.variant];
}

function _medianColumns(summary: _SampleSummary | undefined, table: _ChartTable): string[] {
  if (!summary || summary.median === null || summary.iqr === null) {
    return [_NONE, String(summary?.n ?? 0)];
  }
  return [`${table.format(summary.median)} (${table.format(summary.iqr)})`, String(summary.n)];
}

function _formatRatio({ ratio, low, high }: _RatioEstimate): string {
  if (ratio === null) return "n/a";
  const interval = low !== null && high !== null ? ` [${low.toFixed(3)}, ${high.toFixed(3)}]` : "";
  return `${ratio.toFixed(3)}${interval}`;
}

/** A Markdown table; cells have `|` escaped and line breaks flattened so a row stays a row. */
function _table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) =>
    `| ${cells.map((cell) => cell.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)];
}
