/**
 * Plain warnings about a tuning sweep: runs that failed, a mesh smaller than the D asked for
 * (limited by connections, so mesh knobs cannot take effect), and a sweep that changed nothing
 * measurable.
 *
 * @module
 */
import type { Sweep } from "./sweep_config.ts";
import type { SweepRow } from "./sweep_figures.ts";

/** How much a figure must move across the values to count as a change. */
const _CHANGE: Record<string, { label: string; absolute: number }> = {
  "duplicates": { label: "duplicates per delivery", absolute: 0.05 },
  "mesh-degree": { label: "mesh degree", absolute: 0.5 },
  "p99-latency": { label: "p99 latency", absolute: 2 },
  "peak-rss": { label: "peak RSS", absolute: 2 },
  "active-time": { label: "active time", absolute: 10 },
};
/** ... and relative to the largest median. */
const _RELATIVE_CHANGE = 0.1;
/** A mesh this much below D is short of peers, not rounding. */
const _MESH_SHORTFALL = 0.5;

/** The advice when the mesh cannot reach D. */
export const MESH_LIMITED_ADVICE = "mesh limited by connections: raise hosts or dialsPerHost";

/**
 * The sweep's warnings, each one plain sentence (empty when all is well):
 * - failed runs, by value;
 * - a mesh below the D asked for ({@linkcode MESH_LIMITED_ADVICE});
 * - no figure changed across the values by more than 10% and its noise floor (and, with two or
 *   more runs per point, beyond the interquartile ranges).
 *
 * @param rows from `sweepRows`; not modified
 */
export function sweepWarnings(sweep: Sweep, rows: readonly SweepRow[]): string[] {
  const warnings: string[] = [];
  const at = (row: SweepRow): string =>
    `${sweep.axisLabel} = ${sweep.labels[row.valueIndex]} (${row.hosts} hosts x ${row.msgs} msgs)`;
  const failed = rows.filter((row) => row.failures > 0);
  if (failed.length > 0) {
    warnings.push(
      `runs failed at ${
        failed.map((row) => `${at(row)}: ${row.failures} of ${row.runs}`).join("; ")
      }; their figures are left out (the results file says why).`,
    );
  }
  const dialsPerHost = sweep.config.scenario.dialsPerHost;
  const short = rows.filter((row) => {
    const mesh = row.figures["mesh-degree"].median;
    return row.requestedD !== undefined && mesh !== null &&
      mesh < row.requestedD - _MESH_SHORTFALL;
  });
  const unchanged = _unchangedFigures(rows);
  const meshFlat = unchanged.includes("mesh-degree") &&
    new Set(rows.map((row) => row.requestedD)).size > 1;
  if (sweep.shapesMesh && meshFlat) {
    const meshes = rows.map((row) => row.figures["mesh-degree"].median ?? 0);
    warnings.push(
      `the mesh degree stayed at about ${_round(_mean(meshes))} for every value of ` +
        `${sweep.axisLabel}, so changing it could not take effect: ${MESH_LIMITED_ADVICE} ` +
        `(scenario.dialsPerHost is ${dialsPerHost}).`,
    );
  } else if (short.length > 0) {
    warnings.push(
      `the mesh stayed below the D asked for at ${
        short.map((row) =>
          `${at(row)}: ${_round(row.figures["mesh-degree"].median!)} of ${row.requestedD}`
        ).join("; ")
      }: ${MESH_LIMITED_ADVICE} (scenario.dialsPerHost is ${dialsPerHost}).`,
    );
  }
  const measured = Object.keys(_CHANGE).filter((id) =>
    rows.some((row) => row.figures[id].median !== null)
  );
  if (
    sweep.values.length > 1 && measured.length > 0 &&
    measured.every((id) => unchanged.includes(id))
  ) {
    warnings.push(
      `changing ${sweep.axisLabel} over ${sweep.labels.join(", ")} changed nothing measurable ` +
        `here: ${measured.map((id) => _CHANGE[id].label).join(", ")} each stayed within ${
          _RELATIVE_CHANGE * 100
        }% or within noise${sweep.shapesMesh ? `; ${MESH_LIMITED_ADVICE}` : ""}.`,
    );
  }
  return warnings;
}

/** Figure ids that moved by no more than noise across the values, in every fixed scenario. */
function _unchangedFigures(rows: readonly SweepRow[]): string[] {
  const bySeries = new Map<string, SweepRow[]>();
  for (const row of rows) bySeries.set(row.series, [...(bySeries.get(row.series) ?? []), row]);
  return Object.keys(_CHANGE).filter((id) =>
    [...bySeries.values()].every((series) => !_changed(series, id))
  );
}

function _changed(rows: readonly SweepRow[], id: string): boolean {
  const points = rows.map((row) => row.figures[id]).filter((figure) => figure.median !== null);
  if (points.length < 2) return false;
  const low = points.reduce((a, b) => (b.median! < a.median! ? b : a));
  const high = points.reduce((a, b) => (b.median! > a.median! ? b : a));
  const difference = high.median! - low.median!;
  const scale = Math.max(Math.abs(high.median!), Math.abs(low.median!));
  if (difference <= Math.max(_CHANGE[id].absolute, _RELATIVE_CHANGE * scale)) return false;
  // With quartiles on both ends, overlapping spreads are noise too.
  if (low.n >= 2 && high.n >= 2 && low.q3 !== null && high.q1 !== null) {
    return high.q1 > low.q3;
  }
  return true;
}

function _mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function _round(value: number): string {
  return value.toFixed(1);
}
