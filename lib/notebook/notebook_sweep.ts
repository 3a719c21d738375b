/**
 * What notebooks/tuning.ipynb does besides displaying: one parameter swept over a list of values
 * for a fixed scenario, as one bench config, and its effect as a table, one figure per metric
 * with the swept value on the x axis, the measured mesh degree beside the requested one, and a
 * plain warning when the sweep changed nothing measurable.
 *
 * The sweep's config lives in sweep_config.ts, its figures in sweep_figures.ts and its warnings in
 * sweep_warnings.ts; this module puts them together as the cell's outputs and re-exports the
 * first two, so the sweep's whole API is importable from here.
 *
 * @module
 */
import type { RunResult } from "../bench/mod.ts";
import { renderMarkdown } from "../report/mod.ts";
import { chartOutput, type ChartOutputOptions } from "./chart_output.ts";
import { renderSweepChartSvg } from "./render_sweep_chart_svg.ts";
import { markdownOutput, type NotebookOutput } from "./show.ts";
import type { Sweep } from "./sweep_config.ts";
import { sweepCharts, type SweepRow, sweepRows } from "./sweep_figures.ts";
import { sweepWarnings } from "./sweep_warnings.ts";

export { SWEEPABLE_PARAMETERS, sweepConfig } from "./sweep_config.ts";
export type { Sweep, SweepConfigOptions, SweepNotebookParameters } from "./sweep_config.ts";
export { SWEEP_FIGURE_IDS, sweepCharts, sweepRows } from "./sweep_figures.ts";
export type { SweepRow } from "./sweep_figures.ts";

/**
 * The sweep's effect as notebook outputs: one Markdown output with the warnings (when the sweep
 * changed nothing measurable, or the mesh was limited by connections) above a table with one row
 * per value and fixed scenario, then one figure per metric (duplicates, mesh degree with the D asked for,
 * p99 latency, peak RSS, active time), each with the swept value on the x axis.
 *
 * @param results the bench's run records; not modified
 */
export async function sweepOutputs(
  sweep: Sweep,
  results: readonly RunResult[],
  options: ChartOutputOptions = {},
): Promise<NotebookOutput[]> {
  const rows = sweepRows(sweep, results);
  // Warnings and table in one output: the cell's outputs are the same in number every time.
  const warnings = sweepWarnings(sweep, rows).map((warning) => `**Warning:** ${warning}\n\n`);
  const outputs = [markdownOutput(warnings.join("") + _table(sweep, rows))];
  for (const chart of sweepCharts(sweep, rows)) {
    outputs.push(await chartOutput(renderSweepChartSvg(chart), chart.title, options));
  }
  return outputs;
}

function _table(sweep: Sweep, rows: readonly SweepRow[]): string {
  const median = (row: SweepRow, id: string, digits: number): string => {
    const value = row.figures[id].median;
    return value === null ? "—" : value.toFixed(digits);
  };
  return renderMarkdown({
    title: "sweep",
    blocks: [
      {
        kind: "paragraph",
        text: [
          { text: "Medians over the counted runs, by " },
          { text: sweep.axisLabel, code: true },
          { text: "; mesh is the mean mesh degree over hosts when the first message went out." },
        ],
      },
      {
        kind: "table",
        header: [
          sweep.axisLabel,
          "hosts",
          "msgs",
          "ok/runs",
          "mesh (D asked)",
          "duplicates per delivery",
          "p99 latency ms",
          "peak RSS MiB",
          "active ms",
        ],
        align: ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
        rows: rows.map((row) => [
          sweep.labels[row.valueIndex],
          String(row.hosts),
          String(row.msgs),
          `${row.runs - row.failures}/${row.runs}`,
          `${median(row, "mesh-degree", 1)}${
            row.requestedD === undefined ? "" : ` (${row.requestedD})`
          }`,
          median(row, "duplicates", 2),
          median(row, "p99-latency", 0),
          median(row, "peak-rss", 1),
          median(row, "active-time", 0),
        ]),
      },
    ],
  });
}
