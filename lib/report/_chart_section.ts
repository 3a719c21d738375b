/**
 * One metric chart's section of the bench report: the chart and the table behind it, with the
 * comparison columns.
 *
 * @module
 */
import type { BenchReportInput, ReportChart } from "./bench_report_input.ts";
import { CHART_TABLES } from "./_chart_tables.ts";
import { byCell, cellColumns, comparisonCell, medianIqr } from "./_cell_table.ts";
import type { ReportBlock, RichText, TableBlock } from "./report_document.ts";

/**
 * A metric chart's section: its heading, the chart, and when the chart has a table, the table's
 * legend (kept with it) and per cell the median (IQR) columns, `n`, and the `vs <reference>` and
 * `vs baseline` columns when there are such comparisons.
 *
 * @param reference the variant the `vs` column divides by; without one, no such column
 */
export function chartSection(
  chart: ReportChart,
  { cells, comparisons, baseline }: BenchReportInput,
  reference: string | undefined,
): ReportBlock[] {
  const { spec } = chart;
  const head: ReportBlock[] = [
    { kind: "heading", level: 2, text: spec.title },
    chartBlock(chart),
  ];
  const table = CHART_TABLES[spec.id];
  if (!table) return head;
  const columns = table.columns ?? [{ metric: table.metric, header: "median (IQR)" }];
  const ratios = comparisons.filter((comparison) =>
    comparison.metric === table.metric && comparison.baseline === reference
  );
  const withRatios = ratios.length > 0 && reference !== undefined;
  const baselineRatios =
    baseline?.comparisons.filter((comparison) => comparison.metric === table.metric) ?? [];
  const block: TableBlock = {
    kind: "table",
    header: ["hosts", "msgs", "variant", ...columns.map((column) => column.header), "n"],
    rows: [],
    align: ["right", "right", "left", ...columns.map(() => "right" as const), "right"],
  };
  if (withRatios) block.header.push(`vs ${reference}`);
  if (baseline) block.header.push("vs baseline");
  block.align!.push(...block.header.slice(block.align!.length).map(() => "right" as const));
  for (const { cell, metrics } of byCell(cells)) {
    const row: RichText[] = [
      ...cellColumns(cell),
      ...columns.map((column) => medianIqr(metrics[column.metric], table.format)),
      String(metrics[table.metric]?.n ?? 0),
    ];
    const sameCell = (other: { hosts: number; msgs: number; variant: string }) =>
      other.hosts === cell.hosts && other.msgs === cell.msgs && other.variant === cell.variant;
    if (withRatios) row.push(comparisonCell(ratios.find(sameCell)));
    if (baseline) row.push(comparisonCell(baselineRatios.find(sameCell)));
    block.rows.push(row);
  }
  const shown = [...(withRatios ? ratios : []), ...baselineRatios];
  const compared = columns.length > 1
    ? ` "vs" columns compare ${columns.find((column) => column.metric === table.metric)!.header}.`
    : "";
  const legend = [
    columns.length > 1
      ? `Each figure is the median (interquartile range) over counted ok runs, in ${table.unit}; ` +
        `n counts the runs.${withRatios || baseline ? compared : ""}`
      : `Median (interquartile range) over counted ok runs, in ${table.unit}.`,
    ...(withRatios
      ? [
        `"vs ${reference}": Hodges-Lehmann ratio of the paired rounds with its exact 95% interval and the adjusted p-value.`,
      ]
      : []),
    ...(baseline
      ? [
        `"vs baseline": this bench over the baseline (independent runs), the same way.`,
      ]
      : []),
    ...(shown.some((comparison) => comparison.change !== null)
      ? ["▲ / ▼: reported as changed (significant, and beyond the noise threshold)."]
      : []),
    ...(shown.some((comparison) => comparison.verdict === "too-few-runs")
      ? [`"too few runs": below the minimum sample count, so no interval and no verdict.`]
      : []),
  ].join(" ");
  return [...head, { kind: "paragraph", text: legend, keepWithNext: true }, block];
}

/** The chart's block: title, files, SVG and caption. */
export function chartBlock(chart: ReportChart): ReportBlock {
  return {
    kind: "chart",
    title: chart.spec.title,
    svgFile: chart.svgFile,
    ...(chart.pngFile ? { pngFile: chart.pngFile } : {}),
    svg: chart.svg,
    ...(chart.spec.caption ? { caption: chart.spec.caption } : {}),
  };
}
