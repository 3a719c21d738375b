// Test helper: loads a Chrome trace-event file into Chrome DevTools' own trace engine (the
// Performance panel's parser, published on npm as @paulirish/trace_engine) and returns what
// DevTools makes of it. Perfetto's trace processor and Jaeger are not packaged for npm or Debian;
// this is the real consumer of the Chrome format that runs here (see docs/telemetry.md).
import * as Trace from "@paulirish/trace_engine";

/** A slice as DevTools places it. */
export interface DevtoolsSlice {
  name: string;
  /** Microseconds, as in the file. */
  ts: number;
  dur: number;
}

/** A thread DevTools shows a track for. */
export interface DevtoolsThread {
  pid: number;
  tid: number;
  name: string;
  slices: DevtoolsSlice[];
}

/** What DevTools read from a trace. */
export interface DevtoolsView {
  /** Process names from the `process_name` metadata, by pid. */
  processNames: Map<number, string>;
  /** Threads with slices, by pid then tid. */
  threads: DevtoolsThread[];
  /** The span of time DevTools shows, in microseconds. */
  bounds: { min: number; max: number };
}

interface _Event {
  name: string;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** Parses `traceEvents` with every DevTools handler; throws what the engine throws. */
export async function loadInDevtools(traceEvents: unknown[]): Promise<DevtoolsView> {
  // The engine measures with DOMRect, which Deno (like Node) does not have.
  if (!("DOMRect" in globalThis)) {
    Object.assign(globalThis, {
      DOMRect: class {
        constructor(public x = 0, public y = 0, public width = 0, public height = 0) {}
      },
    });
  }
  const model = Trace.TraceModel.Model.createWithAllHandlers();
  await model.parse(traceEvents as never);
  const parsed = model.parsedTrace();
  if (parsed === null) throw new Error("DevTools' trace engine returned no parsed trace");
  const data = parsed.data;
  const processNames = new Map<number, string>();
  for (const [pid, event] of data.Meta.processNames as Map<number, _Event>) {
    processNames.set(pid, String(event.args?.name));
  }
  const threads = Trace.Handlers.Threads.threadsInTrace(data).map((thread) => ({
    pid: Number(thread.pid),
    tid: Number(thread.tid),
    name: String(thread.name),
    slices: (thread.entries as unknown as _Event[]).map((entry) => ({
      name: entry.name,
      ts: Number(entry.ts),
      dur: Number(entry.dur ?? 0),
    })),
  })).sort((a, b) => a.pid - b.pid || a.tid - b.tid);
  const { min, max } = data.Meta.traceBounds;
  return { processNames, threads, bounds: { min: Number(min), max: Number(max) } };
}
