/**
 * Finished spans -> the JSON the Jaeger UI's "JSON File" upload reads (the shape of Jaeger's
 * query API, `model/json` in jaegertracing/jaeger), with one Jaeger process per bench host.
 *
 * @module
 */
import { type AttributeValue, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { _byStartTime, _epochMicros, _hostIndexBySpan, _spanKey } from "./_span_tree.ts";
import { SPAN_ATTRIBUTES } from "./span_conventions.ts";

/** A typed Jaeger tag or log field. */
export interface JaegerTag {
  key: string;
  type: "string" | "bool" | "int64" | "float64" | "binary";
  value: string | boolean | number;
}

/** A reference from a span to its parent (`CHILD_OF`) or to a linked span (`FOLLOWS_FROM`). */
export interface JaegerReference {
  refType: "CHILD_OF" | "FOLLOWS_FROM";
  traceID: string;
  spanID: string;
}

/** A span event. */
export interface JaegerLog {
  /** Microseconds since the Unix epoch. */
  timestamp: number;
  fields: JaegerTag[];
}

/** A Jaeger span. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  /** Microseconds since the Unix epoch (whole). */
  startTime: number;
  /** Microseconds (whole). */
  duration: number;
  tags: JaegerTag[];
  logs: JaegerLog[];
  /** A key of the trace's `processes`. */
  processID: string;
  warnings: string[] | null;
  /** W3C trace flags (1: sampled). */
  flags: number;
}

/** A Jaeger process: here the run itself, or one bench host. */
export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

/** One trace. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

/** The file: what `GET /api/traces` answers, which is what the UI's upload takes. */
export interface JaegerTraceFile {
  data: JaegerTrace[];
}

/** Options of {@link toJaegerJson}. */
export interface JaegerJsonOptions {
  /**
   * Lines put in every trace's `warnings`, which the UI shows above the trace (for example how
   * many spans were dropped past the span limit).
   * @default []
   */
  warnings?: readonly string[];
}

/** Process id of the spans that belong to no host: the run, its phases. */
export const JAEGER_RUN_PROCESS_ID = "p1";

/** Process id of host `hostIndex` (`p2` is host 0, like the Chrome trace's pids). */
export function jaegerHostProcessId(hostIndex: number): string {
  return `p${hostIndex + 2}`;
}

/**
 * Converts finished spans to Jaeger UI JSON: one entry of `data` per trace id, spans sorted by
 * start time, times in whole microseconds (rounded down, so a child that nests within its parent
 * in nanoseconds still does in microseconds).
 *
 * Processes: a span belongs to the host of its nearest ancestor-or-self with `bench.host.index`
 * (process `p<index + 2>`, service `<service.name> host <index>`, so the UI colours hosts apart);
 * other spans belong to the run (process `p1`, service `<service.name>`). Resource attributes go
 * in every process's tags. Mapping as Jaeger's own OTLP translator does it: attributes -> typed
 * tags (arrays as JSON strings), kind -> `span.kind`, status -> `otel.status_code` (and `error`
 * = true), scope -> `otel.scope.name`, events -> logs with an `event` field, parent -> a
 * `CHILD_OF` reference, links -> `FOLLOWS_FROM` references. The input is not changed.
 *
 * @example
 * ```ts
 * import { toJaegerJson } from "./jaeger_json.ts";
 *
 * console.assert(toJaegerJson([]).data.length === 0);
 * ```
 */
export function toJaegerJson(
  spans: readonly ReadableSpan[],
  options: JaegerJsonOptions = {},
): JaegerTraceFile {
  const warnings = options.warnings && options.warnings.length > 0 ? [...options.warnings] : null;
  const hosts = _hostIndexBySpan(spans);
  const traces = new Map<string, JaegerTrace>();
  for (const span of _byStartTime(spans)) {
    const { traceId, spanId, traceFlags } = span.spanContext();
    let trace = traces.get(traceId);
    if (trace === undefined) {
      trace = { traceID: traceId, spans: [], processes: {}, warnings };
      traces.set(traceId, trace);
    }
    const hostIndex = hosts.get(_spanKey(traceId, spanId));
    const processID = hostIndex === undefined
      ? JAEGER_RUN_PROCESS_ID
      : jaegerHostProcessId(hostIndex);
    if (!(processID in trace.processes)) {
      trace.processes[processID] = _process(span, hostIndex);
    } else if (hostIndex !== undefined) {
      _maybeAddPeerId(trace.processes[processID], span);
    }
    trace.spans.push(_span(span, processID, traceFlags));
  }
  return { data: [...traces.values()] };
}

function _span(span: ReadableSpan, processID: string, flags: number): JaegerSpan {
  const { traceId, spanId } = span.spanContext();
  const references: JaegerReference[] = [];
  if (span.parentSpanContext !== undefined) {
    references.push({
      refType: "CHILD_OF",
      traceID: span.parentSpanContext.traceId,
      spanID: span.parentSpanContext.spanId,
    });
  }
  for (const link of span.links) {
    references.push({
      refType: "FOLLOWS_FROM",
      traceID: link.context.traceId,
      spanID: link.context.spanId,
    });
  }
  const startTime = _epochMicros(span.startTime);
  return {
    traceID: traceId,
    spanID: spanId,
    operationName: span.name,
    references,
    startTime,
    duration: Math.max(0, _epochMicros(span.endTime) - startTime),
    tags: _spanTags(span),
    logs: span.events.map((event) => ({
      timestamp: _epochMicros(event.time),
      fields: [
        { key: "event", type: "string", value: event.name },
        ..._tags(event.attributes ?? {}),
      ],
    })),
    processID,
    warnings: null,
    flags,
  };
}

function _spanTags(span: ReadableSpan): JaegerTag[] {
  const tags = _tags(span.attributes);
  tags.push({ key: "span.kind", type: "string", value: SpanKind[span.kind].toLowerCase() });
  const scope = span.instrumentationScope;
  tags.push({ key: "otel.scope.name", type: "string", value: scope.name });
  if (scope.version) tags.push({ key: "otel.scope.version", type: "string", value: scope.version });
  if (span.status.code !== SpanStatusCode.UNSET) {
    tags.push({
      key: "otel.status_code",
      type: "string",
      value: SpanStatusCode[span.status.code],
    });
    if (span.status.code === SpanStatusCode.ERROR) {
      tags.push({ key: "error", type: "bool", value: true });
    }
    if (span.status.message) {
      tags.push({ key: "otel.status_description", type: "string", value: span.status.message });
    }
  }
  return tags;
}

function _process(span: ReadableSpan, hostIndex: number | undefined): JaegerProcess {
  const resource = span.resource.attributes;
  const service = typeof resource["service.name"] === "string"
    ? resource["service.name"]
    : "unknown_service";
  const { "service.name": _service, ...rest } = resource;
  const tags = _tags(rest);
  if (hostIndex === undefined) return { serviceName: service, tags };
  tags.push({ key: SPAN_ATTRIBUTES.hostIndex, type: "int64", value: hostIndex });
  const process = { serviceName: `${service} host ${hostIndex}`, tags };
  _maybeAddPeerId(process, span);
  return process;
}

/** The host's peer id, from whichever of its spans carries it first. */
function _maybeAddPeerId(process: JaegerProcess, span: ReadableSpan): void {
  const peerId = span.attributes[SPAN_ATTRIBUTES.peerId];
  if (typeof peerId !== "string") return;
  if (process.tags.some((tag) => tag.key === SPAN_ATTRIBUTES.peerId)) return;
  process.tags.push({ key: SPAN_ATTRIBUTES.peerId, type: "string", value: peerId });
}

function _tags(attributes: Record<string, AttributeValue | undefined>): JaegerTag[] {
  const tags: JaegerTag[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    tags.push(_tag(key, value));
  }
  return tags;
}

function _tag(key: string, value: AttributeValue): JaegerTag {
  if (typeof value === "string") return { key, type: "string", value };
  if (typeof value === "boolean") return { key, type: "bool", value };
  if (typeof value === "number") {
    if (Number.isInteger(value)) return { key, type: "int64", value };
    // JSON has no NaN or Infinity: they would be written as null, which the UI cannot show.
    return Number.isFinite(value)
      ? { key, type: "float64", value }
      : { key, type: "string", value: String(value) };
  }
  // Jaeger has no array type; its OTLP translator writes arrays as JSON text, and so do we.
  return { key, type: "string", value: JSON.stringify(value) };
}
