/**
 * The report: chart specs built from per-cell summaries, charts drawn with Observable Plot as
 * standalone SVG documents, without a browser, and the Markdown report that links them.
 *
 * @example
 * ```ts
 * import { summarizeResults } from "../bench/mod.ts";
 * import { buildBenchCharts, renderChartSvg } from "./mod.ts";
 *
 * for (const spec of buildBenchCharts(summarizeResults(results))) {
 *   await Deno.writeTextFile(`${dir}/${spec.id}.svg`, renderChartSvg(spec));
 * }
 * ```
 *
 * @module
 */
export { buildBenchDocument, REPORT_METRICS } from "./bench_document.ts";
export type { BaselineBench, BenchReportInput, CellTraces, ReportChart } from "./bench_document.ts";
export { renderMarkdown } from "./render_markdown.ts";
export { plainText } from "./report_document.ts";
export type { ReportBlock, ReportDocument, RichText, TextSpan } from "./report_document.ts";
export { buildBenchCharts } from "./chart_spec.ts";
export type {
  BuildBenchChartsOptions,
  CellSummary,
  ChartPoint,
  ChartSample,
  ChartSpec,
} from "./chart_spec.ts";
export { renderChartSvg } from "./render_chart_svg.ts";
export { buildPhaseChart } from "./phase_chart_spec.ts";
export type { PhaseBar, PhaseChartSpec, PhaseSegment } from "./phase_chart_spec.ts";
export { PHASE_FILLS, renderPhaseChartSvg } from "./render_phase_chart_svg.ts";
export type { RenderPhaseChartSvgOptions } from "./render_phase_chart_svg.ts";
export {
  CHART_FONT_FAMILY,
  CHART_LEGEND_SWATCH,
  CHART_TITLE_HEIGHT,
  composeChartSvg,
  createPlotDocument,
  escapeXml,
} from "./compose_chart_svg.ts";
export type { ChartSvgParts, LegendEntry, LegendMarker, PlotElement } from "./compose_chart_svg.ts";
export type { RenderChartSvgOptions } from "./render_chart_svg.ts";
export {
  markerPath,
  VARIANT_DASHES,
  VARIANT_MARKERS,
  VARIANT_PALETTE,
  variantStyles,
} from "./variant_styles.ts";
export type { ChartMarker, PathContext, VariantStyle } from "./variant_styles.ts";
export { ReportError } from "./report_error.ts";
export { renderReportPdf } from "./render_report_pdf.ts";
export type { RenderReportPdfOptions } from "./render_report_pdf.ts";
export { loadChartPngRenderer, renderChartPng } from "./render_chart_png.ts";
export type { RenderChartPngOptions } from "./render_chart_png.ts";
export { loadReportFonts, ReportFontError } from "./report_fonts.ts";
export type { ReportFonts } from "./report_fonts.ts";
export { writeBenchReport } from "./write_bench_report.ts";
export type { WriteBenchReportOptions, WrittenReport } from "./write_bench_report.ts";
export { REPORT_USAGE, reportCommand } from "./report_command.ts";
