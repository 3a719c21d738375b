import assert from "node:assert/strict";
import { JAEGER_RUN_PROCESS_ID, jaegerHostProcessId, toJaegerJson } from "./jaeger_json.ts";
import type { JaegerSpan } from "./jaeger_json.ts";
import { validateJaegerJson } from "./validate_trace_files.ts";
import { buildSampleTrace, SAMPLE_SERVICE, sampleSpan } from "./testdata/sample_spans.ts";

Deno.test("toJaegerJson returns no traces for no spans", () => {
  assert.deepEqual(toJaegerJson([]), { data: [] });
});

Deno.test("toJaegerJson puts the run and each host in its own process", async () => {
  const { spans } = await buildSampleTrace();
  const file = toJaegerJson(spans);
  assert.equal(file.data.length, 1);
  const [trace] = file.data;
  assert.deepEqual(Object.keys(trace.processes).sort(), ["p1", "p2", "p3", "p4"]);
  assert.equal(trace.processes[JAEGER_RUN_PROCESS_ID].serviceName, SAMPLE_SERVICE);
  assert.equal(trace.processes[jaegerHostProcessId(2)].serviceName, `${SAMPLE_SERVICE} host 2`);
  const hostTags = trace.processes[jaegerHostProcessId(1)].tags;
  assert.deepEqual(hostTags.find((t) => t.key === "bench.host.index"), {
    key: "bench.host.index",
    type: "int64",
    value: 1,
  });
  assert.deepEqual(hostTags.find((t) => t.key === "libp2p.peer.id")?.value, "12D3KooWpeer1");
  assert.deepEqual(hostTags.find((t) => t.key === "bench.run.id")?.value, "run-1");
  const processOf = (name: string) =>
    trace.spans.filter((s) => s.operationName === name)
      .map((s) => s.processID).sort();
  assert.deepEqual(processOf("run"), ["p1"]);
  assert.deepEqual(processOf("phase init"), ["p1"]);
  assert.deepEqual(processOf("dial"), ["p2", "p3", "p4"]);
  assert.deepEqual(processOf("publish"), ["p2"]);
  assert.deepEqual(processOf("deliver"), ["p3", "p4", "p4"]);
  assert.deepEqual(validateJaegerJson(file), []);
});

Deno.test("toJaegerJson references each span's parent as CHILD_OF", async () => {
  const { spans } = await buildSampleTrace();
  const [trace] = toJaegerJson(spans).data;
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  for (const span of spans) {
    const jaeger = byId.get(span.spanContext().spanId)!;
    const parent = span.parentSpanContext;
    assert.deepEqual(
      jaeger.references,
      parent === undefined
        ? []
        : [{ refType: "CHILD_OF", traceID: parent.traceId, spanID: parent.spanId }],
    );
  }
});

Deno.test("toJaegerJson gives times in whole microseconds since the epoch", async () => {
  const { spans } = await buildSampleTrace();
  const [trace] = toJaegerJson(spans).data;
  const named = (name: string): JaegerSpan => trace.spans.find((s) => s.operationName === name)!;
  // run: [0, 100] ms after 1_700_000_000 s.
  assert.equal(named("run").startTime, 1_700_000_000_000_000);
  assert.equal(named("run").duration, 100_000);
  // deliver on host 1: [50, 51.5] ms.
  assert.equal(named("deliver").startTime, 1_700_000_000_050_000);
  assert.equal(named("deliver").duration, 1_500);
  // The event at 4.001234 ms is rounded down to 4001 µs.
  const dial = trace.spans.find((s) => s.operationName === "dial" && s.logs.length > 0)!;
  assert.equal(dial.logs[0].timestamp, 1_700_000_000_004_001);
  assert.equal(trace.spans[0].operationName, "run", "spans are sorted by start time");
});

Deno.test("toJaegerJson types tags and turns events into logs", async () => {
  const { spans } = await buildSampleTrace();
  const [trace] = toJaegerJson(spans).data;
  const publish = trace.spans.find((s) =>
    s.spanID === sampleSpan(spans, "publish").spanContext().spanId
  )!;
  const tag = (key: string) => publish.tags.find((t) => t.key === key);
  assert.deepEqual(tag("message.bytes"), { key: "message.bytes", type: "int64", value: 128 });
  assert.deepEqual(tag("message.ratio"), { key: "message.ratio", type: "float64", value: 0.25 });
  assert.deepEqual(tag("message.signed"), { key: "message.signed", type: "bool", value: true });
  assert.deepEqual(tag("message.tags"), {
    key: "message.tags",
    type: "string",
    value: '["a","b"]',
  });
  assert.deepEqual(tag("span.kind"), { key: "span.kind", type: "string", value: "internal" });
  assert.deepEqual(tag("otel.scope.version")?.value, "1.0.0");
  assert.deepEqual(publish.logs, [{
    timestamp: 1_700_000_000_044_000,
    fields: [
      { key: "event", type: "string", value: "sent" },
      { key: "rpc.peers", type: "int64", value: 2 },
    ],
  }]);
  assert.equal(publish.flags, 1);
  assert.equal(publish.warnings, null);
});

Deno.test("toJaegerJson marks an error status with the error tag", async () => {
  const { spans } = await buildSampleTrace();
  const verify = toJaegerJson(spans).data[0].spans.find((s) => s.operationName === "verify")!;
  assert.deepEqual(
    verify.tags.filter((t) => t.key.startsWith("otel.status") || t.key === "error"),
    [
      { key: "otel.status_code", type: "string", value: "ERROR" },
      { key: "error", type: "bool", value: true },
      { key: "otel.status_description", type: "string", value: "1 message missed" },
    ],
  );
});

Deno.test("toJaegerJson puts the given warnings on each trace", async () => {
  const { spans } = await buildSampleTrace();
  const file = toJaegerJson(spans, { warnings: ["3 spans were not recorded"] });
  assert.deepEqual(file.data[0].warnings, ["3 spans were not recorded"]);
});
