// Test fixture: a small bench-like span tree made by the real SDK (through createRunTracing), on
// a fake clock so every time is known. Times are milliseconds after SAMPLE_ORIGIN:
//
// run                       [0, 100]   (scope bench.scenario)
// ├─ phase init             [1, 40]
// │  └─ host i (i = 0..2)   [2+i, 38-i]  bench.host.index i, libp2p.peer.id
// │     └─ start            [3+i, 10+i]
// │        └─ dial          [4+i, 6+i]   (host 0's has an event at 4.001234 ms)
// ├─ phase publish          [41, 99]
// │  ├─ host 0              [42, 98]
// │  │  └─ publish          [43, 45]   message m1, an event, attributes of every type
// │  ├─ host 1              [42, 98]
// │  │  └─ deliver          [50, 51.5] message m1
// │  └─ host 2              [42, 98]
// │     ├─ deliver          [52, 53]   message m1
// │     └─ deliver          [52.5, 54] message m2 (no publish: overlaps the one above)
// └─ verify                 [99, 99.5] status ERROR
import { context, type HrTime, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { createRunTracing, type RunTracing, type RunTracingOptions } from "../run_tracing.ts";
import { SPAN_ATTRIBUTES } from "../span_conventions.ts";

/** Time 0 of the fixture: 2023-11-14T22:13:20Z. */
export const SAMPLE_ORIGIN: HrTime = [1_700_000_000, 0];

/** The fixture's service name. */
export const SAMPLE_SERVICE = "bench-test";

/** `SAMPLE_ORIGIN` plus `ms` milliseconds (exact to the nanosecond for the fixture's values). */
export function sampleTime(ms: number): HrTime {
  const nanos = Math.round(ms * 1e6);
  return [SAMPLE_ORIGIN[0] + Math.floor(nanos / 1e9), nanos % 1e9];
}

/** The fixture's spans, and the tracing that made them (already shut down). */
export interface SampleTrace {
  tracing: RunTracing;
  spans: ReadableSpan[];
}

/** Builds the tree above with `createRunTracing` (extra options are passed through). */
export async function buildSampleTrace(options: RunTracingOptions = {}): Promise<SampleTrace> {
  let now = sampleTime(0);
  const at = (ms: number): void => {
    now = sampleTime(ms);
  };
  const tracing = createRunTracing({
    serviceName: SAMPLE_SERVICE,
    run: { runId: "run-1", variant: "default", hosts: 3, msgs: 1, iteration: 0 },
    clock: () => now,
    ...options,
  });
  const scenario = tracing.tracer("bench.scenario");
  const router = tracing.tracer("bench.router", "1.0.0");
  const under = (parent: Span) => trace.setSpan(context.active(), parent);

  at(0);
  const run = scenario.startSpan("run");
  at(1);
  const init = scenario.startSpan("phase init", {
    attributes: { [SPAN_ATTRIBUTES.phase]: "init" },
  }, under(run));
  for (let i = 0; i < 3; i++) {
    at(2 + i);
    const host = scenario.startSpan("host", {
      attributes: { [SPAN_ATTRIBUTES.hostIndex]: i, [SPAN_ATTRIBUTES.peerId]: `12D3KooWpeer${i}` },
    }, under(init));
    at(3 + i);
    const start = scenario.startSpan("start", {}, under(host));
    at(4 + i);
    const dial = router.startSpan("dial", {
      attributes: { [SPAN_ATTRIBUTES.remotePeerId]: `12D3KooWpeer${(i + 1) % 3}` },
    }, under(start));
    if (i === 0) {
      at(4.001234);
      dial.addEvent("connected", { "net.attempts": 2 });
    }
    at(6 + i);
    dial.end();
    at(10 + i);
    start.end();
    at(38 - i);
    host.end();
  }
  at(40);
  init.end();

  at(41);
  const publishPhase = scenario.startSpan("phase publish", {
    attributes: { [SPAN_ATTRIBUTES.phase]: "publish" },
  }, under(run));
  at(42);
  const hosts = [0, 1, 2].map((i) =>
    scenario.startSpan("host", {
      attributes: { [SPAN_ATTRIBUTES.hostIndex]: i },
    }, under(publishPhase))
  );
  at(43);
  const publish = router.startSpan("publish", {
    attributes: {
      [SPAN_ATTRIBUTES.messageId]: "m1",
      [SPAN_ATTRIBUTES.topic]: "bench",
      "message.bytes": 128,
      "message.ratio": 0.25,
      "message.signed": true,
      "message.tags": ["a", "b"],
      "message.sizes": [1, 2, 3],
      "message.flags": [true, false],
    },
  }, under(hosts[0]));
  at(44);
  publish.addEvent("sent", { "rpc.peers": 2 });
  at(45);
  publish.end();
  at(50);
  const deliver1 = router.startSpan("deliver", {
    attributes: { [SPAN_ATTRIBUTES.messageId]: "m1" },
  }, under(hosts[1]));
  at(51.5);
  deliver1.end();
  at(52);
  const deliver2 = router.startSpan("deliver", {
    attributes: { [SPAN_ATTRIBUTES.messageId]: "m1" },
  }, under(hosts[2]));
  at(52.5);
  const deliverOther = router.startSpan("deliver", {
    attributes: { [SPAN_ATTRIBUTES.messageId]: "m2" },
  }, under(hosts[2]));
  at(53);
  deliver2.end();
  at(54);
  deliverOther.end();
  at(98);
  for (const host of hosts) host.end();
  at(99);
  publishPhase.end();
  const verify = scenario.startSpan("verify", {}, under(run));
  verify.setStatus({ code: SpanStatusCode.ERROR, message: "1 message missed" });
  at(99.5);
  verify.end();
  at(100);
  run.end();
  await tracing.shutdown();
  return { tracing, spans: tracing.spans() };
}

/** The fixture's span with this name (the first to start, when several share it). */
export function sampleSpan(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = [...spans]
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
    .find((span) => span.name === name);
  if (found === undefined) throw new Error(`the sample trace has no span named ${name}`);
  return found;
}
