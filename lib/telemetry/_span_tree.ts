/**
 * Helpers the trace writers share: which host a span belongs to, and exact time arithmetic on the
 * SDK's `[seconds, nanoseconds]` times.
 *
 * @module
 */
import type { HrTime, SpanContext } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { SPAN_ATTRIBUTES } from "./span_conventions.ts";

/** A key unique to one span of a file: span ids are only unique within their trace. */
export function _spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}

/**
 * Host index of each span (by {@link _spanKey}): the `bench.host.index` of the nearest
 * ancestor-or-self that has one, `undefined` when none has (the run's own spans). The walk stops
 * at a parent that is not among `spans` (dropped past the span limit, or never ended).
 */
export function _hostIndexBySpan(
  spans: readonly ReadableSpan[],
): Map<string, number | undefined> {
  const byKey = new Map<string, ReadableSpan>();
  for (const span of spans) {
    const { traceId, spanId } = span.spanContext();
    byKey.set(_spanKey(traceId, spanId), span);
  }
  const hosts = new Map<string, number | undefined>();
  for (const span of spans) {
    // Walk up until a span with a known answer or an index; then fill the whole path, so each
    // span is visited a bounded number of times even for deep trees of 50k spans.
    const path: string[] = [];
    let current: ReadableSpan | undefined = span;
    let found: number | undefined;
    while (current !== undefined) {
      const key = _spanKey(current.spanContext().traceId, current.spanContext().spanId);
      if (hosts.has(key)) {
        found = hosts.get(key);
        break;
      }
      path.push(key);
      const own = _maybeHostIndex(current.attributes[SPAN_ATTRIBUTES.hostIndex]);
      if (own !== undefined) {
        found = own;
        break;
      }
      const parent: SpanContext | undefined = current.parentSpanContext;
      current = parent === undefined
        ? undefined
        : byKey.get(_spanKey(current.spanContext().traceId, parent.spanId));
    }
    for (const key of path) hosts.set(key, found);
  }
  return hosts;
}

/** A host index is a non-negative integer; anything else on the attribute is ignored. */
function _maybeHostIndex(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Nanoseconds from `origin` to `time`, exact while under 2^53 ns (about 104 days). */
export function _nanosSince(origin: HrTime, time: HrTime): number {
  return (time[0] - origin[0]) * 1e9 + (time[1] - origin[1]);
}

/** Whole microseconds since the Unix epoch, rounded down (exact: no 64-bit float overflow). */
export function _epochMicros(time: HrTime): number {
  return time[0] * 1e6 + Math.floor(time[1] / 1e3);
}

/** Nanoseconds since the Unix epoch as a decimal string (OTLP's own encoding). */
export function _epochNanosString(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

/** Which of two times is earlier: negative, zero or positive like a sort comparator. */
export function _compareHrTime(a: HrTime, b: HrTime): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** Spans sorted by start time (then by end, longest first, so a parent precedes its child). */
export function _byStartTime(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return [...spans].sort((a, b) =>
    _compareHrTime(a.startTime, b.startTime) || _compareHrTime(b.endTime, a.endTime)
  );
}
