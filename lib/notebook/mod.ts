/**
 * Notebooks: the headless runner behind `deno task nb` (papermill's parameter convention, for
 * the Deno kernel, with late kernel output kept), and the small helpers the notebooks in
 * notebooks/ use: `show` (outputs that stay in their cell in any front end: every helper that
 * shows something ends with `flushKernelOutput`), charts as PNG outputs that survive every
 * export, progress shown in place, the bench's report, a baseline comparison, tuning sweeps and
 * the simulator's metrics over time.
 *
 * @example
 * ```ts ignore
 * import { executeNotebook } from "./lib/notebook/mod.ts";
 *
 * const run = await executeNotebook("notebooks/bench.ipynb", {
 *   parameters: { hosts: [3], msgs: [3], iterations: 1 },
 *   outPath: "/tmp/bench.out.ipynb",
 * });
 * console.log(`${run.cells} cells in ${run.durationMs} ms`);
 * ```
 *
 * @module
 */
export { NotebookError } from "./notebook_error.ts";
export { cellSource, hasTag, parseNotebook } from "./notebook_document.ts";
export type { NotebookCell, NotebookDocument } from "./notebook_document.ts";
export { toTypeScriptLiteral } from "./typescript_literal.ts";
export {
  parseParameterMapping,
  parseParameterValue,
  validateParameterName,
} from "./parameter_values.ts";
export {
  declaredParameters,
  INJECTED_PARAMETERS_TAG,
  injectParameters,
  PARAMETERS_TAG,
} from "./inject_parameters.ts";
export type {
  DeclarationKind,
  InjectedNotebook,
  InjectParametersOptions,
} from "./inject_parameters.ts";
export {
  DEFAULT_PYTHON,
  defaultOutPath,
  executeNotebook,
  JUPYTER_INSTALL_HINT,
  prepareNotebook,
} from "./execute_notebook.ts";
export type {
  ExecuteNotebookOptions,
  NotebookRun,
  PrepareNotebookOptions,
} from "./execute_notebook.ts";
export { NB_USAGE, nbCommand } from "./nb_command.ts";
export { FLUSH_MARKER_PREFIX, flushKernelOutput } from "./flush_kernel_output.ts";
export type { FlushKernelOutputOptions, FlushOutcome } from "./flush_kernel_output.ts";
export { markdownOutput, publishOutput, show } from "./show.ts";
export type { MediaBundle, NotebookOutput, PublishOutput, ShowOptions } from "./show.ts";
export { chartOutput, svgSize } from "./chart_output.ts";
export type { ChartOutputOptions } from "./chart_output.ts";
export { createProgressDisplay } from "./progress_display.ts";
export type { ProgressDisplay, ProgressDisplayOptions } from "./progress_display.ts";
export { reportOutputs } from "./report_outputs.ts";
export {
  benchConfigFromParameters,
  buildBenchView,
  describeNotebookBench,
  describeWrittenReport,
  formatRunLine,
  NOTEBOOK_BENCH_PREFIX,
  prepareNotebookBench,
  runNotebookBench,
} from "./notebook_bench.ts";
export type {
  BenchConfigFromParametersOptions,
  BenchNotebookParameters,
  BenchView,
  BuildBenchViewOptions,
  NotebookBench,
  PrepareNotebookBenchOptions,
  RunNotebookBenchOptions,
} from "./notebook_bench.ts";
export { compareWithBaseline, comparisonOutputs } from "./notebook_compare.ts";
export type { CompareWithBaselineOptions, NotebookComparison } from "./notebook_compare.ts";
export { renderComparisonChartSvg } from "./render_comparison_chart_svg.ts";
export type { ComparisonChart, ComparisonChartRow } from "./render_comparison_chart_svg.ts";
export {
  SWEEP_FIGURE_IDS,
  SWEEPABLE_PARAMETERS,
  sweepCharts,
  sweepConfig,
  sweepOutputs,
  sweepRows,
} from "./notebook_sweep.ts";
export type {
  Sweep,
  SweepConfigOptions,
  SweepNotebookParameters,
  SweepRow,
} from "./notebook_sweep.ts";
export { MESH_LIMITED_ADVICE, sweepWarnings } from "./sweep_warnings.ts";
export { renderSweepChartSvg } from "./render_sweep_chart_svg.ts";
export type {
  RenderSweepChartSvgOptions,
  SweepChart,
  SweepChartPoint,
} from "./render_sweep_chart_svg.ts";
export {
  createSimRecorder,
  simChartOutputs,
  simCharts,
  simConfigFromParameters,
  simSample,
  simSummaryMarkdown,
} from "./notebook_sim.ts";
export type {
  CreateSimRecorderOptions,
  SimConfigFromParametersOptions,
  SimNotebookParameters,
  SimRecorder,
  SimSample,
} from "./notebook_sim.ts";
export { renderTimeSeriesSvg } from "./render_time_series_svg.ts";
export type {
  RenderTimeSeriesSvgOptions,
  TimeSeriesChart,
  TimeSeriesPoint,
} from "./render_time_series_svg.ts";
