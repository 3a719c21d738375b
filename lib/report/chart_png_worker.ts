/**
 * Entry point of the worker thread that draws a report's PNG charts (see
 * `render_chart_pngs.ts`): each message is one chart's SVG, each answer its PNG or the reason it
 * could not be drawn.
 *
 * @module
 */
import { renderChartPng } from "./render_chart_png.ts";
import type { ChartPngAnswer, ChartPngRequest } from "./render_chart_pngs.ts";

/** The worker's own scope, typed for what it is used for here. */
interface _WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ChartPngRequest>) => void) | null;
}

const scope = globalThis as unknown as _WorkerScope;
// One chart after another: resvg's WebAssembly is single-threaded anyway.
let queue = Promise.resolve();
scope.onmessage = (event) => {
  const { id, svg } = event.data;
  queue = queue.then(async () => {
    try {
      const png = await renderChartPng(svg);
      scope.postMessage({ id, png } satisfies ChartPngAnswer, [png.buffer as ArrayBuffer]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      scope.postMessage({ id, error: message } satisfies ChartPngAnswer);
    }
  });
};
