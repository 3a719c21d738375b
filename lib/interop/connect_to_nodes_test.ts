// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { connectToNodes, type ConnectToNodesOptions } from "./connect_to_nodes.ts";
import { InteropError } from "./interop_error.ts";
import { derivePeerId } from "./node_identity.ts";

/** Dials fail `failures[nodeId]` times, then succeed; every dial and pause is recorded. */
function fakeNetwork(failures: Record<number, number>) {
  const dials: string[] = [];
  const sleeps: number[] = [];
  const retries: Array<[number, number]> = [];
  const options: ConnectToNodesOptions = {
    selfNodeId: 0,
    resolveAddress: (nodeId) => Promise.resolve(`/ip4/10.77.0.${nodeId + 1}/tcp/9000`),
    dial: (addr) => {
      dials.push(addr);
      const nodeId = Number(/10\.77\.0\.(\d+)/.exec(addr)![1]) - 1;
      if ((failures[nodeId] ?? 0) > 0) {
        failures[nodeId]--;
        return Promise.reject(new Error("ECONNREFUSED"));
      }
      return Promise.resolve();
    },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    onRetry: (nodeId, attempt) => retries.push([nodeId, attempt]),
  };
  return { options, dials, sleeps, retries };
}

Deno.test("connectToNodes dials /ip4/<ip>/tcp/9000/p2p/<derived peer id>", async () => {
  const { options, dials } = fakeNetwork({});
  await connectToNodes([3], options);
  assertEquals(dials, [`/ip4/10.77.0.4/tcp/9000/p2p/${await derivePeerId(3)}`]);
});

Deno.test("connectToNodes retries a failed dial with a doubling pause", async () => {
  const { options, dials, sleeps, retries } = fakeNetwork({ 2: 3 });
  await connectToNodes([2], options);
  assertEquals(dials.length, 4);
  assertEquals(sleeps, [100, 200, 400]);
  assertEquals(retries, [[2, 1], [2, 2], [2, 3]]);
});

Deno.test("connectToNodes caps the pause and gives up after its attempts", async () => {
  const { options, sleeps } = fakeNetwork({ 5: 100 });
  await rejects(connectToNodes([5], { ...options, attempts: 7, maxBackoffMs: 500 }), (error) => {
    assertEquals(error instanceof InteropError, true);
    assertEquals(
      (error as Error).message,
      "connect: node 0 could not connect to node5 in 7 attempts; last error: Error: ECONNREFUSED",
    );
    return true;
  });
  assertEquals(sleeps, [100, 200, 400, 500, 500, 500]);
});

Deno.test("connectToNodes refuses to connect a node to itself", async () => {
  const { options, dials } = fakeNetwork({});
  await rejects(connectToNodes([1, 0], options), {
    name: "InteropError",
    message: "connect: node 0 was told to connect to itself (connectTo: [1,0])",
  });
  assertEquals(dials, []);
});
