/**
 * Finished spans -> an OTLP/JSON `ExportTraceServiceRequest`: the body a collector takes on
 * `POST /v1/traces`, and what Tempo and newer Jaeger read from a file.
 *
 * @module
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";

/** An OTLP `AnyValue`: exactly one of the fields is set. */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** A number here; the protobuf JSON mapping also allows a decimal string, receivers take both. */
  intValue?: number | string;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values: OtlpAnyValue[] };
  kvlistValue?: { values: OtlpKeyValue[] };
}

/** An OTLP attribute. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** An OTLP span event. */
export interface OtlpEvent {
  name: string;
  /** Nanoseconds since the Unix epoch, as a decimal string. */
  timeUnixNano: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

/** An OTLP span link. */
export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
  flags?: number;
}

/** An OTLP span, as the JSON encoding of the spec writes it. */
export interface OtlpSpan {
  /** 32 lowercase hex digits (the JSON encoding uses hex, not base64). */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** 16 lowercase hex digits; absent on a root span. */
  parentSpanId?: string;
  traceState?: string;
  name: string;
  /** SpanKind as the proto enum's integer: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Nanoseconds since the Unix epoch, as a decimal string. */
  startTimeUnixNano: string;
  /** Nanoseconds since the Unix epoch, as a decimal string. */
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
  events: OtlpEvent[];
  droppedEventsCount: number;
  /** Code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  links: OtlpLink[];
  droppedLinksCount: number;
  flags?: number;
}

/** Spans of one instrumentation scope. */
export interface OtlpScopeSpans {
  scope: { name: string; version?: string; attributes?: OtlpKeyValue[] };
  spans: OtlpSpan[];
  schemaUrl?: string;
}

/** Spans of one resource (our run). */
export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[]; droppedAttributesCount: number };
  scopeSpans: OtlpScopeSpans[];
  schemaUrl?: string;
}

/** The `ExportTraceServiceRequest` message in its JSON encoding. */
export interface OtlpTraceRequest {
  resourceSpans: OtlpResourceSpans[];
}

/**
 * Converts finished spans to the OTLP/JSON `ExportTraceServiceRequest` that
 * `POST /v1/traces` takes.
 *
 * It is the official serializer's output (`JsonTraceSerializer` from
 * `@opentelemetry/otlp-transformer`, the one the OTLP/HTTP exporter sends), so the file and the
 * collector stream are byte-for-byte the same encoding: trace and span ids in lowercase hex (the
 * OTLP JSON rule, not protobuf-JSON's base64), times as decimal strings of nanoseconds, attribute
 * values as `AnyValue`, kind and status code as integers. The input is not changed.
 *
 * @example
 * ```ts
 * import { toOtlpJson } from "./otlp_json.ts";
 *
 * const request = toOtlpJson([]);
 * console.assert(request.resourceSpans.length === 0);
 * ```
 */
export function toOtlpJson(spans: readonly ReadableSpan[]): OtlpTraceRequest {
  return JSON.parse(new TextDecoder().decode(encodeOtlpJson(spans))) as OtlpTraceRequest;
}

/**
 * The request {@link toOtlpJson} returns, as the UTF-8 JSON text a file or a collector gets:
 * what the trace file writer uses, which saves parsing and re-serialising tens of megabytes.
 */
export function encodeOtlpJson(spans: readonly ReadableSpan[]): Uint8Array {
  const empty = (): Uint8Array => new TextEncoder().encode('{"resourceSpans":[]}');
  if (spans.length === 0) return empty();
  // The serializer only reads its input; the cast drops `readonly` from the array type.
  return JsonTraceSerializer.serializeRequest(spans as ReadableSpan[]) ?? empty();
}
