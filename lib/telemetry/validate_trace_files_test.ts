import assert from "node:assert/strict";
import { toChromeTrace } from "./chrome_trace.ts";
import { toJaegerJson } from "./jaeger_json.ts";
import { toOtlpJson } from "./otlp_json.ts";
import type { OtlpSpan, OtlpTraceRequest } from "./otlp_json.ts";
import {
  validateChromeTrace,
  validateJaegerJson,
  validateOtlpJson,
} from "./validate_trace_files.ts";
import { buildSampleTrace } from "./testdata/sample_spans.ts";

const { spans } = await buildSampleTrace();

function otlpSpan(request: OtlpTraceRequest, name: string): OtlpSpan {
  return request.resourceSpans[0].scopeSpans.flatMap((s) => s.spans).find((s) => s.name === name)!;
}

Deno.test("validateOtlpJson accepts the sample trace", () => {
  assert.deepEqual(validateOtlpJson(toOtlpJson(spans)), []);
});

Deno.test("validateOtlpJson reports a parent that is not in the file", () => {
  const request = structuredClone(toOtlpJson(spans));
  otlpSpan(request, "verify").parentSpanId = "00000000000000aa";
  const problems = validateOtlpJson(request);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /"verify" .*parent 00000000000000aa is not in the file/);
});

Deno.test("validateOtlpJson reports a child that ends after its parent", () => {
  const request = structuredClone(toOtlpJson(spans));
  otlpSpan(request, "verify").endTimeUnixNano = "1700000000100000001";
  const problems = validateOtlpJson(request);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /"verify" .*does not lie within its parent/);
  assert.deepEqual(validateOtlpJson(request, { checkNesting: false }), []);
});

Deno.test("validateOtlpJson reports malformed ids and times", () => {
  const request = structuredClone(toOtlpJson(spans));
  otlpSpan(request, "verify").spanId = "ABCDEF0123456789";
  otlpSpan(request, "run").traceId = "0".repeat(32);
  const publish = otlpSpan(request, "publish");
  publish.startTimeUnixNano = "1700000000046000000";
  const problems = validateOtlpJson(request).join("\n");
  assert.match(problems, /"verify" .*spanId "ABCDEF0123456789" is not 16 lowercase hex digits/);
  assert.match(problems, /"run" .*traceId is all zeros/);
  assert.match(problems, /"publish" .*starts after it ends/);
});

Deno.test("validateOtlpJson reports a file without resourceSpans", () => {
  assert.deepEqual(validateOtlpJson({ data: [] }), [
    "OTLP: the file has no resourceSpans array",
  ]);
});

Deno.test("validateOtlpJson stops after maxProblems and counts the rest", () => {
  const request = structuredClone(toOtlpJson(spans));
  for (const span of request.resourceSpans[0].scopeSpans.flatMap((s) => s.spans)) {
    span.spanId = "x";
  }
  const problems = validateOtlpJson(request, { maxProblems: 3 });
  assert.equal(problems.length, 4);
  assert.match(problems[3], /^\.\.\. and \d+ more problems$/);
});

Deno.test("validateJaegerJson accepts the sample trace", () => {
  assert.deepEqual(validateJaegerJson(toJaegerJson(spans)), []);
});

Deno.test("validateJaegerJson reports a dangling CHILD_OF reference", () => {
  const file = structuredClone(toJaegerJson(spans));
  const verify = file.data[0].spans.find((s) => s.operationName === "verify")!;
  verify.references[0].spanID = "00000000000000aa";
  const problems = validateJaegerJson(file);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /"verify" .*parent 00000000000000aa is not in the file/);
});

Deno.test("validateJaegerJson reports a missing process and a child outside its parent", () => {
  const file = structuredClone(toJaegerJson(spans));
  const verify = file.data[0].spans.find((s) => s.operationName === "verify")!;
  verify.processID = "p9";
  verify.duration = 10_000;
  const problems = validateJaegerJson(file).join("\n");
  assert.match(problems, /"verify" .*processID p9 is not in processes/);
  assert.match(problems, /"verify" .*does not lie within its parent/);
});

Deno.test("validateChromeTrace accepts the sample trace", () => {
  assert.deepEqual(validateChromeTrace(toChromeTrace(spans)), []);
});

Deno.test("validateChromeTrace reports an async begin with no end", () => {
  const file = structuredClone(toChromeTrace(spans));
  const end = file.traceEvents.findIndex((e) => e.ph === "e" && e.name === "verify");
  file.traceEvents.splice(end, 1);
  const problems = validateChromeTrace(file);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /b "verify": async id [0-9a-f]{16} never ends/);
});

Deno.test("validateChromeTrace reports an async end with no begin", () => {
  const file = structuredClone(toChromeTrace(spans));
  file.traceEvents.push({ name: "stray", ph: "e", cat: "x", id: "1", ts: 5, pid: 1, tid: 1 });
  assert.match(validateChromeTrace(file).join("\n"), /"stray": async end of id 1 with no begin/);
});

Deno.test("validateChromeTrace reports a flow start with no end", () => {
  const file = structuredClone(toChromeTrace(spans));
  const end = file.traceEvents.findIndex((e) => e.ph === "f");
  file.traceEvents.splice(end, 1);
  const problems = validateChromeTrace(file);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /s "message": flow start with no end/);
});

Deno.test("validateChromeTrace reports complete slices that overlap on a thread", () => {
  const file = structuredClone(toChromeTrace(spans));
  const publish = file.traceEvents.find((e) => e.ph === "X" && e.name === "publish")!;
  file.traceEvents.push({ ...publish, name: "overlap", ts: publish.ts + 1, dur: publish.dur! });
  assert.match(validateChromeTrace(file).join("\n"), /"overlap": overlaps a slice on its thread/);
});

Deno.test("validateChromeTrace reports events without ph, ts or pid", () => {
  const problems = validateChromeTrace({
    traceEvents: [
      { name: "no ph", ts: 1, pid: 1 },
      { name: "no ts", ph: "i", ts: "1", pid: 1 },
      { name: "no pid", ph: "i", ts: 1 },
    ],
  });
  assert.deepEqual(problems, [
    'Chrome: traceEvents[0] undefined "no ph": ph is not a string',
    'Chrome: traceEvents[1] i "no ts": ts is not a number',
    'Chrome: traceEvents[2] i "no pid": pid is not a number',
  ]);
});
