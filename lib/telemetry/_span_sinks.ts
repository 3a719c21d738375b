/**
 * The SDK parts behind createRunTracing: the span-limit sampler, the in-memory span store and the
 * guard around the collector exporter.
 *
 * @module
 */
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import {
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";

/** Keeps the first `maxSpans` spans to start; the rest are not recorded. */
export class _SpanLimitSampler implements Sampler {
  dropped = 0;
  #started = 0;
  #maxSpans: number;
  #warn: (line: string) => void;

  constructor(maxSpans: number, warn: (line: string) => void) {
    this.#maxSpans = maxSpans;
    this.#warn = warn;
  }

  shouldSample(): SamplingResult {
    if (this.#started < this.#maxSpans) {
      this.#started++;
      return { decision: SamplingDecision.RECORD_AND_SAMPLED };
    }
    if (this.dropped++ === 0) {
      this.#warn(
        `tracing: span limit of ${this.#maxSpans} reached; spans started from now on are not ` +
          `recorded (raise maxSpans to keep them)`,
      );
    }
    return { decision: SamplingDecision.NOT_RECORD };
  }

  toString(): string {
    return `SpanLimitSampler{maxSpans=${this.#maxSpans}}`;
  }
}

/** Holds every recorded span once it ends, and counts the ones still open. */
export class _MemoryProcessor implements SpanProcessor {
  readonly finished: ReadableSpan[] = [];
  open = 0;

  onStart(): void {
    this.open++;
  }

  onEnd(span: ReadableSpan): void {
    this.open--;
    this.finished.push(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Wraps the collector exporter: the first failure gives one warning and ends the export for
 * the run (later batches are refused at once), so a dead collector costs one timeout, not one
 * per batch, and the processor's errors never reach the caller.
 */
export class _CollectorGuard implements SpanExporter {
  #inner: SpanExporter;
  #url: string;
  #warn: (line: string) => void;
  #failed = false;

  constructor(inner: SpanExporter, url: string, warn: (line: string) => void) {
    this.#inner = inner;
    this.#url = url;
    this.#warn = warn;
  }

  /** Records a failure: the first one gives the warning, later ones are silent. */
  fail(reason: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#warn(
      `tracing: the OTLP collector at ${this.#url} failed (${reason}); the trace files are ` +
        `still written, no more spans go to the collector this run`,
    );
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#failed) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: new Error("collector failed before"),
      });
      return;
    }
    try {
      this.#inner.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) {
          this.fail(`${spans.length} spans not taken: ${_message(result.error)}`);
        }
        resultCallback(result);
      });
    } catch (error) {
      this.fail(_message(error));
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  shutdown(): Promise<void> {
    return this.#inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.#inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function _message(error: unknown): string {
  if (error instanceof Error) {
    const text = error.message || error.name;
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !text.includes(code) ? `${text} (${code})` : text;
  }
  return String(error ?? "unknown error");
}
