import assert from "node:assert/strict";
import { context, type HrTime, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { join } from "node:path";
import { createRunTracing, RunTracingError } from "./run_tracing.ts";
import type { ChromeTrace } from "./chrome_trace.ts";
import type { JaegerTraceFile } from "./jaeger_json.ts";
import { type OtlpTraceRequest, toOtlpJson } from "./otlp_json.ts";
import {
  validateChromeTrace,
  validateJaegerJson,
  validateOtlpJson,
} from "./validate_trace_files.ts";
import { buildSampleTrace, sampleTime } from "./testdata/sample_spans.ts";

/**
 * Awaits `promise`, failing (instead of hanging) once `limitMs` has passed; returns its value and
 * how long it took. The limit is generous: it is the promise's own bound plus room for a loaded
 * 2-core machine, so only a real hang, or a wait far past the bound, trips it.
 */
async function withinMs<T>(
  promise: Promise<T>,
  limitMs: number,
  what: string,
): Promise<{ value: T; elapsedMs: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${limitMs} ms`)), limitMs);
  });
  try {
    const value = await Promise.race([promise, deadline]);
    return { value, elapsedMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Room a loaded machine may add to a bound that the code promises. */
const LOAD_ALLOWANCE_MS = 10_000;

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await Deno.readTextFile(path));
}

Deno.test("RunTracing.tracer links a child to an explicit parent across an await, with no context manager", async () => {
  const tracing = createRunTracing();
  const tracer = tracing.tracer("test");
  const parent = tracer.startSpan("parent");
  await Promise.resolve();
  // No context manager is registered: the active context is the API's root, and the parent
  // still arrives through the context passed to startSpan.
  const child = tracer.startSpan("child", {}, trace.setSpan(context.active(), parent));
  const grandchild = tracer.startSpan("grandchild", {}, trace.setSpan(ROOT_CONTEXT, child));
  grandchild.end();
  child.end();
  parent.end();
  await tracing.shutdown();
  const byName = new Map(tracing.spans().map((s) => [s.name, s]));
  assert.equal(byName.get("child")?.parentSpanContext?.spanId, parent.spanContext().spanId);
  assert.equal(byName.get("grandchild")?.parentSpanContext?.spanId, child.spanContext().spanId);
  assert.equal(byName.get("child")?.spanContext().traceId, parent.spanContext().traceId);
  assert.equal(byName.get("parent")?.parentSpanContext, undefined);
});

Deno.test("RunTracing.tracer keeps a child that ends first inside its parent on the real clock", async () => {
  const tracing = createRunTracing();
  const tracer = tracing.tracer("test");
  const parent = tracer.startSpan("parent");
  const child = tracer.startSpan("child", {}, trace.setSpan(context.active(), parent));
  child.end();
  parent.end();
  await tracing.shutdown();
  assert.deepEqual(validateOtlpJson(toOtlpJson(tracing.spans())), []);
});

Deno.test("RunTracing.tracer takes start, end and event times from the injected clock", async () => {
  let now: HrTime = sampleTime(7);
  const tracing = createRunTracing({ clock: () => now });
  const span = tracing.tracer("test").startSpan("timed");
  now = sampleTime(8.5);
  span.addEvent("middle", { step: 1 });
  now = sampleTime(9);
  span.addEvent("given", sampleTime(8));
  now = sampleTime(10);
  span.end();
  const given = tracing.tracer("test").startSpan("given", { startTime: sampleTime(1) });
  given.end(sampleTime(2));
  await tracing.shutdown();
  const [timed, explicit] = tracing.spans();
  assert.deepEqual(timed.startTime, [1_700_000_000, 7_000_000]);
  assert.deepEqual(timed.events.map((e) => [e.name, e.time]), [
    ["middle", [1_700_000_000, 8_500_000]],
    ["given", [1_700_000_000, 8_000_000]],
  ]);
  assert.deepEqual(timed.endTime, [1_700_000_000, 10_000_000]);
  assert.deepEqual([explicit.startTime, explicit.endTime], [sampleTime(1), sampleTime(2)]);
});

Deno.test("RunTracing.tracer's startActiveSpan runs its callback with the span", async () => {
  const tracing = createRunTracing();
  const result = tracing.tracer("test").startActiveSpan("active", (span) => {
    span.end();
    return 42;
  });
  await tracing.shutdown();
  assert.equal(result, 42);
  assert.deepEqual(tracing.spans().map((s) => s.name), ["active"]);
});

Deno.test("RunTracing.writeFiles writes three files that parse back and validate", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { tracing, spans } = await buildSampleTrace();
    const files = await tracing.writeFiles(join(dir, "traces"), "run-1");
    assert.deepEqual(files, {
      otlpPath: join(dir, "traces", "run-1.otlp.json"),
      jaegerPath: join(dir, "traces", "run-1.jaeger.json"),
      chromePath: join(dir, "traces", "run-1.chrome.json"),
      spanCount: spans.length,
      droppedSpanCount: 0,
    });
    // Temporary files were renamed away.
    const names = [];
    for await (const entry of Deno.readDir(join(dir, "traces"))) names.push(entry.name);
    assert.deepEqual(names.sort(), ["run-1.chrome.json", "run-1.jaeger.json", "run-1.otlp.json"]);

    const otlp = await readJson(files.otlpPath) as OtlpTraceRequest;
    assert.deepEqual(validateOtlpJson(otlp), []);
    const ids = otlp.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
      .map((s) => s.spanId).sort();
    assert.deepEqual(ids, spans.map((s) => s.spanContext().spanId).sort());

    const jaeger = await readJson(files.jaegerPath) as JaegerTraceFile;
    assert.deepEqual(validateJaegerJson(jaeger), []);
    assert.deepEqual(Object.keys(jaeger.data[0].processes).sort(), ["p1", "p2", "p3", "p4"]);
    const parents = new Map(
      spans.map((s) => [s.spanContext().spanId, s.parentSpanContext?.spanId]),
    );
    for (const span of jaeger.data[0].spans) {
      assert.deepEqual(
        span.references.map((r) => r.spanID),
        [parents.get(span.spanID)].filter(Boolean),
      );
    }

    const chrome = await readJson(files.chromePath) as ChromeTrace;
    assert.deepEqual(validateChromeTrace(chrome), []);
    const processNames = chrome.traceEvents.filter((e) => e.name === "process_name")
      .map((e) => e.args?.name);
    assert.deepEqual(processNames, [
      "run",
      "host 0 12D3KooWpeer0",
      "host 1 12D3KooWpeer1",
      "host 2 12D3KooWpeer2",
    ]);
    assert.equal(chrome.traceEvents.filter((e) => e.ph === "s").length, 2);
    assert.equal(chrome.traceEvents.filter((e) => e.ph === "f").length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RunTracing.writeFiles rejects a baseName with a directory in it", async () => {
  const tracing = createRunTracing();
  await assert.rejects(
    () => tracing.writeFiles("/tmp", "results/run-1"),
    (error: unknown) => {
      assert.ok(error instanceof RunTracingError);
      assert.equal(error.name, "RunTracingError");
      assert.match(
        error.message,
        /^writeFiles: baseName must be a file name .* got "results\/run-1"/,
      );
      return true;
    },
  );
  await tracing.shutdown();
});

Deno.test("RunTracing.writeFiles wraps a write failure in a RunTracingError", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const notADirectory = join(dir, "file");
    await Deno.writeTextFile(notADirectory, "");
    const tracing = createRunTracing();
    await assert.rejects(
      () => tracing.writeFiles(notADirectory, "run-1"),
      (error: unknown) => {
        assert.ok(error instanceof RunTracingError);
        assert.match(
          error.message,
          /^writeFiles: could not write the trace files run-1\.\*\.json in /,
        );
        assert.ok(error.cause instanceof Error);
        return true;
      },
    );
    await tracing.shutdown();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RunTracing.writeFiles warns about spans that have not ended", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines: string[] = [];
    const tracing = createRunTracing({ logger: { warn: (line) => lines.push(line) } });
    const open = tracing.tracer("test").startSpan("open");
    tracing.tracer("test").startSpan("closed").end();
    const files = await tracing.writeFiles(dir, "run");
    assert.equal(files.spanCount, 1);
    assert.deepEqual(lines, [
      "tracing: 1 span(s) had not ended when the trace files were written and are not in them; " +
      "end every span before writeFiles",
    ]);
    open.end();
    await tracing.shutdown();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createRunTracing keeps the first maxSpans spans to start and counts the rest", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines: string[] = [];
    const tracing = createRunTracing({ maxSpans: 3, logger: { warn: (line) => lines.push(line) } });
    const tracer = tracing.tracer("test");
    const run = tracer.startSpan("run");
    const phase = tracer.startSpan("phase", {}, trace.setSpan(ROOT_CONTEXT, run));
    tracer.startSpan("kept", {}, trace.setSpan(ROOT_CONTEXT, phase)).end();
    const dropped = tracer.startSpan("dropped", {}, trace.setSpan(ROOT_CONTEXT, phase));
    assert.equal(dropped.isRecording(), false);
    tracer.startSpan("dropped child", {}, trace.setSpan(ROOT_CONTEXT, dropped)).end();
    dropped.end();
    phase.end();
    run.end();
    await tracing.shutdown();
    assert.deepEqual(tracing.spans().map((s) => s.name), ["kept", "phase", "run"]);
    assert.equal(tracing.droppedSpanCount(), 2);
    assert.deepEqual(lines, [
      "tracing: span limit of 3 reached; spans started from now on are not recorded " +
      "(raise maxSpans to keep them)",
    ]);
    const files = await tracing.writeFiles(dir, "run");
    assert.equal(files.droppedSpanCount, 2);
    const jaeger = await readJson(files.jaegerPath) as JaegerTraceFile;
    assert.deepEqual(jaeger.data[0].warnings, [
      "2 spans were not recorded: past the limit of 3 spans",
    ]);
    assert.deepEqual(validateJaegerJson(jaeger), []);
    const chrome = await readJson(files.chromePath) as ChromeTrace;
    assert.equal(chrome.otherData.droppedSpans, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createRunTracing rejects invalid options, naming the option and the value", () => {
  const cases: [Parameters<typeof createRunTracing>[0], RegExp][] = [
    [{ serviceName: " " }, /^createRunTracing: serviceName must be a non-empty string, got " "$/],
    [{ maxSpans: 0 }, /^createRunTracing: maxSpans must be a whole number >= 1, got 0$/],
    [{ collectorTimeoutMs: -1 }, /collectorTimeoutMs must be a number of milliseconds > 0, got -1/],
    [
      { otlpEndpoint: "collector:4318" },
      /otlpEndpoint must be an http\(s\) base URL .* got "collector:4318"; fix or unset/,
    ],
    [
      { run: { runId: "r", variant: "default", hosts: -1, msgs: 1, iteration: 0 } },
      /run\.hosts must be a whole number >= 0, got -1/,
    ],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => createRunTracing(options), (error: unknown) => {
      assert.ok(error instanceof RunTracingError);
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("createRunTracing treats an empty otlpEndpoint as no collector", async () => {
  const tracing = createRunTracing({ otlpEndpoint: "" });
  tracing.tracer("test").startSpan("span").end();
  await tracing.shutdown();
  assert.deepEqual(tracing.warnings(), []);
});

Deno.test("createRunTracing sends the spans to the OTLP endpoint as JSON", async () => {
  const requests: { path: string; type: string | null; body: unknown }[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const raw = new Uint8Array(await request.arrayBuffer());
      const bytes = request.headers.get("content-encoding") === "gzip"
        ? await new Response(
          new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip")),
        ).bytes()
        : raw;
      const text = new TextDecoder().decode(bytes);
      const type = request.headers.get("content-type");
      // The http exporter sends JSON (the protobuf one is a different package).
      requests.push({ path: new URL(request.url).pathname, type, body: JSON.parse(text) });
      return Response.json({});
    },
  );
  try {
    const { tracing, spans } = await buildSampleTrace({
      otlpEndpoint: `http://127.0.0.1:${server.addr.port}/`,
    });
    assert.deepEqual(tracing.warnings(), []);
    assert.ok(requests.length >= 1);
    for (const request of requests) {
      assert.equal(request.path, "/v1/traces");
      assert.equal(request.type, "application/json");
      assert.deepEqual(validateOtlpJson(request.body, { checkNesting: false }), []);
    }
    const received = requests.flatMap((r) =>
      (r.body as OtlpTraceRequest).resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((s) => s.spans)
      )
    );
    assert.deepEqual(
      received.map((s) => s.spanId).sort(),
      spans.map((s) => s.spanContext().spanId).sort(),
    );
    assert.equal(
      received.find((s) => s.name === "publish")?.startTimeUnixNano,
      "1700000000043000000",
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("createRunTracing neither throws nor hangs when the collector is unreachable", async () => {
  // A port that was just free and is closed again: connections are refused.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const lines: string[] = [];
  // Refused connections end the export at once; the documented bound is the timeout plus a
  // second at shutdown.
  const { value: { tracing } } = await withinMs(
    buildSampleTrace({
      otlpEndpoint: `http://127.0.0.1:${port}`,
      collectorTimeoutMs: 1000,
      logger: { warn: (line) => lines.push(line) },
    }),
    1000 + 1000 + LOAD_ALLOWANCE_MS,
    "a run and shutdown with an unreachable collector",
  );
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    new RegExp(`^tracing: the OTLP collector at http://127\\.0\\.0\\.1:${port}/v1/traces failed `),
  );
  assert.deepEqual(tracing.warnings(), lines);
  assert.equal(tracing.spans().length, 20);
  await tracing.shutdown();
  assert.equal(lines.length, 1, "a second shutdown adds no warning");
});

Deno.test("createRunTracing gives up on a collector that never answers within its timeout", async () => {
  // Accepts connections and never answers: the case a timeout, not a refusal, has to end.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const connections: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const connection of listener) connections.push(connection);
  })();
  try {
    const lines: string[] = [];
    const { elapsedMs } = await withinMs(
      buildSampleTrace({
        otlpEndpoint: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
        collectorTimeoutMs: 500,
        logger: { warn: (line) => lines.push(line) },
      }),
      500 + 1000 + LOAD_ALLOWANCE_MS,
      "a run and shutdown with a silent collector",
    );
    // It waited for the collector's timeout before giving up (a timer may fire a little early
    // against performance.now()).
    assert.ok(elapsedMs >= 450, `gave up after ${elapsedMs.toFixed(0)} ms`);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^tracing: the OTLP collector at .* failed /);
  } finally {
    listener.close();
    await accepting;
    for (const connection of connections) connection.close();
  }
});
