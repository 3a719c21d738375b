// What traceRouter costs an event: a synthetic stream shaped like a gossipsub run of 20 hosts x
// 100 messages at degree 6 (NOTES-libp2p-deno.md: about 4.4 receptions a delivery): per host
// and message 1 deliver, 3 duplicates, 4 RPCs received and 4 sent; plus one publish per message
// (24,100 events a run). Two span processors, compared in one group: none (the span objects
// alone) and the batch processor into memory (what a traced run uses).
// Run: deno bench --allow-read --allow-env lib/telemetry/trace_router_bench.ts
// Per event: the reported time a run divided by SYNTHETIC_RUN_EVENTS.
import { context, type Tracer } from "@opentelemetry/api";
import { BatchSpanProcessor, InMemorySpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { ONE_MESSAGE_RPC, scriptedHost } from "./testdata/scripted_host.ts";
import { traceRouter } from "./trace_router.ts";

const HOSTS = 20;
const MESSAGES = 100;
/** Events in one synthetic run: a publish and 12 events a host per message. */
const SYNTHETIC_RUN_EVENTS = MESSAGES * (1 + HOSTS * 12);

for (const processor of ["none", "batch+in-memory"] as const) {
  const provider = new TracerProvider({
    spanProcessors: processor === "none" ? [] : [
      new BatchSpanProcessor({
        exporter: new InMemorySpanExporter(),
        maxQueueSize: 100_000,
        maxExportBatchSize: 2_048,
      }),
    ],
  });
  const tracer = provider.getTracer("trace_router_bench");
  Deno.bench({
    name: `traceRouter, ${SYNTHETIC_RUN_EVENTS} router events into spans, processor ${processor}`,
    group: "traceRouter",
    baseline: processor === "none",
    fn: () => {
      const events = _emitSyntheticRun(tracer);
      if (events !== SYNTHETIC_RUN_EVENTS) throw new Error(`emitted ${events} events`);
    },
  });
}

function _emitSyntheticRun(tracer: Tracer): number {
  const scripted = Array.from(
    { length: HOSTS },
    (_, index) => scriptedHost(`host${index}`, _peerIds(index)),
  );
  const stops = scripted.map(({ host }) => traceRouter(host, tracer, { parent: context.active() }));
  let events = 0;
  for (let message = 0; message < MESSAGES; message++) {
    const messageId = `m${message}`;
    scripted[message % HOSTS].emit({ type: "publish", topic: "t", messageId });
    events++;
    for (const [index, { emit }] of scripted.entries()) {
      const peers = _peerIds(index);
      emit({ type: "deliver", topic: "t", messageId, peerId: peers[0] });
      for (let copy = 1; copy <= 3; copy++) {
        emit({ type: "duplicate", topic: "t", messageId, peerId: peers[copy] });
      }
      for (const peerId of peers.slice(0, 4)) {
        emit({ type: "rpc-received", peerId, rpc: ONE_MESSAGE_RPC });
        emit({ type: "rpc-sent", peerId, rpc: ONE_MESSAGE_RPC });
      }
      events += 12;
    }
  }
  for (const stop of stops) stop();
  return events;
}

function _peerIds(index: number): string[] {
  return Array.from({ length: 6 }, (_, k) => `host${(index + k + 1) % HOSTS}`);
}
