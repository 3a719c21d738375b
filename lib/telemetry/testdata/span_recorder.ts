// A span recorder for the machine tracer's tests: the real OpenTelemetry SDK, each span numbered
// in creation order, and the finished spans as an indented tree.
import { type Context, context, type Span, trace, type Tracer } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";

/** The attribute that numbers spans in creation order. */
export const SEQ = "test.seq";

/** A tracer that numbers its spans in creation order, and the spans it ended. */
export function createRecorder() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const inner = provider.getTracer("trace_machines_test");
  let started = 0;
  const tracer = {
    startSpan(name: string, options?: Parameters<Tracer["startSpan"]>[1], ctx?: Context): Span {
      const span = inner.startSpan(name, options, ctx);
      span.setAttribute(SEQ, started++);
      return span;
    },
    startActiveSpan: inner.startActiveSpan.bind(inner),
  } as Tracer;
  const root = inner.startSpan("test");
  return {
    tracer,
    parent: trace.setSpan(context.active(), root),
    rootId: root.spanContext().spanId,
    started: () => started,
    spans: async (): Promise<ReadableSpan[]> => {
      await provider.forceFlush();
      return exporter.getFinishedSpans().filter((span) => span.name !== "test");
    },
  };
}

/**
 * The tree below `rootId` as indented lines, children in creation order; a span whose parent is
 * neither the root nor an ended span is listed as an orphan.
 */
export function renderTree(spans: ReadableSpan[], rootId: string): string[] {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const lines: string[] = [];
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId ?? "";
    if (parent !== rootId && !ids.has(parent)) lines.push(`orphan ${span.name}`);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const visit = (id: string, depth: number): void => {
    const list = (children.get(id) ?? []).sort((a, b) =>
      Number(a.attributes[SEQ]) - Number(b.attributes[SEQ])
    );
    for (const span of list) {
      lines.push(`${"  ".repeat(depth)}${span.name}`);
      visit(span.spanContext().spanId, depth + 1);
    }
  };
  visit(rootId, 0);
  return lines;
}

export function withoutSeq(span: ReadableSpan): Record<string, unknown> {
  const { [SEQ]: _, ...attributes } = span.attributes;
  return attributes;
}

export function named(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans
    .filter((span) => span.name === name)
    .sort((a, b) => Number(a.attributes[SEQ]) - Number(b.attributes[SEQ]));
}

/** An OpenTelemetry [seconds, nanoseconds] time in milliseconds. */
export function hrTimeMs([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}
