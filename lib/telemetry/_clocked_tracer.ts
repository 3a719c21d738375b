/**
 * A Tracer wrapper that gives every span, and every span event, a time from one nanosecond clock
 * unless the producer gives one.
 *
 * @module
 */
import {
  type Context,
  context as contextApi,
  type Exception,
  type HrTime,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanAttributeValue,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type TimeInput,
  trace,
  type Tracer,
} from "@opentelemetry/api";
import { isTimeInput } from "@opentelemetry/core";

/**
 * A tracer whose spans take their times from `clock` unless the producer gives one. The SDK
 * takes an unspecified start from `Date.now()` (whole milliseconds) and, once a start was given,
 * an unspecified end from `Date.now()` too; giving both from one nanosecond clock keeps children
 * inside their parents.
 */
export class _ClockedTracer implements Tracer {
  #inner: Tracer;
  #clock: () => HrTime;

  constructor(inner: Tracer, clock: () => HrTime) {
    this.#inner = inner;
    this.#clock = clock;
  }

  startSpan(name: string, options: SpanOptions = {}, context?: Context): Span {
    const timed = options.startTime === undefined
      ? { ...options, startTime: this.#clock() }
      : options;
    const span = this.#inner.startSpan(name, timed, context);
    return span.isRecording() ? new _ClockedSpan(span, this.#clock) : span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? rest[0] as SpanOptions : {};
    const parent = rest.length > 2 ? rest[1] as Context : contextApi.active();
    const span = this.startSpan(name, options, parent);
    return contextApi.with(trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
}

/** A recording span whose end and event times default to the tracer's clock. */
class _ClockedSpan implements Span {
  #inner: Span;
  #clock: () => HrTime;

  constructor(inner: Span, clock: () => HrTime) {
    this.#inner = inner;
    this.#clock = clock;
  }

  spanContext(): SpanContext {
    return this.#inner.spanContext();
  }

  setAttribute(key: string, value: SpanAttributeValue): this {
    this.#inner.setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    this.#inner.setAttributes(attributes);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    if (isTimeInput(attributesOrTime)) {
      this.#inner.addEvent(name, attributesOrTime);
    } else {
      this.#inner.addEvent(name, attributesOrTime, time ?? this.#clock());
    }
    return this;
  }

  addLink(link: Link): this {
    this.#inner.addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.#inner.addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.#inner.setStatus(status);
    return this;
  }

  updateName(name: string): this {
    this.#inner.updateName(name);
    return this;
  }

  end(endTime?: TimeInput): void {
    this.#inner.end(endTime ?? this.#clock());
  }

  isRecording(): boolean {
    return this.#inner.isRecording();
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.#inner.recordException(exception, time ?? this.#clock());
  }
}
