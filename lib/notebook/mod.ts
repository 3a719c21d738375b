/**
 * Notebooks: the headless runner behind `deno task nb` (papermill's parameter convention, for
 * the Deno kernel, with late kernel output kept), and the small helpers the notebooks in
 * notebooks/ use to show the bench's report inline and chart the simulator's metrics over time.
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
export { DEFAULT_PYTHON, executeNotebook, JUPYTER_INSTALL_HINT } from "./execute_notebook.ts";
export type { ExecuteNotebookOptions, NotebookRun } from "./execute_notebook.ts";
export { NB_USAGE, nbCommand } from "./nb_command.ts";
export { reportBundles } from "./report_bundles.ts";
export type { MediaBundle } from "./report_bundles.ts";
export {
  benchConfigFromParameters,
  buildBenchView,
  formatRunLine,
  runNotebookBench,
} from "./notebook_bench.ts";
export type {
  BenchConfigFromParametersOptions,
  BenchNotebookParameters,
  BenchView,
  BuildBenchViewOptions,
  RunNotebookBenchOptions,
} from "./notebook_bench.ts";
export {
  SWEEP_CHART_IDS,
  SWEEPABLE_PARAMETERS,
  sweepBundles,
  sweepConfig,
} from "./notebook_sweep.ts";
export type { Sweep, SweepConfigOptions, SweepNotebookParameters } from "./notebook_sweep.ts";
export {
  createSimRecorder,
  simChartBundles,
  simCharts,
  simConfigFromParameters,
  simSample,
  simSummaryMarkdown,
} from "./notebook_sim.ts";
export type {
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
