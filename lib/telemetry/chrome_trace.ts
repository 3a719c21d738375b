/**
 * Finished spans -> Chrome trace-event JSON, which ui.perfetto.dev and chrome://tracing open: one
 * process per bench host, spans as async slices, and flow arrows from each `publish` to each
 * `deliver` of the same message.
 *
 * @module
 */
import type { HrTime } from "@opentelemetry/api";
import { SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import {
  _byStartTime,
  _epochNanosString,
  _hostIndexBySpan,
  _nanosSince,
  _spanKey,
} from "./_span_tree.ts";
import { SPAN_ATTRIBUTES, SPAN_NAMES } from "./span_conventions.ts";

/** One trace event (the fields this writer uses). */
export interface ChromeTraceEvent {
  name: string;
  /** `b`/`e`/`n` async begin/end/instant, `X` complete, `s`/`f` flow, `M` metadata. */
  ph: "b" | "e" | "n" | "X" | "s" | "f" | "M";
  /** Microseconds since the earliest span start of the file (`otherData.traceOriginUnixNano`). */
  ts: number;
  pid: number;
  tid: number;
  cat?: string;
  /** Async events: the span id (hex). Flow events: the flow's number. */
  id?: string | number;
  /** Complete events: microseconds. */
  dur?: number;
  /** Flow end: `"e"` binds it to the slice that encloses it, not the next one. */
  bp?: "e";
  args?: Record<string, unknown>;
}

/** The JSON object form of the trace-event format. */
export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: "ms";
  otherData: Record<string, string | number | boolean>;
}

/** Options of {@link toChromeTrace}. */
export interface ChromeTraceOptions {
  /**
   * Extra entries for `otherData` (shown as trace metadata), e.g. `{ droppedSpans: 12 }`.
   * @default {}
   */
  otherData?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * pid of the spans that belong to no host (the run, its phases). Not 0: Perfetto treats pid 0 as
 * the kernel's idle process and its maintainers ask synthetic traces to start at 1
 * (google/perfetto#394).
 */
export const CHROME_RUN_PID = 1;

/** pid of host `hostIndex`. */
export function chromeHostPid(hostIndex: number): number {
  return hostIndex + 2;
}

/** Name and cat of the flow events (Perfetto keys a v1 flow by id, cat and name together). */
export const CHROME_FLOW_NAME = "message";

/**
 * Converts finished spans to a Chrome trace-event file.
 *
 * - Processes: a span belongs to the host of its nearest ancestor-or-self with
 *   `bench.host.index` (pid `index + 2`, named `host <index>` plus its peer id when a span has
 *   `libp2p.peer.id`); the rest go to the `run` process (pid 1). `process_name`,
 *   `process_sort_index` and `thread_name` metadata name them.
 * - Spans: async slices (`b`/`e`, `cat` = instrumentation scope, `id` = span id), one per span,
 *   so no two spans must nest: OpenTelemetry lets a child outlive its parent and lets siblings
 *   overlap, which would break the strict nesting that complete (`X`) slices on a thread need.
 *   Span events become async instants (`n`). Attributes, ids and status go in `args`.
 * - `publish` and `deliver` spans are complete slices (`X`) on "messages" threads of their host
 *   instead, because flow events bind only to thread slices: Perfetto's JSON importer looks up
 *   the `s`/`f` event's enclosing slice on the thread track of its pid/tid, never on an async
 *   track, and so does chrome://tracing. Slices that overlap in time go on separate threads
 *   (`messages 1`, `messages 2`, ...), so no two slices of a thread overlap; their span events
 *   go in `args["otel.events"]`, so nothing nests inside them either.
 * - Flows: one `s` (at the middle of the publish slice) and one `f` with `bp: "e"` (at the middle
 *   of the deliver slice) per pair of a `publish` and a `deliver` with the same
 *   `pubsub.message.id`; each pair has its own numeric `id`, all share `cat` and `name`
 *   `"message"`.
 *
 * Times are microseconds (with nanosecond decimals) from the earliest span start, kept small so a
 * 64-bit float holds them exactly; `otherData.traceOriginUnixNano` gives that origin. The input is
 * not changed.
 *
 * @example
 * ```ts
 * import { toChromeTrace } from "./chrome_trace.ts";
 *
 * console.assert(toChromeTrace([]).traceEvents.length === 0);
 * ```
 */
export function toChromeTrace(
  spans: readonly ReadableSpan[],
  options: ChromeTraceOptions = {},
): ChromeTrace {
  const sorted = _byStartTime(spans);
  const otherData: Record<string, string | number | boolean> = {
    spanCount: spans.length,
    ..._resourceData(sorted[0]),
    ...options.otherData,
  };
  if (sorted.length === 0) return { traceEvents: [], displayTimeUnit: "ms", otherData };
  const origin = sorted[0].startTime;
  otherData.traceOriginUnixNano = _epochNanosString(origin);
  const micros = (time: HrTime): number => _nanosSince(origin, time) / 1000;

  const hosts = _hostIndexBySpan(sorted);
  const processes = new Map<number, _Process>();
  const events: ChromeTraceEvent[] = [];
  const messageSlices: _MessageSlice[] = [];
  for (const span of sorted) {
    const { traceId, spanId } = span.spanContext();
    const hostIndex = hosts.get(_spanKey(traceId, spanId));
    const pid = hostIndex === undefined ? CHROME_RUN_PID : chromeHostPid(hostIndex);
    const process = _maybeProcess(processes, pid, hostIndex);
    const peerId = span.attributes[SPAN_ATTRIBUTES.peerId];
    if (process.peerId === undefined && typeof peerId === "string") process.peerId = peerId;
    const cat = span.instrumentationScope.name || "span";
    if (span.name === SPAN_NAMES.publish || span.name === SPAN_NAMES.deliver) {
      const slice = { span, pid, cat, lane: _takeLane(process, span), tid: 0 };
      messageSlices.push(slice);
      continue;
    }
    const common = { cat, id: spanId, pid, tid: pid };
    events.push({
      ...common,
      name: span.name,
      ph: "b",
      ts: micros(span.startTime),
      args: _args(span),
    });
    for (const event of span.events) {
      events.push({
        ...common,
        name: event.name,
        ph: "n",
        ts: micros(event.time),
        args: _jsonSafe(event.attributes ?? {}),
      });
    }
    events.push({ ...common, name: span.name, ph: "e", ts: micros(span.endTime) });
  }

  _assignLaneTids(processes);
  for (const slice of messageSlices) {
    const process = processes.get(slice.pid)!;
    slice.tid = process.laneTids[slice.lane];
    const { span } = slice;
    const ts = micros(span.startTime);
    const args = _args(span);
    // Span events stay in args here: as instants they would be nested slices of this thread,
    // and Perfetto binds a flow event to the innermost slice still open on the thread, which
    // would then be the instant, not the publish or deliver.
    if (span.events.length > 0) {
      args["otel.events"] = span.events.map((event) => ({
        name: event.name,
        ts: micros(event.time),
        ..._jsonSafe(event.attributes ?? {}),
      }));
    }
    events.push({
      name: span.name,
      ph: "X",
      cat: slice.cat,
      ts,
      dur: micros(span.endTime) - ts,
      pid: slice.pid,
      tid: slice.tid,
      args,
    });
  }
  events.push(..._flowEvents(messageSlices, micros));
  // Stable sort: equal times keep the order above (a span's begin before its instants and end).
  events.sort((a, b) => a.ts - b.ts);
  return {
    traceEvents: [..._metadataEvents(processes), ...events],
    displayTimeUnit: "ms",
    otherData,
  };
}

interface _Process {
  pid: number;
  hostIndex: number | undefined;
  peerId?: string;
  /** End time of the last slice on each "messages" thread. */
  laneEnds: HrTime[];
  laneTids: number[];
}

interface _MessageSlice {
  span: ReadableSpan;
  pid: number;
  cat: string;
  lane: number;
  tid: number;
}

function _maybeProcess(
  processes: Map<number, _Process>,
  pid: number,
  hostIndex: number | undefined,
): _Process {
  let process = processes.get(pid);
  if (process === undefined) {
    process = { pid, hostIndex, laneEnds: [], laneTids: [] };
    processes.set(pid, process);
  }
  return process;
}

/** First "messages" thread free before `span` starts (spans arrive sorted by start). */
function _takeLane(process: _Process, span: ReadableSpan): number {
  const start = span.startTime;
  for (let lane = 0; lane < process.laneEnds.length; lane++) {
    const end = process.laneEnds[lane];
    // Strictly before: a slice starting at the instant another ends would share a timestamp,
    // and importers differ on which of the two comes first.
    if (end[0] < start[0] || (end[0] === start[0] && end[1] < start[1])) {
      process.laneEnds[lane] = span.endTime;
      return lane;
    }
  }
  process.laneEnds.push(span.endTime);
  return process.laneEnds.length - 1;
}

/**
 * Thread ids for the "messages" threads, unique across the whole file and distinct from every
 * pid: the async slices use tid = pid, and an importer that saw one tid under two pids would
 * think the thread moved.
 */
function _assignLaneTids(processes: Map<number, _Process>): void {
  const pids = [...processes.keys()].sort((a, b) => a - b);
  let next = (pids.at(-1) ?? 0) + 1;
  for (const pid of pids) {
    const process = processes.get(pid)!;
    process.laneTids = process.laneEnds.map(() => next++);
  }
}

function _metadataEvents(processes: Map<number, _Process>): ChromeTraceEvent[] {
  const events: ChromeTraceEvent[] = [];
  for (const process of [...processes.values()].sort((a, b) => a.pid - b.pid)) {
    const { pid } = process;
    const name = process.hostIndex === undefined
      ? "run"
      : `host ${process.hostIndex}${process.peerId ? ` ${process.peerId}` : ""}`;
    events.push({ name: "process_name", ph: "M", ts: 0, pid, tid: pid, args: { name } });
    events.push({
      name: "process_sort_index",
      ph: "M",
      ts: 0,
      pid,
      tid: pid,
      args: { sort_index: pid },
    });
    events.push({ name: "thread_name", ph: "M", ts: 0, pid, tid: pid, args: { name: "spans" } });
    process.laneTids.forEach((tid, lane) => {
      events.push({
        name: "thread_name",
        ph: "M",
        ts: 0,
        pid,
        tid,
        args: { name: `messages ${lane + 1}` },
      });
    });
  }
  return events;
}

function _flowEvents(
  slices: readonly _MessageSlice[],
  micros: (time: HrTime) => number,
): ChromeTraceEvent[] {
  const publishes = new Map<string, _MessageSlice[]>();
  for (const slice of slices) {
    const messageId = slice.span.attributes[SPAN_ATTRIBUTES.messageId];
    if (slice.span.name !== SPAN_NAMES.publish || typeof messageId !== "string") continue;
    const list = publishes.get(messageId);
    if (list === undefined) publishes.set(messageId, [slice]);
    else list.push(slice);
  }
  const middle = (span: ReadableSpan): number =>
    (micros(span.startTime) + micros(span.endTime)) / 2;
  const events: ChromeTraceEvent[] = [];
  let id = 0;
  for (const deliver of slices) {
    const messageId = deliver.span.attributes[SPAN_ATTRIBUTES.messageId];
    if (deliver.span.name !== SPAN_NAMES.deliver || typeof messageId !== "string") continue;
    for (const publish of publishes.get(messageId) ?? []) {
      id++;
      const common = {
        name: CHROME_FLOW_NAME,
        cat: CHROME_FLOW_NAME,
        id,
        args: { [SPAN_ATTRIBUTES.messageId]: messageId },
      };
      events.push({
        ...common,
        ph: "s",
        ts: middle(publish.span),
        pid: publish.pid,
        tid: publish.tid,
      });
      events.push({
        ...common,
        ph: "f",
        bp: "e",
        ts: middle(deliver.span),
        pid: deliver.pid,
        tid: deliver.tid,
      });
    }
  }
  return events;
}

function _args(span: ReadableSpan): Record<string, unknown> {
  const { traceId, spanId } = span.spanContext();
  const args = _jsonSafe(span.attributes);
  args["otel.trace_id"] = traceId;
  args["otel.span_id"] = spanId;
  if (span.parentSpanContext) args["otel.parent_span_id"] = span.parentSpanContext.spanId;
  if (span.status.code !== SpanStatusCode.UNSET) {
    args["otel.status_code"] = SpanStatusCode[span.status.code];
    if (span.status.message) args["otel.status_description"] = span.status.message;
  }
  return args;
}

/** Attributes as JSON can carry them: NaN and Infinity (which JSON writes as null) as text. */
function _jsonSafe(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out[key] = typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
  }
  return out;
}

function _resourceData(span: ReadableSpan | undefined): Record<string, string | number | boolean> {
  const data: Record<string, string | number | boolean> = {};
  if (span === undefined) return data;
  for (const [key, value] of Object.entries(span.resource.attributes)) {
    if (typeof value === "string" || typeof value === "boolean") data[key] = value;
    else if (typeof value === "number" && Number.isFinite(value)) data[key] = value;
  }
  return data;
}
