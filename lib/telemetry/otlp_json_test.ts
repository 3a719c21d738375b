import assert from "node:assert/strict";
import { encodeOtlpJson, toOtlpJson } from "./otlp_json.ts";
import type { OtlpSpan } from "./otlp_json.ts";
import { validateOtlpJson } from "./validate_trace_files.ts";
import { buildSampleTrace, SAMPLE_SERVICE, sampleSpan } from "./testdata/sample_spans.ts";

function otlpSpans(request: ReturnType<typeof toOtlpJson>): OtlpSpan[] {
  return request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

Deno.test("toOtlpJson returns no resourceSpans for no spans", () => {
  assert.deepEqual(toOtlpJson([]), { resourceSpans: [] });
});

Deno.test("toOtlpJson writes every span once, grouped by scope, under one resource", async () => {
  const { spans } = await buildSampleTrace();
  const request = toOtlpJson(spans);
  assert.equal(request.resourceSpans.length, 1);
  const scopes = request.resourceSpans[0].scopeSpans.map((s) => s.scope.name).sort();
  assert.deepEqual(scopes, ["bench.router", "bench.scenario"]);
  assert.equal(otlpSpans(request).length, spans.length);
  const resource = request.resourceSpans[0].resource.attributes;
  assert.deepEqual(resource.find((a) => a.key === "service.name")?.value, {
    stringValue: SAMPLE_SERVICE,
  });
  assert.deepEqual(resource.find((a) => a.key === "bench.hosts")?.value, { intValue: 3 });
  assert.deepEqual(validateOtlpJson(request), []);
});

Deno.test("toOtlpJson encodes ids as hex, times as nanosecond strings, values as AnyValue", async () => {
  const { spans } = await buildSampleTrace();
  const publish = sampleSpan(spans, "publish");
  const span = otlpSpans(toOtlpJson(spans)).find((s) => s.name === "publish")!;
  // The spec's JSON encoding: hex ids (protobuf-JSON would give base64).
  assert.equal(span.traceId, publish.spanContext().traceId);
  assert.match(span.traceId, /^[0-9a-f]{32}$/);
  assert.equal(span.spanId, publish.spanContext().spanId);
  assert.equal(span.parentSpanId, publish.parentSpanContext?.spanId);
  // 43 ms and 45 ms after 1_700_000_000 s.
  assert.equal(span.startTimeUnixNano, "1700000000043000000");
  assert.equal(span.endTimeUnixNano, "1700000000045000000");
  assert.equal(span.kind, 1); // SPAN_KIND_INTERNAL
  assert.deepEqual(span.status, { code: 0 });
  const value = (key: string) => span.attributes.find((a) => a.key === key)?.value;
  assert.deepEqual(value("pubsub.message.id"), { stringValue: "m1" });
  assert.deepEqual(value("message.bytes"), { intValue: 128 });
  assert.deepEqual(value("message.ratio"), { doubleValue: 0.25 });
  assert.deepEqual(value("message.signed"), { boolValue: true });
  assert.deepEqual(value("message.tags"), {
    arrayValue: { values: [{ stringValue: "a" }, { stringValue: "b" }] },
  });
  assert.deepEqual(value("message.flags"), {
    arrayValue: { values: [{ boolValue: true }, { boolValue: false }] },
  });
  assert.deepEqual(span.events, [{
    name: "sent",
    timeUnixNano: "1700000000044000000",
    attributes: [{ key: "rpc.peers", value: { intValue: 2 } }],
    droppedAttributesCount: 0,
  }]);
});

Deno.test("toOtlpJson writes an error status with its message", async () => {
  const { spans } = await buildSampleTrace();
  const span = otlpSpans(toOtlpJson(spans)).find((s) => s.name === "verify")!;
  assert.deepEqual(span.status, { code: 2, message: "1 message missed" });
});

Deno.test("toOtlpJson keeps nanoseconds that do not fall on a microsecond", async () => {
  const { spans } = await buildSampleTrace();
  const dial = otlpSpans(toOtlpJson(spans)).find((s) => s.name === "dial" && s.events.length > 0)!;
  assert.equal(dial.events[0].timeUnixNano, "1700000000004001234");
});

Deno.test("encodeOtlpJson gives toOtlpJson's request as UTF-8 JSON text", async () => {
  const { spans } = await buildSampleTrace();
  const text = new TextDecoder().decode(encodeOtlpJson(spans));
  assert.deepEqual(JSON.parse(text), toOtlpJson(spans));
  assert.equal(new TextDecoder().decode(encodeOtlpJson([])), '{"resourceSpans":[]}');
});
