/**
 * A report's PNG charts, drawn on a worker thread while the report's own thread lays out the
 * Markdown and the PDF. resvg's drawing is most of a report's time (about 1.2 of 1.8 s for a
 * small bench here), so on a machine with a second core the report is ready sooner; the PNGs are
 * the same as {@linkcode renderChartPng}'s.
 *
 * @module
 */
import { ReportError } from "./report_error.ts";

/** A chart to draw: sent to the worker. */
export interface ChartPngRequest {
  id: number;
  svg: string;
}

/** One drawn chart, or why it could not be drawn: sent back by the worker. */
export type ChartPngAnswer = { id: number; png: Uint8Array } | { id: number; error: string };

const _ENTRY = new URL("./chart_png_worker.ts", import.meta.url);

/**
 * Starts drawing `svgs` as PNGs on a worker thread; the promise resolves with them in the same
 * order, and the worker is ended either way.
 *
 * @example
 * ```ts
 * const pngs = renderChartPngs([renderChartSvg(spec)]); // started now
 * // ... other work ...
 * const [png] = await pngs;
 * ```
 *
 * @throws {ReportError} (from the promise) when a chart cannot be drawn or the worker fails
 */
export function renderChartPngs(svgs: readonly string[]): Promise<Uint8Array[]> {
  if (svgs.length === 0) return Promise.resolve([]);
  const worker = new Worker(_ENTRY, { type: "module", name: "chart-png" });
  const pngs: Uint8Array[] = new Array(svgs.length);
  let left = svgs.length;
  const done = Promise.withResolvers<Uint8Array[]>();
  worker.onmessage = (event: MessageEvent<ChartPngAnswer>) => {
    const answer = event.data;
    if ("error" in answer) return done.reject(new ReportError(answer.error));
    pngs[answer.id] = answer.png;
    if (--left === 0) done.resolve(pngs);
  };
  worker.onerror = (event: ErrorEvent) => {
    // Handled here: unhandled, a worker's error would end the whole process.
    event.preventDefault();
    done.reject(new ReportError(`the chart PNG worker failed: ${event.message}`));
  };
  svgs.forEach((svg, id) => worker.postMessage({ id, svg } satisfies ChartPngRequest));
  return done.promise.finally(() => worker.terminate());
}
