// The transport under a real libp2p 3 node (Noise, yamux), against itself and against
// @libp2p/tcp on the other end: the wire is plain TCP, so the two must interoperate.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createLibp2p, type Libp2p } from "libp2p";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { tcp } from "@libp2p/tcp";
import type { Stream } from "@libp2p/interface";
import {
  closeTrackedBroadcastChannels,
  trackBroadcastChannels,
} from "../broadcast_channel_guard.ts";
import { patternBytes, sameBytes } from "./_test_support.ts";
import { denoTcp } from "./mod.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };
const ECHO = "/bench-test/echo/1.0.0";
const MiB = 1024 * 1024;

type TransportName = "deno-tcp" | "node-tcp";

async function startNode(transport: TransportName): Promise<Libp2p> {
  trackBroadcastChannels();
  const node = await createLibp2p({
    addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
    transports: [transport === "deno-tcp" ? denoTcp() : tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionMonitor: { enabled: false },
  });
  await node.handle(ECHO, async (stream: Stream) => {
    for await (const chunk of stream) {
      if (!stream.send(chunk)) {
        await new Promise((resolve) => stream.addEventListener("drain", resolve, { once: true }));
      }
    }
    await stream.close();
  });
  return node;
}

/** Sends `payload` over an echo stream from `dialer` to `listener` and returns what came back. */
async function echo(dialer: Libp2p, listener: Libp2p, payload: Uint8Array): Promise<Uint8Array> {
  const stream = await dialer.dialProtocol(listener.getMultiaddrs()[0], ECHO);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reading = (async () => {
    for await (const chunk of stream) {
      const bytes = chunk instanceof Uint8Array ? chunk : chunk.subarray();
      chunks.push(bytes);
      received += bytes.byteLength;
      if (received >= payload.byteLength) break;
    }
  })();
  for (let offset = 0; offset < payload.byteLength; offset += 16 * 1024) {
    if (!stream.send(payload.subarray(offset, offset + 16 * 1024))) {
      await new Promise((resolve) => stream.addEventListener("drain", resolve, { once: true }));
    }
  }
  await reading;
  await stream.close();
  const joined = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

for (
  const [dialerTransport, listenerTransport] of [
    ["deno-tcp", "deno-tcp"],
    ["deno-tcp", "node-tcp"],
    ["node-tcp", "deno-tcp"],
  ] as const
) {
  Deno.test(
    `libp2p over ${dialerTransport} dialing ${listenerTransport}: Noise + yamux echo 2 MiB`,
    libp2pTest,
    async () => {
      const listener = await startNode(listenerTransport);
      const dialer = await startNode(dialerTransport);
      try {
        const payload = patternBytes(2 * MiB, 11);
        const echoed = await echo(dialer, listener, payload);
        assert(sameBytes(echoed, payload), `echo returned ${echoed.byteLength} other bytes`);
        const [connection] = dialer.getConnections(listener.peerId);
        assertEquals(connection.remotePeer.toString(), listener.peerId.toString());
        assertEquals(connection.encryption, "/noise");
        assertEquals(connection.multiplexer, "/yamux/1.0.0");
      } finally {
        await Promise.all([dialer.stop(), listener.stop()]);
        closeTrackedBroadcastChannels();
      }
    },
  );
}

Deno.test("libp2p over deno-tcp: stopping one node disconnects the other", libp2pTest, async () => {
  const a = await startNode("deno-tcp");
  const b = await startNode("deno-tcp");
  try {
    // the dial returns when a's side is upgraded; b's side finishes a moment later
    const connected = new Promise((resolve) =>
      b.addEventListener("peer:connect", resolve, { once: true })
    );
    await a.dial(b.getMultiaddrs()[0]);
    await connected;
    const disconnected = new Promise<string>((resolve) =>
      b.addEventListener("peer:disconnect", (event) => resolve(event.detail.toString()), {
        once: true,
      })
    );
    await a.stop();
    assertEquals(await disconnected, a.peerId.toString());
    assertEquals(b.getConnections().length, 0);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    closeTrackedBroadcastChannels();
  }
});
