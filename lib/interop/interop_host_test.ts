// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { GO_DEFAULT_GOSSIPSUB_PARAMS, toGossipsubOptions } from "./gossipsub_params.ts";
import { createInteropHost, type InteropHost, type InteropStack } from "./interop_host.ts";
import { createMessagePayload, formatMessageId } from "./message_payload.ts";

const LOOPBACK = "/ip4/127.0.0.1/tcp/0";
const TOPIC = "a-subnet";

/** Resolves once `condition()` holds, checking after every event-loop turn; fails after 10 s. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A triangle: node 0 publishes to 1 and 2 (flood publish); each forwards it to the other, so four
 * copies travel and two of them are duplicates. 100 bytes stays under the IDONTWANT size.
 */
async function triangleReportsEveryCopy(stacks: InteropStack[]): Promise<void> {
  const received: Array<{ node: number; from: string; id: string | undefined }> = [];
  const hosts: InteropHost[] = [];
  try {
    for (const node of [0, 1, 2]) {
      hosts.push(
        await createInteropHost(node, {
          stack: stacks[node],
          settings: toGossipsubOptions(GO_DEFAULT_GOSSIPSUB_PARAMS),
          listen: LOOPBACK,
          onMessageReceived: ({ from, topic, data }) => {
            assertEquals(topic, TOPIC);
            received.push({ node, from, id: formatMessageId(data) });
          },
        }),
      );
    }
    for (const host of hosts) host.subscribe(TOPIC);
    await hosts[1].dial(hosts[0].listenAddrs()[0]);
    await hosts[2].dial(hosts[0].listenAddrs()[0]);
    await hosts[2].dial(hosts[1].listenAddrs()[0]);
    await waitFor(() => hosts.every((host) => host.meshPeerCount(TOPIC) === 2), "full meshes");
    assertEquals(await hosts[0].publish(TOPIC, createMessagePayload(7, 100)), 2);
    await waitFor(() => received.length >= 4, "four receptions");
    assertEquals(received.every((entry) => entry.id === "7"), true);
    assert(received.some((entry) => entry.node === 1), "node 1 logged the message");
    assert(received.some((entry) => entry.node === 2), "node 2 logged the message");
    const peerIds = hosts.map((host) => host.peerId);
    for (const { node, from } of received) {
      assert(peerIds.includes(from) && from !== peerIds[node], `from ${from} is a neighbour`);
    }
  } finally {
    for (const host of hosts) await host.stop();
  }
}

for (
  const stacks of [
    ["default", "default", "default"],
    ["chainsafe", "chainsafe", "chainsafe"],
    ["chainsafe", "default", "chainsafe"],
  ] as InteropStack[][]
) {
  Deno.test(`createInteropHost reports every message received, duplicates included (${stacks.join(", ")})`, () =>
    triangleReportsEveryCopy(stacks));
}

Deno.test("createInteropHost's message id is the first 8 payload bytes", async () => {
  const host = await createInteropHost(4, {
    settings: toGossipsubOptions(GO_DEFAULT_GOSSIPSUB_PARAMS),
    listen: LOOPBACK,
    onMessageReceived: () => {},
  });
  try {
    host.subscribe(TOPIC);
    // No peers: go-libp2p-pubsub publishes to no one without an error, and so does this host.
    assertEquals(await host.publish(TOPIC, createMessagePayload(5, 100)), 0);
    const sameId = createMessagePayload(5, 300);
    sameId[200] = 1;
    await rejects(host.publish(TOPIC, sameId), /Duplicate/i);
    assertEquals(await host.publish(TOPIC, createMessagePayload(6, 100)), 0);
  } finally {
    await host.stop();
  }
});

for (const stack of ["default", "chainsafe"] as const) {
  Deno.test(`createInteropHost runs the first heartbeat after HeartbeatInitialDelay (${stack})`, async () => {
    const startMs = Date.now();
    let first: (atMs: number) => void = () => {};
    const firstHeartbeat = new Promise<number>((resolve) => first = resolve);
    const host = await createInteropHost(5, {
      stack,
      settings: toGossipsubOptions({
        ...GO_DEFAULT_GOSSIPSUB_PARAMS,
        HeartbeatInitialDelay: 600_000_000,
      }),
      listen: LOOPBACK,
      onMessageReceived: () => {},
      onHeartbeat: () => first(Date.now()),
      onWarning: (line) => {
        throw new Error(line);
      },
    });
    try {
      // gossipsub's own first heartbeat would come 100 ms after start; timers never fire early.
      assert((await firstHeartbeat) - startMs >= 600, "first heartbeat not before 600 ms");
    } finally {
      await host.stop();
    }
  });
}
