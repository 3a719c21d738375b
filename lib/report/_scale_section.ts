/**
 * The report's "Scale" section: the scale chart and, per cell, time, CPU and memory per host and
 * the shards its runs were spread over.
 *
 * @module
 */
import type { CellSummary } from "../bench/mod.ts";
import type { ReportBlock, RichText } from "./report_document.ts";
import { SCALE_METRICS, type ScaleChartSpec } from "./scale_chart_spec.ts";

/** How many shards each cell's runs used. */
export interface CellShards {
  hosts: number;
  msgs: number;
  variant: string;
  shards: number;
}

const _NONE = "—";
const _FORMATS: Record<string, (value: number) => string> = {
  activeMs: (ms) => ms.toFixed(ms < 10 ? 2 : 1),
  cpuMs: (ms) => ms.toFixed(ms < 10 ? 2 : 1),
  peakRssBytes: (mib) => mib.toFixed(2),
};

/**
 * The section, or nothing when the spec has no points (fewer than two host counts). `chart` is
 * the drawn scale chart block; `shards` tells the sharding of each cell (absent: 1).
 */
export function scaleSection(
  spec: ScaleChartSpec,
  chart: ReportBlock,
  cells: readonly CellSummary[],
  shards: readonly CellShards[] = [],
): ReportBlock[] {
  if (spec.points.length === 0) return [];
  const shardsOf = (cell: CellSummary["cell"]) =>
    shards.find((entry) =>
      entry.hosts === cell.hosts && entry.msgs === cell.msgs && entry.variant === cell.variant
    )?.shards ?? 1;
  const variants = [...new Set(cells.map(({ cell }) => cell.variant))];
  const rows: RichText[][] = [...cells]
    .sort((a, b) =>
      variants.indexOf(a.cell.variant) - variants.indexOf(b.cell.variant) ||
      a.cell.msgs - b.cell.msgs || a.cell.hosts - b.cell.hosts
    )
    .map(({ cell, metrics }) => [
      String(cell.hosts),
      String(cell.msgs),
      cell.variant,
      String(shardsOf(cell)),
      ...SCALE_METRICS.map(({ metric }) => {
        const point = spec.points.find((candidate) =>
          candidate.hosts === cell.hosts && candidate.msgs === cell.msgs &&
          candidate.variant === cell.variant && candidate.metric === metric
        );
        return point === undefined ? _NONE : _FORMATS[metric](point.y);
      }),
      String(metrics[SCALE_METRICS[0].metric]?.n ?? 0),
    ]);
  return [
    { kind: "heading", level: 2, text: "Scale" },
    chart,
    {
      kind: "paragraph",
      text: "Per host: the median over counted ok runs divided by the host count. Shards are " +
        "the worker threads each run's hosts were spread over (docs/scaling.md).",
      keepWithNext: true,
    },
    {
      kind: "table",
      header: [
        "hosts",
        "msgs",
        "variant",
        "shards",
        "active ms / host",
        "CPU ms / host",
        "peak RSS MiB / host",
        "n",
      ],
      align: ["right", "right", "left", "right", "right", "right", "right", "right"],
      rows,
    },
  ];
}
