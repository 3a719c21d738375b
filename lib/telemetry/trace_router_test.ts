// traceRouter with the real OpenTelemetry SDK: known answers from a scripted host, then three
// real hosts publishing one message. The cost per event is measured by trace_router_bench.ts.
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  throws as assertThrows,
} from "node:assert/strict";
import { type Context, context, SpanKind, trace } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import type { VariantSpec } from "../config/types.ts";
import { type BenchHost, closeTrackedBroadcastChannels, createBenchHost } from "../net/mod.ts";
import { SPAN_ATTRIBUTES, SPAN_NAMES } from "./span_conventions.ts";
import { ONE_MESSAGE_RPC, scriptedHost } from "./testdata/scripted_host.ts";
import { ROUTER_SPAN_ATTRIBUTES, ROUTER_SPAN_NAMES, traceRouter } from "./trace_router.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };
const RPC = ONE_MESSAGE_RPC;

function createRecorder() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer("trace_router_test");
  return {
    tracer,
    /** The ended spans, once every export has finished. */
    spans: async (): Promise<ReadableSpan[]> => {
      await provider.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

function named(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

Deno.test("traceRouter turns publish and deliver into spans the Chrome writer can link", async () => {
  const { tracer, spans } = createRecorder();
  const hostSpan = tracer.startSpan("host");
  const parent = trace.setSpan(context.active(), hostSpan);
  const { host, emit } = scriptedHost("self");
  const stop = traceRouter(host, tracer, { parent });
  emit({ type: "publish", topic: "t", messageId: "m1" });
  emit({ type: "deliver", topic: "t", messageId: "m1", peerId: "self" });
  emit({ type: "deliver", topic: "t", messageId: "m2", peerId: "p1" });
  stop();
  hostSpan.end();
  const ended = await spans();
  const hostId = hostSpan.spanContext().spanId;
  assertEquals(
    ended.filter((span) => span.name !== "host").map((span) => ({
      name: span.name,
      kind: span.kind,
      parent: parentId(span) === hostId,
      attributes: span.attributes,
    })),
    [
      {
        name: SPAN_NAMES.publish,
        kind: SpanKind.PRODUCER,
        parent: true,
        attributes: {
          [SPAN_ATTRIBUTES.peerId]: "self",
          [SPAN_ATTRIBUTES.topic]: "t",
          [SPAN_ATTRIBUTES.messageId]: "m1",
        },
      },
      {
        name: SPAN_NAMES.deliver,
        kind: SpanKind.CONSUMER,
        parent: true,
        attributes: {
          [SPAN_ATTRIBUTES.peerId]: "self",
          [SPAN_ATTRIBUTES.remotePeerId]: "self",
          [SPAN_ATTRIBUTES.topic]: "t",
          [SPAN_ATTRIBUTES.messageId]: "m1",
        },
      },
      {
        name: SPAN_NAMES.deliver,
        kind: SpanKind.CONSUMER,
        parent: true,
        attributes: {
          [SPAN_ATTRIBUTES.peerId]: "self",
          [SPAN_ATTRIBUTES.remotePeerId]: "p1",
          [SPAN_ATTRIBUTES.topic]: "t",
          [SPAN_ATTRIBUTES.messageId]: "m2",
        },
      },
    ],
  );
});

Deno.test("traceRouter nests a peer's RPC and mesh spans in its span from connect to disconnect", async () => {
  const { tracer, spans } = createRecorder();
  const parent = trace.setSpan(context.active(), tracer.startSpan("host"));
  const { host, emit } = scriptedHost("self");
  const stop = traceRouter(host, tracer, { parent });
  emit({ type: "peer-connected", peerId: "p1" });
  emit({ type: "stream-opened", peerId: "p1" });
  emit({ type: "subscription-change", peerId: "p1", topic: "t", subscribe: true });
  emit({ type: "graft", peerId: "p1", topic: "t", direction: "outbound" });
  emit({ type: "rpc-sent", peerId: "p1", rpc: { ...RPC, graft: 1, messages: 0 } });
  emit({ type: "rpc-received", peerId: "p1", rpc: RPC });
  emit({ type: "duplicate", topic: "t", messageId: "m1", peerId: "p1" });
  emit({ type: "reject", topic: "t", messageId: "m2", peerId: "p1", reason: "ignore" });
  emit({ type: "prune", peerId: "p1", topic: "t" });
  emit({ type: "peer-disconnected", peerId: "p1" });
  // After the disconnect, the peer's events are children of the host's span.
  emit({ type: "rpc-dropped", peerId: "p1", rpc: RPC, reason: "no-stream" });
  stop();
  const ended = await spans();
  const [peer] = named(ended, ROUTER_SPAN_NAMES.peer);
  assertEquals(peer.attributes, {
    [SPAN_ATTRIBUTES.peerId]: "self",
    [SPAN_ATTRIBUTES.remotePeerId]: "p1",
  });
  const inPeer = ended.filter((span) => parentId(span) === peer.spanContext().spanId);
  assertEquals(inPeer.map((span) => span.name), [
    ROUTER_SPAN_NAMES.streamOpened,
    ROUTER_SPAN_NAMES.subscription,
    ROUTER_SPAN_NAMES.graft,
    ROUTER_SPAN_NAMES.rpcSent,
    ROUTER_SPAN_NAMES.rpcReceived,
    ROUTER_SPAN_NAMES.prune,
  ]);
  assertEquals(inPeer[2].attributes[ROUTER_SPAN_ATTRIBUTES.direction], "outbound");
  assertEquals(inPeer[3].attributes[ROUTER_SPAN_ATTRIBUTES.rpcGraft], 1);
  assertEquals(inPeer[4].attributes[ROUTER_SPAN_ATTRIBUTES.rpcMessages], 1);
  const [dropped] = named(ended, ROUTER_SPAN_NAMES.rpcDropped);
  assertEquals(dropped.attributes[ROUTER_SPAN_ATTRIBUTES.dropReason], "no-stream");
  assert(
    parentId(dropped) !== peer.spanContext().spanId,
    "the dropped RPC is outside the ended peer",
  );
  const [reject] = named(ended, ROUTER_SPAN_NAMES.reject);
  assertEquals(reject.attributes[ROUTER_SPAN_ATTRIBUTES.rejectReason], "ignore");
  assertEquals(reject.attributes[SPAN_ATTRIBUTES.messageId], "m2");
  assertEquals(
    named(ended, ROUTER_SPAN_NAMES.duplicate)[0].attributes[SPAN_ATTRIBUTES.messageId],
    "m1",
  );
});

Deno.test("traceRouter opens the span of a peer connected before tracing at its first event", async () => {
  const { tracer, spans } = createRecorder();
  const parent = trace.setSpan(context.active(), tracer.startSpan("host"));
  const { host, emit } = scriptedHost("self", ["early"]);
  const stop = traceRouter(host, tracer, { parent });
  emit({ type: "rpc-received", peerId: "early", rpc: RPC });
  emit({ type: "rpc-received", peerId: "unknown", rpc: RPC });
  stop();
  const ended = await spans();
  // "early" is connected: a peer span, ended by stop(); "unknown" is not: no peer span.
  assertEquals(
    named(ended, ROUTER_SPAN_NAMES.peer).map((span) =>
      span.attributes[SPAN_ATTRIBUTES.remotePeerId]
    ),
    ["early"],
  );
  const [peer] = named(ended, ROUTER_SPAN_NAMES.peer);
  assertEquals(
    named(ended, ROUTER_SPAN_NAMES.rpcReceived).map((span) =>
      parentId(span) === peer.spanContext().spanId
    ),
    [true, false],
  );
});

Deno.test("traceRouter with rpcs false makes no RPC spans", async () => {
  const { tracer, spans } = createRecorder();
  const { host, emit } = scriptedHost("self");
  const stop = traceRouter(host, tracer, { parent: context.active(), rpcs: false });
  emit({ type: "rpc-sent", peerId: "p1", rpc: RPC });
  emit({ type: "rpc-received", peerId: "p1", rpc: RPC });
  emit({ type: "rpc-dropped", peerId: "p1", rpc: RPC, reason: "send-failed" });
  emit({ type: "deliver", topic: "t", messageId: "m", peerId: "p1" });
  stop();
  assertEquals((await spans()).map((span) => span.name), [SPAN_NAMES.deliver]);
});

Deno.test("traceRouter's returned function unsubscribes, once", () => {
  const { tracer } = createRecorder();
  const scripted = scriptedHost("self");
  const stop = traceRouter(scripted.host, tracer, { parent: context.active() });
  assertEquals(scripted.listenerCount(), 1);
  stop();
  stop();
  assertEquals(scripted.listenerCount(), 0);
});

Deno.test("traceRouter throws TypeError when options.parent is not a Context", () => {
  const { tracer } = createRecorder();
  const { host } = scriptedHost("self");
  assertThrows(
    () => traceRouter(host, tracer, { parent: {} as Context }),
    (error: unknown) =>
      error instanceof TypeError &&
      error.message ===
        "traceRouter: options.parent must be an OpenTelemetry Context, got object; " +
          "pass trace.setSpan(context.active(), hostSpan)",
  );
});

Deno.test(
  "traceRouter on three real hosts: one publish span, a deliver span on each host, well nested",
  libp2pTest,
  async () => {
    const variant: VariantSpec = {
      ...BUILTIN_VARIANTS.memory,
      encryption: "plaintext",
      gossipsub: { heartbeatIntervalMs: 100 },
    };
    const { tracer, spans } = createRecorder();
    const hosts = await Promise.all(
      [0, 1, 2].map((index) =>
        createBenchHost({
          index,
          keySeed: new Uint8Array(32).fill(index + 1),
          runTag: "trace-router",
          variant,
        })
      ),
    );
    const hostSpans = hosts.map((host) =>
      tracer.startSpan("host", { attributes: { [SPAN_ATTRIBUTES.hostIndex]: host.index } })
    );
    const stops = hosts.map((host, index) =>
      traceRouter(host, tracer, { parent: trace.setSpan(context.active(), hostSpans[index]) })
    );
    try {
      const delivered = Promise.all(
        hosts.map((host) => new Promise<void>((resolve) => host.onMessage(() => resolve()))),
      );
      for (const host of hosts) host.subscribe("t");
      await hosts[1].dial(hosts[0].addrs[0]);
      await hosts[2].dial(hosts[0].addrs[0]);
      await hosts[2].dial(hosts[1].addrs[0]);
      await _withTimeout(
        Promise.all(hosts.map((host) => _waitFor(host, () => host.meshDegree("t") === 2))),
        "complete meshes",
      );
      await hosts[0].publish("t", new Uint8Array([1, 2, 3]));
      await _withTimeout(delivered, "delivery to all three hosts");
    } finally {
      await Promise.all(hosts.map((host) => host.stop()));
      closeTrackedBroadcastChannels();
      for (const stop of stops) stop();
      for (const span of hostSpans) span.end();
    }
    const ended = await spans();
    const [publish] = named(ended, SPAN_NAMES.publish);
    const messageId = publish.attributes[SPAN_ATTRIBUTES.messageId];
    assertEquals(named(ended, SPAN_NAMES.publish).length, 1);
    assertEquals(parentId(publish), hostSpans[0].spanContext().spanId);
    const deliveries = named(ended, SPAN_NAMES.deliver);
    assertEquals(
      deliveries.map((span) => [span.attributes[SPAN_ATTRIBUTES.messageId], parentId(span)]).sort(),
      hostSpans.map((span) => [messageId, span.spanContext().spanId]).sort(),
    );
    for (const [index, host] of hosts.entries()) {
      const delivery = deliveries.find((span) =>
        parentId(span) === hostSpans[index].spanContext().spanId
      )!;
      assertEquals(delivery.attributes[SPAN_ATTRIBUTES.peerId], host.peerId);
    }
    // Every span hangs off a host span, directly or through a peer span of the same host.
    const byId = new Map(ended.map((span) => [span.spanContext().spanId, span]));
    for (const span of ended) {
      if (span.name === "host") continue;
      const parent = byId.get(parentId(span) ?? "");
      assert(parent !== undefined, `${span.name} has no parent among the ended spans`);
      const root = parent.name === "host" ? parent : byId.get(parentId(parent) ?? "");
      assertEquals(root?.name, "host", `${span.name} is not under a host`);
      assertEquals(
        span.attributes[SPAN_ATTRIBUTES.peerId],
        hosts[Number(root!.attributes[SPAN_ATTRIBUTES.hostIndex])].peerId,
      );
    }
    // Each host saw both others as peers, and each peer span ended.
    assertEquals(named(ended, ROUTER_SPAN_NAMES.peer).length, 6);
    assert(named(ended, ROUTER_SPAN_NAMES.rpcSent).length > 0);
  },
);

function _waitFor(host: BenchHost, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    const check = (): void => {
      if (!predicate()) return;
      stopEvents();
      stopHeartbeats();
      resolve();
    };
    const stopEvents = host.onRouterEvent(check);
    const stopHeartbeats = host.onHeartbeat(check);
  });
}

async function _withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after 20 s waiting for ${what}`)), 20_000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
