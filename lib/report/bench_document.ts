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
import { CHART_TABLES, type ChartTable } from "./_chart_tables.ts";
export { REPORT_METRICS } from "./_chart_tables.ts";
import { summaryBlocks } from "./_bench_summary.ts";
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
    ...summaryBlocks(input),
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
    // results written before the field existed used @libp2p/crypto's path
    spec.ed25519 ?? "node",
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
        "ed25519",
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
  const table = CHART_TABLES[spec.id];
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

function _medianColumns(summary: _SampleSummary | undefined, table: ChartTable): string[] {
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
