/**
 * The OpenTelemetry SDK set up for one bench run: tracers for the span producers, every finished
 * span kept in memory, the three trace files written next to the results, and (when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set) the same spans sent to a collector.
 *
 * @module
 */
import type { Attributes, HrTime, Tracer } from "@opentelemetry/api";
import { hrTime } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { join } from "node:path";
import { _ClockedTracer } from "./_clocked_tracer.ts";
import { _CollectorGuard, _MemoryProcessor, _message, _SpanLimitSampler } from "./_span_sinks.ts";
import { toChromeTrace } from "./chrome_trace.ts";
import { toJaegerJson } from "./jaeger_json.ts";
import { encodeOtlpJson } from "./otlp_json.ts";

/** Tracing could not be set up or its files could not be written. */
export class RunTracingError extends Error {
  /** Always `"RunTracingError"`, so the error keeps its kind after serialisation. */
  override name = "RunTracingError";

  /** @param options `cause`: the underlying error (a file-system error), if any. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Where warnings go: one line each, never thrown. */
export interface RunTracingLogger {
  warn(message: string): void;
}

/** The run a trace belongs to; each field becomes a resource attribute. */
export interface RunResource {
  /** `bench.run.id`. */
  runId: string;
  /** `bench.variant`. */
  variant: string;
  /** `bench.hosts`. */
  hosts: number;
  /** `bench.msgs`. */
  msgs: number;
  /** `bench.iteration`. */
  iteration: number;
}

/**
 * Resource attribute keys of {@link RunResource}. (They belong in span_conventions.ts with the
 * other shared names; they live here until that file takes them.)
 */
export const RUN_RESOURCE_ATTRIBUTES = {
  runId: "bench.run.id",
  variant: "bench.variant",
  hosts: "bench.hosts",
  msgs: "bench.msgs",
  iteration: "bench.iteration",
} as const;

/** Options of {@link createRunTracing}. */
export interface RunTracingOptions {
  /**
   * `service.name` of the resource; Jaeger shows it, and `<name> host <i>` for each host.
   * @default "libp2p-pubsub-benchmark"
   */
  serviceName?: string;
  /** The run, as resource attributes (see {@link RUN_RESOURCE_ATTRIBUTES}). @default undefined */
  run?: RunResource;
  /** More resource attributes; they win over `run`'s on equal keys. @default {} */
  resourceAttributes?: Attributes;
  /**
   * Base URL of an OTLP/HTTP collector, as in `OTEL_EXPORTER_OTLP_ENDPOINT` (the caller passes
   * `Deno.env.get("OTEL_EXPORTER_OTLP_ENDPOINT")`); spans are then also POSTed, batched, as JSON to
   * `<endpoint>/v1/traces`. Empty or absent: no collector.
   * @default undefined
   */
  otlpEndpoint?: string;
  /**
   * Longest the collector may hold up an export, retries included, and about how long
   * `shutdown()` waits for the last ones. A collector that fails or times out gets one warning
   * and no more spans this run; the files are written regardless.
   * @default 3000
   */
  collectorTimeoutMs?: number;
  /**
   * Most spans recorded. Past it, spans that start are not recorded (the SDK hands out a
   * non-recording span, which costs next to nothing), and neither are their children: the first
   * `maxSpans` spans to start are kept, so a kept span's parent, which started before it, is
   * kept too. The count dropped is in `droppedSpanCount()`, a warning, and the files.
   * @default 100000
   */
  maxSpans?: number;
  /** Receives warnings (collector failures, span limit reached, unfinished spans). @default none */
  logger?: RunTracingLogger;
  /**
   * Time source for span starts, ends and events that the producer gives no time for.
   * @default `hrTime()` of @opentelemetry/core: performance.timeOrigin + performance.now(), in ns
   */
  clock?: () => HrTime;
}

/** Paths of the files {@link RunTracing.writeFiles} wrote, and what is in them. */
export interface TraceFiles {
  /** `<baseName>.otlp.json`: OTLP/JSON, for collectors, Tempo, newer Jaeger. */
  otlpPath: string;
  /** `<baseName>.jaeger.json`: for the Jaeger UI's JSON file upload. */
  jaegerPath: string;
  /** `<baseName>.chrome.json`: for ui.perfetto.dev and chrome://tracing. */
  chromePath: string;
  /** Spans in each file. */
  spanCount: number;
  /** Spans not recorded because of `maxSpans`. */
  droppedSpanCount: number;
}

/** Tracing for one run: see {@link createRunTracing}. */
export interface RunTracing {
  /**
   * A tracer for span producers. Pass parents explicitly
   * (`tracer.startSpan(name, options, trace.setSpan(context.active(), parent))`): no context
   * manager is registered, so `startActiveSpan` runs its callback but does not make the span
   * current for code inside it.
   */
  tracer(name: string, version?: string): Tracer;
  /** Spans that have ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** Spans not recorded because of `maxSpans`. */
  droppedSpanCount(): number;
  /** Warnings so far, also given to the logger. */
  warnings(): string[];
  /**
   * Writes `<baseName>.otlp.json`, `.jaeger.json` and `.chrome.json` in `dir` (created if
   * missing), each through a temporary file and a rename, from the spans ended so far (call it
   * after the run's spans have ended; spans still open are left out, with a warning).
   * @throws {RunTracingError} when `baseName` is not a plain file name or a file cannot be written.
   */
  writeFiles(dir: string, baseName: string): Promise<TraceFiles>;
  /**
   * Flushes the collector export, waiting at most about `collectorTimeoutMs` plus a second;
   * never throws. Safe to call more than once.
   */
  shutdown(): Promise<void>;
}

const _DEFAULT_SERVICE_NAME = "libp2p-pubsub-benchmark";
const _DEFAULT_COLLECTOR_TIMEOUT_MS = 3000;
const _DEFAULT_MAX_SPANS = 100_000;
/** Spans per collector request: about 1 MB of JSON, well under collectors' default body limits. */
const _EXPORT_BATCH_SPANS = 2048;
/** Grace beyond the collector timeout for the exporter's own bookkeeping. */
const _SHUTDOWN_GRACE_MS = 1000;

/**
 * Sets up tracing for one bench run with the OpenTelemetry SDK: an explicit `TracerProvider` (no
 * global registration, no context manager: producers pass parent contexts), an in-memory store
 * of finished spans for the trace files, and, when `otlpEndpoint` is set, a batching OTLP/HTTP
 * JSON exporter to `<endpoint>/v1/traces`. An unreachable collector never throws and never holds
 * the run up longer than `collectorTimeoutMs` (plus a second at shutdown): it gets one warning.
 *
 * Span times come from one monotonic clock with nanosecond resolution (the SDK's own default
 * takes a span's start from `Date.now()`, in whole milliseconds, which can make a child that
 * ended first appear to end after its parent).
 *
 * @throws {RunTracingError} when an option is invalid (the message names it and the value).
 *
 * @example
 * ```ts
 * import { context, trace } from "@opentelemetry/api";
 * import { createRunTracing } from "./run_tracing.ts";
 *
 * const tracing = createRunTracing({ serviceName: "bench" });
 * const tracer = tracing.tracer("scenario");
 * const run = tracer.startSpan("run");
 * tracer.startSpan("init", {}, trace.setSpan(context.active(), run)).end();
 * run.end();
 * await tracing.shutdown();
 * console.assert(tracing.spans().length === 2);
 * ```
 */
export function createRunTracing(options: RunTracingOptions = {}): RunTracing {
  const settings = _validateOptions(options);
  const warnings: string[] = [];
  const warn = (line: string): void => {
    warnings.push(line);
    options.logger?.warn(line);
  };
  const sampler = new _SpanLimitSampler(settings.maxSpans, warn);
  const memory = new _MemoryProcessor();
  const processors: SpanProcessor[] = [memory];
  let collector: _CollectorGuard | undefined;
  if (settings.collectorUrl !== undefined) {
    collector = new _CollectorGuard(
      new OTLPTraceExporter({
        url: settings.collectorUrl,
        timeoutMillis: settings.collectorTimeoutMs,
        // Enough parallel requests for the whole span budget, so the final flush of a large
        // queue is not refused by the exporter's own limit.
        concurrencyLimit: Math.ceil(settings.maxSpans / _EXPORT_BATCH_SPANS) + 1,
        // No idle sockets left open after the run.
        keepAlive: false,
      }),
      settings.collectorUrl,
      warn,
    );
    processors.push(
      new BatchSpanProcessor({
        exporter: collector,
        // The spans are held in memory anyway; the queue only holds references to them.
        maxQueueSize: Math.max(settings.maxSpans, _EXPORT_BATCH_SPANS),
        maxExportBatchSize: _EXPORT_BATCH_SPANS,
        exportTimeoutMillis: settings.collectorTimeoutMs + _SHUTDOWN_GRACE_MS,
      }),
    );
  }
  const provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes(settings.resourceAttributes)),
    sampler,
    spanProcessors: processors,
  });
  const clock = options.clock ?? (() => hrTime());
  const tracers = new Map<string, Tracer>();
  let shutdownPromise: Promise<void> | undefined;

  return {
    tracer(name: string, version?: string): Tracer {
      const key = `${name}@${version ?? ""}`;
      let tracer = tracers.get(key);
      if (tracer === undefined) {
        tracer = new _ClockedTracer(provider.getTracer(name, version), clock);
        tracers.set(key, tracer);
      }
      return tracer;
    },
    spans: () => [...memory.finished],
    droppedSpanCount: () => sampler.dropped,
    warnings: () => [...warnings],
    async writeFiles(dir: string, baseName: string): Promise<TraceFiles> {
      if (!/^[^/\\]+$/.test(baseName) || baseName === "." || baseName === "..") {
        throw new RunTracingError(
          `writeFiles: baseName must be a file name without a directory, got ` +
            `${JSON.stringify(baseName)}; pass the directory as dir`,
        );
      }
      if (memory.open > 0) {
        warn(
          `tracing: ${memory.open} span(s) had not ended when the trace files were written and ` +
            `are not in them; end every span before writeFiles`,
        );
      }
      const spans = [...memory.finished];
      const dropped = sampler.dropped;
      const note = dropped > 0
        ? [`${dropped} spans were not recorded: past the limit of ${settings.maxSpans} spans`]
        : [];
      const paths = {
        otlpPath: join(dir, `${baseName}.otlp.json`),
        jaegerPath: join(dir, `${baseName}.jaeger.json`),
        chromePath: join(dir, `${baseName}.chrome.json`),
      };
      try {
        await Deno.mkdir(dir, { recursive: true });
        await _writeAtomically(paths.otlpPath, encodeOtlpJson(spans));
        await _writeAtomically(
          paths.jaegerPath,
          JSON.stringify(toJaegerJson(spans, { warnings: note })),
        );
        await _writeAtomically(
          paths.chromePath,
          JSON.stringify(toChromeTrace(spans, { otherData: { droppedSpans: dropped } })),
        );
      } catch (error) {
        throw new RunTracingError(
          `writeFiles: could not write the trace files ${baseName}.*.json in ${dir}: ` +
            `${error instanceof Error ? error.message : String(error)}; check that the directory ` +
            `is writable`,
          { cause: error },
        );
      }
      return { ...paths, spanCount: spans.length, droppedSpanCount: dropped };
    },
    shutdown(): Promise<void> {
      shutdownPromise ??= _boundedShutdown(
        provider,
        collector,
        settings.collectorTimeoutMs + _SHUTDOWN_GRACE_MS,
      );
      return shutdownPromise;
    },
  };
}

interface _Settings {
  resourceAttributes: Attributes;
  collectorUrl: string | undefined;
  collectorTimeoutMs: number;
  maxSpans: number;
}

function _validateOptions(options: RunTracingOptions): _Settings {
  const fail = (rule: string): never => {
    throw new RunTracingError(`createRunTracing: ${rule}`);
  };
  const serviceName = options.serviceName ?? _DEFAULT_SERVICE_NAME;
  if (typeof serviceName !== "string" || serviceName.trim() === "") {
    fail(`serviceName must be a non-empty string, got ${JSON.stringify(serviceName)}`);
  }
  const collectorTimeoutMs = options.collectorTimeoutMs ?? _DEFAULT_COLLECTOR_TIMEOUT_MS;
  if (!Number.isFinite(collectorTimeoutMs) || collectorTimeoutMs <= 0) {
    fail(`collectorTimeoutMs must be a number of milliseconds > 0, got ${collectorTimeoutMs}`);
  }
  const maxSpans = options.maxSpans ?? _DEFAULT_MAX_SPANS;
  if (!Number.isSafeInteger(maxSpans) || maxSpans < 1) {
    fail(`maxSpans must be a whole number >= 1, got ${maxSpans}`);
  }
  let collectorUrl: string | undefined;
  const endpoint = options.otlpEndpoint?.trim();
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      fail(
        `otlpEndpoint must be an http(s) base URL such as http://127.0.0.1:4318, got ` +
          `${JSON.stringify(endpoint)}; fix or unset OTEL_EXPORTER_OTLP_ENDPOINT`,
      );
    }
    // The spec's rule for OTEL_EXPORTER_OTLP_ENDPOINT: the signal's path is appended to it.
    collectorUrl = `${endpoint.replace(/\/+$/, "")}/v1/traces`;
  }
  const resourceAttributes: Attributes = { "service.name": serviceName };
  const run = options.run;
  if (run !== undefined) {
    if (typeof run.runId !== "string" || run.runId === "") {
      fail(`run.runId must be a non-empty string, got ${JSON.stringify(run.runId)}`);
    }
    for (const key of ["hosts", "msgs", "iteration"] as const) {
      if (!Number.isSafeInteger(run[key]) || run[key] < 0) {
        fail(`run.${key} must be a whole number >= 0, got ${run[key]}`);
      }
    }
    for (const [key, name] of Object.entries(RUN_RESOURCE_ATTRIBUTES)) {
      resourceAttributes[name] = run[key as keyof RunResource];
    }
  }
  Object.assign(resourceAttributes, options.resourceAttributes);
  return { resourceAttributes, collectorUrl, collectorTimeoutMs, maxSpans };
}

/** Shuts the provider down (flushing the collector export), waiting at most `boundMs`. */
async function _boundedShutdown(
  provider: TracerProvider,
  collector: _CollectorGuard | undefined,
  boundMs: number,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), boundMs);
  });
  try {
    const outcome = await Promise.race([
      provider.shutdown().then(() => "done" as const, (error: unknown) => ({ error })),
      timeout,
    ]);
    if (collector === undefined) return;
    if (outcome === "timeout") {
      collector.fail(`did not finish within ${boundMs} ms of shutdown`);
    } else if (outcome !== "done") {
      collector.fail(_message(outcome.error));
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Writes through a temporary file beside `path` and a rename: never half a file at `path`. */
async function _writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    if (typeof content === "string") await Deno.writeTextFile(temporary, content);
    else await Deno.writeFile(temporary, content);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}
