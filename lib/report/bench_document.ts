/**
 * The bench report as a {@linkcode ReportDocument}: what ran, where, a worded summary, one
 * section per chart with the table behind it, and the traces. Pure: the caller supplies the time,
 * the file names and the figures; the Markdown and PDF writers render the result.
 *
 * @module
 */
import type { CellSummary } from "../bench/mod.ts";
import type { ScaleChartSpec } from "./scale_chart_spec.ts";
import { scaleSection } from "./_scale_section.ts";
import { formatPhaseMs, PHASE_COLUMNS } from "./_chart_tables.ts";
export { REPORT_METRICS } from "./_chart_tables.ts";
import { summaryBlocks } from "./_bench_summary.ts";
import { sequentialBlocks } from "./_sequential_section.ts";
import { byCell, cellColumns, medianIqr, NO_FIGURE } from "./_cell_table.ts";
import { chartBlock, chartSection } from "./_chart_section.ts";
import type {
  BenchReportInput,
  CellTraces,
  ReportChart,
  RunEnvironment,
} from "./bench_report_input.ts";
import type { ReportBlock, ReportDocument, RichText, TextSpan } from "./report_document.ts";
export type {
  BaselineBench,
  BenchReportInput,
  CellTraces,
  ReportChart,
  ReportVerdictSettings,
} from "./bench_report_input.ts";

const _GIB = 2 ** 30;
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
 * "Summary", one section per metric chart (chart with its caption, the table's legend kept with
 * the table, the table), "Phases" after the active-time section (the phase chart when given, and
 * each phase's median (IQR) per cell; left out when no run measured a phase), "Failed runs"
 * (one line when no counted run failed: no chart, no table), "Traces". A chart's heading is its
 * title, so the chart's SVG should not draw it again.
 *
 * Table medians and IQRs are the cells' `SampleSummary` figures in the chart's unit: ms as
 * integers (one decimal below 10), bytes as MiB with one decimal, CPU ms as seconds with two
 * decimals, duplicates with two decimals, mesh degrees with one. The latency table has p50, p95
 * and p99 columns, the mesh-degree table the publisher's and the mean over hosts. A table has a
 * `vs <reference>` column when variant comparisons of its chart's metric exist and a
 * `vs baseline` column when a baseline bench was given.
 *
 * The summary has one sentence per figure reported as changed, e.g. `states took 5.1% longer
 * (active time, 95% CI +2.0% to +8.3%, p = 0.004) at 20 hosts x 100 messages.`, or
 * `no figure changed beyond noise (threshold 7%, from the A/A calibration of ...)`; too few runs
 * give `too few runs (n = 2) to compare; add at least 3 more` and no interval anywhere. With a
 * baseline it says whether the two benches ran on different machines or commits, then the same
 * sentences for this bench over the baseline. The comparison columns show the ratio, its
 * interval, the adjusted p-value and the verdict, or `too few runs (n = ...)`.
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
    ...(input.sequential ? sequentialBlocks(input.sequential) : []),
    ..._environment(input.environment, input.v8Flags),
    ...summaryBlocks(input),
  ];
  const byId = (id: string) => input.charts.find((chart) => chart.spec.id === id);
  for (const chart of input.charts) {
    if (["failures", "phases", "scale"].includes(chart.spec.id)) continue;
    blocks.push(...chartSection(chart, input, reference));
    if (chart.spec.id === "active-time") blocks.push(..._phaseSection(input.cells, byId("phases")));
  }
  if (!byId("active-time")) blocks.push(..._phaseSection(input.cells, byId("phases")));
  const scale = byId("scale");
  if (scale) {
    blocks.push(
      ...scaleSection(
        scale.spec as ScaleChartSpec,
        chartBlock(scale),
        input.cells,
        input.cellShards,
      ),
    );
  }
  blocks.push(..._failuresSection(input.cells, byId("failures")));
  blocks.push(..._traces(input.traces ?? []));
  return { title, blocks };
}

function _whatWasRun({ scenario, matrix, variants, sequential }: BenchReportInput): ReportBlock[] {
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
          text: `${
            sequential
              ? `${sequential.rule.minIterations} to ${sequential.rule.maxIterations} ` +
                `iterations (sequential sampling: see Runs per cell)`
              : plural(matrix.iterations, "iteration")
          } and ${plural(matrix.warmups, "warm-up")} per cell, seed ${matrix.seed}`,
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

function _environment(
  environment: RunEnvironment | undefined,
  v8Flags: string[] | undefined,
): ReportBlock[] {
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
      ...(v8Flags !== undefined
        ? [{
          text: [
            { text: "V8 flags of the runs' processes: " },
            ...v8Flags.flatMap((set, index): TextSpan[] => [
              ...(index > 0 ? [{ text: "; " }] : []),
              set === "" ? { text: "none" } : { text: set, code: true },
            ]),
          ],
        }]
        : []),
    ],
  }];
}

/**
 * Where the active time goes: per cell, each phase's median (IQR) in ms; the phase chart when
 * one was drawn.
 */
function _phaseSection(
  cells: readonly CellSummary[],
  chart: ReportChart | undefined,
): ReportBlock[] {
  const measured = cells.some(({ metrics }) =>
    PHASE_COLUMNS.some((column) => (metrics[column.metric]?.n ?? 0) > 0)
  );
  if (!measured) return [];
  const blocks: ReportBlock[] = [{ kind: "heading", level: 2, text: "Phases" }];
  if (chart) {
    blocks.push(chartBlock(chart));
  }
  blocks.push(
    {
      kind: "paragraph",
      text: "Wall time of each scenario phase: median (interquartile range) over counted ok " +
        "runs, in ms. Init, subscribe, first message and random messages make up the active " +
        "time; stop is not part of it. Medians do not add up: each phase's median comes from its own runs.",
      keepWithNext: true,
    },
    {
      kind: "table",
      header: ["hosts", "msgs", "variant", ...PHASE_COLUMNS.map((column) => column.header), "n"],
      align: ["right", "right", "left", ...PHASE_COLUMNS.map(() => "right" as const), "right"],
      rows: byCell(cells).map(({ cell, metrics }) => [
        ...cellColumns(cell),
        ...PHASE_COLUMNS.map((column) => medianIqr(metrics[column.metric], formatPhaseMs)),
        String(metrics[PHASE_COLUMNS[0].metric]?.n ?? 0),
      ]),
    },
  );
  return blocks;
}

/**
 * The failed runs: one line when none failed (no chart, no table), else the chart (when one was
 * drawn) and a table of failures and reasons per cell.
 */
function _failuresSection(
  cells: readonly CellSummary[],
  chart: ReportChart | undefined,
): ReportBlock[] {
  const runs = cells.reduce((sum, cell) => sum + cell.runs, 0);
  const failed = cells.reduce((sum, cell) => sum + cell.failures, 0);
  const heading: ReportBlock = { kind: "heading", level: 2, text: "Failed runs" };
  if (failed === 0) {
    return [heading, {
      kind: "paragraph",
      text: `No run failed (${runs} counted run${runs === 1 ? "" : "s"}).`,
    }];
  }
  const blocks: ReportBlock[] = [heading];
  if (chart) {
    blocks.push(chartBlock(chart));
  }
  blocks.push(
    {
      kind: "paragraph",
      text: `${failed} of ${runs} counted runs failed.`,
      keepWithNext: true,
    },
    {
      kind: "table",
      header: ["hosts", "msgs", "variant", "counted runs", "failures", "reasons"],
      align: ["right", "right", "left", "right", "right", "left"],
      rows: byCell(cells).map(({ cell, runs, failures, failureReasons }) => [
        ...cellColumns(cell),
        String(runs),
        String(failures),
        failureReasons.length === 0 ? NO_FIGURE : failureReasons.join("; "),
      ]),
    },
  );
  return blocks;
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
