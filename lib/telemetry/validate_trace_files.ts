/**
 * Structural checks of the three trace files, for tests (ours and the bench's): each validator
 * takes the parsed JSON and returns the problems it found, one line each; an empty list means
 * the file is valid.
 *
 * @module
 */

/** Options of the validators. */
export interface ValidateTraceOptions {
  /**
   * Check that each child's time range lies within its parent's. OpenTelemetry allows a child
   * to outlive its parent; our producers promise they do not, so the check is on by default.
   * @default true
   */
  checkNesting?: boolean;
  /**
   * Stop after this many problems (a broken file of 50k spans would otherwise give 50k lines);
   * a last line says how many more there were.
   * @default 50
   */
  maxProblems?: number;
}

const _TRACE_ID = /^[0-9a-f]{32}$/;
const _SPAN_ID = /^[0-9a-f]{16}$/;
const _ZERO_TRACE_ID = "0".repeat(32);
const _ZERO_SPAN_ID = "0".repeat(16);
const _DECIMAL = /^[0-9]+$/;

/**
 * Validates an OTLP/JSON `ExportTraceServiceRequest`: trace ids are 32 and span ids 16
 * lowercase hex digits (not all zero), span ids are unique, every `parentSpanId` is a span of the
 * file in the same trace, times are decimal nanoseconds with start <= end, and (unless
 * `checkNesting` is false) every child's range lies within its parent's.
 *
 * @example
 * ```ts
 * import { validateOtlpJson } from "./validate_trace_files.ts";
 *
 * console.assert(validateOtlpJson({ resourceSpans: [] }).length === 0);
 * console.assert(validateOtlpJson({}).length === 1);
 * ```
 */
export function validateOtlpJson(file: unknown, options: ValidateTraceOptions = {}): string[] {
  const problems = new _Problems(options.maxProblems);
  const resourceSpans = _isObject(file) ? file.resourceSpans : undefined;
  if (!Array.isArray(resourceSpans)) {
    problems.add("OTLP: the file has no resourceSpans array");
    return problems.list();
  }
  const spans: _TimedSpan[] = [];
  resourceSpans.forEach((resource, r) => {
    const scopeSpans = _isObject(resource) ? resource.scopeSpans : undefined;
    if (!Array.isArray(scopeSpans)) {
      problems.add(`OTLP: resourceSpans[${r}] has no scopeSpans array`);
      return;
    }
    scopeSpans.forEach((scope, s) => {
      const list = _isObject(scope) ? scope.spans : undefined;
      if (!Array.isArray(list)) {
        problems.add(`OTLP: resourceSpans[${r}].scopeSpans[${s}] has no spans array`);
        return;
      }
      list.forEach((span, i) => {
        const where = `OTLP: resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        if (!_isObject(span)) {
          problems.add(`${where} is not an object`);
          return;
        }
        const label = `${where} "${String(span.name)}" ${String(span.spanId)}`;
        const traceId = _checkId(problems, label, "traceId", span.traceId, _TRACE_ID);
        const spanId = _checkId(problems, label, "spanId", span.spanId, _SPAN_ID);
        const parent = span.parentSpanId;
        const parentId = parent === undefined || parent === ""
          ? undefined
          : _checkId(problems, label, "parentSpanId", parent, _SPAN_ID);
        const start = _nanos(problems, label, "startTimeUnixNano", span.startTimeUnixNano);
        const end = _nanos(problems, label, "endTimeUnixNano", span.endTimeUnixNano);
        if (start !== undefined && end !== undefined && start > end) {
          problems.add(`${label}: starts after it ends (${start} > ${end} ns)`);
        }
        if (traceId === undefined || spanId === undefined) return;
        spans.push({ label, traceId, spanId, parentId, start, end });
      });
    });
  });
  _checkTree(problems, spans, options, "ns");
  return problems.list();
}

/**
 * Validates a Jaeger UI JSON file: `data` is an array of traces, each with a 32-hex `traceID`,
 * spans whose `traceID` is the trace's, 16-hex unique `spanID`s, whole non-negative `startTime`
 * and `duration` (microseconds), `CHILD_OF` references to spans of the same trace, a `processID`
 * that is a key of `processes`, and processes with a `serviceName`; and (unless `checkNesting`
 * is false) every child's range within its parent's.
 *
 * @example
 * ```ts
 * import { validateJaegerJson } from "./validate_trace_files.ts";
 *
 * console.assert(validateJaegerJson({ data: [] }).length === 0);
 * ```
 */
export function validateJaegerJson(file: unknown, options: ValidateTraceOptions = {}): string[] {
  const problems = new _Problems(options.maxProblems);
  const data = _isObject(file) ? file.data : undefined;
  if (!Array.isArray(data)) {
    problems.add("Jaeger: the file has no data array");
    return problems.list();
  }
  data.forEach((trace, t) => {
    const where = `Jaeger: data[${t}]`;
    const traceSpans = _isObject(trace) ? trace.spans : undefined;
    const processes = _isObject(trace) ? trace.processes : undefined;
    if (!_isObject(trace) || !Array.isArray(traceSpans) || !_isObject(processes)) {
      problems.add(`${where} needs a spans array and a processes object`);
      return;
    }
    const traceId = _checkId(problems, where, "traceID", trace.traceID, _TRACE_ID);
    for (const [key, process] of Object.entries(processes)) {
      if (!_isObject(process) || typeof process.serviceName !== "string" || !process.serviceName) {
        problems.add(`${where}: process "${key}" has no serviceName`);
      }
    }
    const spans: _TimedSpan[] = [];
    traceSpans.forEach((span: unknown, i: number) => {
      if (!_isObject(span)) {
        problems.add(`${where}.spans[${i}] is not an object`);
        return;
      }
      const label = `${where}.spans[${i}] "${String(span.operationName)}" ${String(span.spanID)}`;
      const spanId = _checkId(problems, label, "spanID", span.spanID, _SPAN_ID);
      if (span.traceID !== trace.traceID) {
        problems.add(`${label}: traceID ${String(span.traceID)} is not the trace's ${traceId}`);
      }
      if (typeof span.processID !== "string" || !(span.processID in processes)) {
        problems.add(`${label}: processID ${String(span.processID)} is not in processes`);
      }
      const start = _micros(problems, label, "startTime", span.startTime);
      const duration = _micros(problems, label, "duration", span.duration);
      let parentId: string | undefined;
      const references = Array.isArray(span.references) ? span.references : [];
      if (!Array.isArray(span.references)) problems.add(`${label}: references is not an array`);
      for (const reference of references) {
        if (!_isObject(reference) || reference.refType !== "CHILD_OF") continue;
        if (reference.traceID !== trace.traceID) {
          problems.add(
            `${label}: CHILD_OF reference to another trace ${String(reference.traceID)}`,
          );
          continue;
        }
        parentId = _checkId(problems, label, "references[].spanID", reference.spanID, _SPAN_ID);
      }
      if (spanId === undefined || traceId === undefined) return;
      const end = start !== undefined && duration !== undefined
        ? BigInt(start + duration)
        : undefined;
      spans.push({
        label,
        traceId,
        spanId,
        parentId,
        start: start === undefined ? undefined : BigInt(start),
        end,
      });
    });
    _checkTree(problems, spans, options, "µs");
  });
  return problems.list();
}

/**
 * Validates a Chrome trace-event file: a `traceEvents` array whose events all have a string `ph`
 * and numeric `ts` and `pid`; every async begin (`b`) has one end (`e`) with the same `cat` and
 * `id`, not before it (and no `e` without a `b`); every flow start (`s`) has an end (`f`) with
 * the same `cat`, `name` and `id` (and no `f` without an `s`); complete slices (`X`) have a
 * non-negative `dur` and nest on their thread (pid and tid).
 *
 * @example
 * ```ts
 * import { validateChromeTrace } from "./validate_trace_files.ts";
 *
 * console.assert(validateChromeTrace({ traceEvents: [] }).length === 0);
 * ```
 */
export function validateChromeTrace(file: unknown, options: ValidateTraceOptions = {}): string[] {
  const problems = new _Problems(options.maxProblems);
  const events = _isObject(file) ? file.traceEvents : undefined;
  if (!Array.isArray(events)) {
    problems.add("Chrome: the file has no traceEvents array");
    return problems.list();
  }
  const asyncOpen = new Map<string, { ts: number; count: number; label: string }>();
  const flows = new Map<string, { starts: number; ends: number; label: string }>();
  const threads = new Map<string, { ts: number; end: number; label: string }[]>();
  events.forEach((event, i) => {
    if (!_isObject(event)) {
      problems.add(`Chrome: traceEvents[${i}] is not an object`);
      return;
    }
    const label = `Chrome: traceEvents[${i}] ${String(event.ph)} "${String(event.name)}"`;
    if (typeof event.ph !== "string") problems.add(`${label}: ph is not a string`);
    const tsValid = typeof event.ts === "number" && Number.isFinite(event.ts);
    if (!tsValid) problems.add(`${label}: ts is not a number`);
    if (typeof event.pid !== "number") problems.add(`${label}: pid is not a number`);
    if (!tsValid) return;
    const ts = event.ts as number;
    const key = `${String(event.cat)}\u0000${String(event.id)}`;
    switch (event.ph) {
      case "b": {
        const open = asyncOpen.get(key);
        if (open && open.count > 0) {
          problems.add(`${label}: async id ${String(event.id)} begun twice`);
        }
        asyncOpen.set(key, { ts, count: (open?.count ?? 0) + 1, label });
        break;
      }
      case "e": {
        const open = asyncOpen.get(key);
        if (!open || open.count === 0) {
          problems.add(`${label}: async end of id ${String(event.id)} with no begin`);
        } else {
          if (ts < open.ts) {
            problems.add(`${label}: async id ${String(event.id)} ends before it begins`);
          }
          open.count--;
        }
        break;
      }
      case "s":
      case "f": {
        const flowKey = `${key}\u0000${String(event.name)}`;
        const flow = flows.get(flowKey) ?? { starts: 0, ends: 0, label };
        if (event.ph === "s") flow.starts++;
        else flow.ends++;
        flows.set(flowKey, flow);
        break;
      }
      case "X": {
        if (typeof event.dur !== "number" || !(event.dur >= 0)) {
          problems.add(`${label}: complete event needs a dur >= 0`);
          break;
        }
        const thread = `${String(event.pid)}/${String(event.tid)}`;
        const list = threads.get(thread) ?? [];
        list.push({ ts, end: ts + event.dur, label });
        threads.set(thread, list);
        break;
      }
    }
  });
  for (const [key, open] of asyncOpen) {
    if (open.count > 0) {
      problems.add(`${open.label}: async id ${key.split("\u0000")[1]} never ends (no "e")`);
    }
  }
  for (const flow of flows.values()) {
    if (flow.starts === 0) problems.add(`${flow.label}: flow end with no start ("s")`);
    if (flow.ends === 0) problems.add(`${flow.label}: flow start with no end ("f")`);
  }
  for (const slices of threads.values()) _checkThreadNesting(problems, slices);
  return problems.list();
}

interface _TimedSpan {
  label: string;
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  start: bigint | undefined;
  end: bigint | undefined;
}

/** Unique ids, parents present, children within parents. */
function _checkTree(
  problems: _Problems,
  spans: readonly _TimedSpan[],
  options: ValidateTraceOptions,
  unit: string,
): void {
  const byKey = new Map<string, _TimedSpan>();
  for (const span of spans) {
    const key = `${span.traceId}/${span.spanId}`;
    if (byKey.has(key)) problems.add(`${span.label}: span id used twice in its trace`);
    byKey.set(key, span);
  }
  for (const span of spans) {
    if (span.parentId === undefined) continue;
    const parent = byKey.get(`${span.traceId}/${span.parentId}`);
    if (parent === undefined) {
      problems.add(`${span.label}: parent ${span.parentId} is not in the file`);
      continue;
    }
    if (options.checkNesting === false) continue;
    if (
      span.start === undefined || span.end === undefined || parent.start === undefined ||
      parent.end === undefined
    ) continue;
    if (span.start < parent.start || span.end > parent.end) {
      problems.add(
        `${span.label}: [${span.start}, ${span.end}] ${unit} does not lie within its parent ` +
          `${parent.spanId}'s [${parent.start}, ${parent.end}] ${unit}`,
      );
    }
  }
}

/** Complete slices on one thread: each must end before the next starts, or contain it whole. */
function _checkThreadNesting(
  problems: _Problems,
  slices: { ts: number; end: number; label: string }[],
): void {
  const sorted = [...slices].sort((a, b) => a.ts - b.ts || b.end - a.end);
  const stack: { end: number }[] = [];
  for (const slice of sorted) {
    while (stack.length > 0 && stack[stack.length - 1].end <= slice.ts) stack.pop();
    const top = stack[stack.length - 1];
    if (top !== undefined && slice.end > top.end) {
      problems.add(`${slice.label}: overlaps a slice on its thread without nesting in it`);
      continue;
    }
    stack.push(slice);
  }
}

function _checkId(
  problems: _Problems,
  label: string,
  field: string,
  value: unknown,
  pattern: RegExp,
): string | undefined {
  if (typeof value !== "string" || !pattern.test(value)) {
    problems.add(`${label}: ${field} ${JSON.stringify(value)} is not ${_describe(pattern)}`);
    return undefined;
  }
  if (value === _ZERO_TRACE_ID || value === _ZERO_SPAN_ID) {
    problems.add(`${label}: ${field} is all zeros, which OpenTelemetry reserves as invalid`);
    return undefined;
  }
  return value;
}

function _describe(pattern: RegExp): string {
  return pattern === _TRACE_ID ? "32 lowercase hex digits" : "16 lowercase hex digits";
}

function _nanos(problems: _Problems, label: string, field: string, value: unknown) {
  // OTLP JSON allows the 64-bit integers as decimal strings (what the SDK writes) or numbers.
  if (typeof value === "string" && _DECIMAL.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  problems.add(`${label}: ${field} ${JSON.stringify(value)} is not a whole number of nanoseconds`);
  return undefined;
}

function _micros(problems: _Problems, label: string, field: string, value: unknown) {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  problems.add(`${label}: ${field} ${JSON.stringify(value)} is not a whole number of µs >= 0`);
  return undefined;
}

function _isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A capped list of problem lines. */
class _Problems {
  #lines: string[] = [];
  #more = 0;
  #max: number;
  constructor(max = 50) {
    this.#max = max;
  }
  add(line: string): void {
    if (this.#lines.length < this.#max) this.#lines.push(line);
    else this.#more++;
  }
  list(): string[] {
    return this.#more > 0 ? [...this.#lines, `... and ${this.#more} more problems`] : this.#lines;
  }
}
