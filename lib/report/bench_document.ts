/**
 * The bench report as a {@linkcode ReportDocument}: what ran, where, a worded summary, one
 * section per chart with the table behind it, and the traces. Pure: the caller supplies the time,
 * the file names and the figures; the Markdown and PDF writers render the result.
 *
 * @module
 */
import type {
  BaselineComparison,
  CellSummary,
  RunResult,
  VariantComparison,
} from "../bench/mod.ts";
import type { ScenarioConfig, VariantSpec } from "../config/mod.ts";
import type { ChartSpec } from "./chart_spec.ts";
import type { ReportBlock, ReportDocument, RichText, TableBlock } from "./report_document.ts";

/** The machine a bench ran on. Derived because `lib/bench/mod.ts` does not export the type. */
type _RunEnvironment = RunResult["environment"];
type _SampleSummary = CellSummary["metrics"][string];
type _RatioEstimate = VariantComparison["estimate"];

/** One chart of the report: its spec, its SVG text and where the files lie, relative. */
export interface ReportChart {
  spec: ChartSpec;
  /** Relative path of the SVG, e.g. `"bench-active-time.svg"`. */
  svgFile: string;
  /** Relative path of the PNG fallback, when one was written. */
  pngFile?: string;
  /** The standalone SVG document. */
  svg: string;
}

/** The trace files of one traced run of a cell, relative to the report. */
export interface CellTraces {
  hosts: number;
  msgs: number;
  variant: string;
  /** Label and relative path of each file, e.g. `{ label: "Jaeger", href: "../results/x.json" }`. */
  files: { label: string; href: string }[];
}

/** An earlier bench this one is compared against. */
export interface BaselineBench {
  /** How the report names it, e.g. its results file. */
  label: string;
  benchId: string;
  /** This bench over the baseline, per cell, variant and metric. */
  comparisons: BaselineComparison[];
  /** The relative change counted as noise, e.g. 0.02. */
  noiseThreshold: number;
}

/** Everything {@linkcode buildBenchDocument} writes about; nothing is read elsewhere. */
export interface BenchReportInput {
  /** @default "libp2p pub/sub benchmark" */
  title?: string;
  /** ISO time the report was made, given by the caller (the builder reads no clock). */
  generatedAt: string;
  benchId: string;
  /** Relative path of the results file, shown in the report. */
  resultsFile: string;
  /** Per-cell summaries, e.g. from `summarizeResults`. */
  cells: CellSummary[];
  /** Variant-against-reference ratios, e.g. from `compareVariants`. */
  comparisons: VariantComparison[];
  /** The variant others are divided by. @default the baseline of the first comparison */
  referenceVariant?: string;
  /** Charts in report order. */
  charts: ReportChart[];
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
  /** Traced runs; empty or absent when nothing was traced. */
  traces?: CellTraces[];
  /** The earlier bench to compare against, when one was given. */
  baseline?: BaselineBench;
  /** Things the reader must know about the input (e.g. lines of the results file left out). */
  notes?: string[];
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
  /** Words for the metric in a sentence. */
  words: string;
  /** From the metric's unit to the chart's, as text. */
  format(value: number): string;
}

const _formatMs = (ms: number) => Math.abs(ms) < 10 ? ms.toFixed(1) : ms.toFixed(0);
const _formatMib = (bytes: number) => (bytes / _MIB).toFixed(1);

/** Chart id -> the metric its table shows; the failures chart has its own table. */
const _CHART_TABLES: Record<string, _ChartTable> = {
  "active-time": { metric: "activeMs", unit: "ms", words: "active time", format: _formatMs },
  "peak-rss": { metric: "peakRssBytes", unit: "MiB", words: "peak RSS", format: _formatMib },
  "final-heap": {
    metric: "heapUsedFinalBytes",
    unit: "MiB",
    words: "final heap",
    format: _formatMib,
  },
  "cpu-time": {
    metric: "cpuMs",
    unit: "s",
    words: "CPU time",
    format: (ms) => (ms / 1000).toFixed(2),
  },
  "p99-latency": {
    metric: "latencyMs.p99",
    unit: "ms",
    words: "p99 latency",
    format: _formatMs,
  },
  "duplicates": {
    metric: "duplicatesPerDelivery",
    unit: "duplicates per delivery",
    words: "duplicates per delivery",
    format: (value) => value.toFixed(2),
  },
};

/** The `METRICS` keys the report's tables compare, in chart order. */
export const REPORT_METRICS: readonly string[] = Object.values(_CHART_TABLES).map((table) =>
  table.metric
);

/**
 * Builds the bench report.
 *
 * Sections, in order: title and provenance (and notes), "What was run", "Environment",
 * "Summary", one section per chart (chart, then its table), "Traces". Table medians and IQRs are
 * the cells' `SampleSummary` figures in the chart's unit: ms as integers (one decimal below 10),
 * bytes as MiB with one decimal, CPU ms as seconds with two decimals, duplicates with two
 * decimals. A table has a `vs <reference>` column when variant comparisons of its metric exist
 * and a `vs baseline` column when a baseline bench was given.
 *
 * The summary has one sentence per `activeMs` and `peakRssBytes` variant comparison, e.g.
 * `states costs +4.1% [+2.0, +6.3] active time at 20 hosts x 100 messages.`: the ratio r as
 * (r - 1) x 100 percent, "costs" above 1, "saves" (with the absolute percentage) below 1,
 * "matches" at 1; the bracket is the interval as signed percent changes, and
 * ` (the CI includes no change)` comes before the full stop when low <= 1 <= high. With a
 * baseline it adds one sentence per flagged change, or says that none was beyond noise.
 *
 * @param input the bench's summaries, charts and provenance; not modified
 */
export function buildBenchDocument(input: BenchReportInput): ReportDocument {
  const title = input.title ?? "libp2p pub/sub benchmark";
  const reference = input.referenceVariant ?? input.comparisons[0]?.baseline;
  const blocks: ReportBlock[] = [
    { kind: "heading", level: 1, text: title },
    {
      kind: "paragraph",
      text: [
        { text: `Generated ${input.generatedAt} · bench ` },
        { text: input.benchId, code: true },
        { text: " · results " },
        { text: input.resultsFile, code: true },
        ...(input.baseline
          ? [{ text: " · baseline " }, { text: input.baseline.label, code: true }]
          : []),
      ],
    },
    ...(input.notes ?? []).map((note): ReportBlock => ({
      kind: "paragraph",
      text: [{ text: "Note: ", strong: true }, { text: note }],
    })),
    ..._whatWasRun(input),
    ..._environment(input.environment),
    ..._summary(input),
  ];
  for (const chart of input.charts) blocks.push(..._chartSection(chart, input, reference));
  blocks.push(..._traces(input.traces ?? []));
  return { title, blocks };
}

function _whatWasRun({ scenario, matrix, variants }: BenchReportInput): ReportBlock[] {
  const pattern = scenario
    ? scenario.pattern === "serial"
      ? "serial (each reaches every host before the next is published)"
      : "burst (all published at once)"
    : "in the configured pattern";
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
    { kind: "heading", level: 2, text: "What was run" },
    {
      kind: "list",
      ordered: true,
      items: [
        { text: "Init: start n hosts with mock discovery." },
        {
          text: scenario
            ? [{ text: "Subscribe: every host joins the topic " }, {
              text: scenario.topic,
              code: true,
            }, { text: "." }]
            : "Subscribe: every host joins the topic.",
        },
        {
          text: "First message: host 0 publishes after bootstrap; it reaches its n-1 topic peers.",
        },
        { text: `Random messages: m messages from random hosts, ${pattern}.` },
        { text: "Stop: every host stops (not part of active time)." },
      ],
    },
    {
      kind: "list",
      ordered: false,
      items: [
        { text: `Hosts (n): ${matrix.hosts.join(", ")}` },
        { text: `Messages (m): ${matrix.msgs.join(", ")}` },
        { text: `Variants: ${matrix.variants.join(", ")}` },
        {
          text: `${plural(matrix.iterations, "iteration")} and ${
            plural(matrix.warmups, "warm-up")
          } per cell, seed ${matrix.seed}`,
        },
      ],
    },
    {
      kind: "table",
      header: [
        "variant",
        "stack",
        "router",
        "orchestration",
        "transport",
        "encryption",
        "gossipsub options",
      ],
      rows,
    },
  ];
}

function _environment(environment: _RunEnvironment | undefined): ReportBlock[] {
  const heading: ReportBlock = { kind: "heading", level: 2, text: "Environment" };
  if (!environment) {
    return [heading, {
      kind: "paragraph",
      text: "The environment was not recorded for this bench.",
    }];
  }
  const packages = _KEY_PACKAGES
    .filter((name) => environment.packages[name] !== undefined)
    .map((name): RichText => [{ text: `${name}: ` }, {
      text: environment.packages[name],
      code: true,
    }]);
  return [heading, {
    kind: "list",
    ordered: false,
    items: [
      {
        text:
          `Deno ${environment.deno}, V8 ${environment.v8}, TypeScript ${environment.typescript}`,
      },
      { text: `OS: ${environment.os}` },
      { text: `CPU: ${environment.cpuModel} x ${environment.cpuCount}` },
      { text: `Memory: ${(environment.memoryBytes / _GIB).toFixed(1)} GiB` },
      { text: [{ text: "Git commit: " }, { text: environment.gitCommit, code: true }] },
      ...(packages.length > 0 ? [{ text: "Packages:", children: packages }] : []),
    ],
  }];
}

function _summary({ comparisons, cells, baseline }: BenchReportInput): ReportBlock[] {
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
      const table = Object.values(_CHART_TABLES).find((entry) =>
        entry.metric === comparison.metric
      );
      return {
        text: `${comparison.variant} ${
          comparison.change === "higher" ? "is higher:" : "is lower:"
        } ${_changeWords(comparison.estimate)?.replace(/^(costs|saves) /, "") ?? ""} ${
          table?.words ?? comparison.metric
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

function _chartSection(
  chart: ReportChart,
  { cells, comparisons, baseline }: BenchReportInput,
  reference: string | undefined,
): ReportBlock[] {
  const { spec } = chart;
  const head: ReportBlock[] = [
    { kind: "heading", level: 2, text: spec.title },
    {
      kind: "chart",
      title: spec.title,
      svgFile: chart.svgFile,
      ...(chart.pngFile ? { pngFile: chart.pngFile } : {}),
      svg: chart.svg,
    },
  ];
  if (spec.id === "failures") {
    const rows = _byCell(cells).map(({ cell, runs, failures, failureReasons }) => [
      ..._cellColumns(cell),
      String(runs),
      String(failures),
      failureReasons.length === 0 ? _NONE : failureReasons.join("; "),
    ]);
    return [...head, {
      kind: "table",
      header: ["hosts", "msgs", "variant", "counted runs", "failures", "reasons"],
      rows,
      align: ["right", "right", "left", "right", "right", "left"],
    }];
  }
  const table = _CHART_TABLES[spec.id];
  if (!table) return head;
  const ratios = comparisons.filter((comparison) =>
    comparison.metric === table.metric && comparison.baseline === reference
  );
  const withRatios = ratios.length > 0 && reference !== undefined;
  const baselineRatios =
    baseline?.comparisons.filter((comparison) => comparison.metric === table.metric) ?? [];
  const block: TableBlock = {
    kind: "table",
    header: ["hosts", "msgs", "variant", "median (IQR)", "n"],
    rows: [],
    align: ["right", "right", "left", "right", "right"],
  };
  if (withRatios) block.header.push(`vs ${reference}`);
  if (baseline) block.header.push("vs baseline");
  block.align!.push(...block.header.slice(5).map(() => "right" as const));
  for (const { cell, metrics } of _byCell(cells)) {
    const row: RichText[] = [
      ..._cellColumns(cell),
      ..._medianColumns(metrics[table.metric], table),
    ];
    const sameCell = (other: { hosts: number; msgs: number; variant: string }) =>
      other.hosts === cell.hosts && other.msgs === cell.msgs && other.variant === cell.variant;
    if (withRatios) {
      const match = ratios.find(sameCell);
      row.push(match ? _formatRatio(match.estimate) : _NONE);
    }
    if (baseline) {
      const match = baselineRatios.find(sameCell);
      row.push(
        !match ? _NONE : match.change === null ? _formatRatio(match.estimate) : [{
          text: `${_formatRatio(match.estimate)} ${match.change === "higher" ? "▲" : "▼"}`,
          strong: true,
        }],
      );
    }
    block.rows.push(row);
  }
  const legend = [
    `Median (interquartile range) over counted ok runs, in ${table.unit}.`,
    ...(withRatios ? [`"vs ${reference}": ratio of medians with its 95% bootstrap interval.`] : []),
    ...(baseline
      ? [
        `"vs baseline": this bench over the baseline; ▲ / ▼ when the whole interval is above / below the ±${
          (baseline.noiseThreshold * 100).toFixed(0)
        }% noise band.`,
      ]
      : []),
  ].join(" ");
  return [...head, { kind: "paragraph", text: legend }, block];
}

function _traces(traces: CellTraces[]): ReportBlock[] {
  const heading: ReportBlock = { kind: "heading", level: 2, text: "Traces" };
  if (traces.length === 0) {
    return [heading, {
      kind: "paragraph",
      text: [
        { text: "No traces were recorded for this bench (run " },
        { text: "deno task bench --trace", code: true },
        { text: " to trace one extra run per cell)." },
      ],
    }];
  }
  return [
    heading,
    {
      kind: "paragraph",
      text: [
        {
          text: "One extra traced run per cell, not counted in the statistics. OTLP JSON goes " +
            "to a collector, Jaeger JSON to the Jaeger UI's JSON upload, the Chrome JSON to " +
            "ui.perfetto.dev; a journal opens in ",
        },
        { text: "deno task dbg FILE", code: true },
        { text: "." },
      ],
    },
    {
      kind: "table",
      header: ["hosts", "msgs", "variant", "files"],
      align: ["right", "right", "left", "left"],
      rows: traces.map((entry) => [
        String(entry.hosts),
        String(entry.msgs),
        entry.variant,
        entry.files.flatMap((file, index) => [
          ...(index > 0 ? [{ text: " · " }] : []),
          { text: file.label, href: file.href },
        ]),
      ]),
    },
  ];
}

/** Table order: by hosts, then messages, variants in their order, so compared rows sit together. */
function _byCell(cells: readonly CellSummary[]): CellSummary[] {
  const variantOrder = [...new Set(cells.map((summary) => summary.cell.variant))];
  return [...cells].sort((a, b) =>
    a.cell.hosts - b.cell.hosts || a.cell.msgs - b.cell.msgs ||
    variantOrder.indexOf(a.cell.variant) - variantOrder.indexOf(b.cell.variant)
  );
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
