// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  rejects,
  strictEqual,
  throws,
} from "node:assert/strict";
import { createMockDiscovery, type MockDiscovery, type PeerRecord } from "./mock_discovery.ts";

const A: PeerRecord = { peerId: "a", addrs: ["/ip4/127.0.0.1/tcp/1"] };
const B: PeerRecord = { peerId: "b", addrs: ["/ip4/127.0.0.1/tcp/2"] };
const C: PeerRecord = { peerId: "c", addrs: ["/ip4/127.0.0.1/tcp/3"] };

/** A clock the test moves by hand. */
function fakeClock(start = 0): { now: () => number; set: (ms: number) => void } {
  let time = start;
  return { now: () => time, set: (ms) => void (time = ms) };
}

/** A random source that replays `values`, so a shuffle can be worked out by hand. */
function scriptedRandom(values: number[]): () => number {
  const queue = [...values];
  return () => {
    const value = queue.shift();
    if (value === undefined) throw new Error("scriptedRandom: script exhausted");
    return value;
  };
}

/** A service on a clock frozen at 0 whose shuffle keeps insertion order (j = i every step). */
function discoveryInOrder(): MockDiscovery {
  return createMockDiscovery({ now: () => 0, random: () => 0.999 });
}

/**
 * Lets every promise reaction already queued run. The chains under test are a few reactions
 * long; ten turns of the microtask queue is plenty and involves no timer.
 */
async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Starts `promise` and reports through `state` whether it has fulfilled yet. */
function track(promise: Promise<void>): { fulfilled: boolean } {
  const state = { fulfilled: false };
  promise.then(() => void (state.fulfilled = true), () => {});
  return state;
}

Deno.test("createMockDiscovery findPeers finds nothing in a namespace nobody advertised", () => {
  const discovery = discoveryInOrder();
  assertEquals(discovery.findPeers("topic", 10), []);
});

Deno.test("MockDiscovery.findPeers returns an advertised record", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  assertEquals(discovery.findPeers("topic", 10), [A]);
});

Deno.test("MockDiscovery.findPeers keeps namespaces apart", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  discovery.advertise("other", B, 1000);
  assertEquals(discovery.findPeers("topic", 10), [A]);
});

Deno.test("MockDiscovery.findPeers returns at most limit records", () => {
  const discovery = discoveryInOrder();
  for (const record of [A, B, C]) discovery.advertise("topic", record, 1000);
  assertEquals(discovery.findPeers("topic", 2), [A, B]);
});

Deno.test("MockDiscovery.findPeers returns nothing for a limit of 0 or below", () => {
  const discovery = discoveryInOrder();
  for (const record of [A, B, C]) discovery.advertise("topic", record, 1000);
  assertEquals(discovery.findPeers("topic", 0), []);
  assertEquals(discovery.findPeers("topic", -1), []);
});

Deno.test("MockDiscovery.findPeers shuffles by the injected random source", () => {
  // Fisher-Yates over [a, b, c]: i = 2 draws 0.5 -> j = floor(1.5) = 1, swap -> [a, c, b];
  // i = 1 draws 0.1 -> j = floor(0.2) = 0, swap -> [c, a, b].
  const discovery = createMockDiscovery({ now: () => 0, random: scriptedRandom([0.5, 0.1]) });
  for (const record of [A, B, C]) discovery.advertise("topic", record, 1000);
  assertEquals(discovery.findPeers("topic", 3), [C, A, B]);
});

Deno.test("MockDiscovery.findPeers shuffles before it applies the limit", () => {
  // random 0 always swaps with the front: i = 2 -> [c, b, a]; i = 1 -> [b, c, a]; first two.
  const discovery = createMockDiscovery({ now: () => 0, random: () => 0 });
  for (const record of [A, B, C]) discovery.advertise("topic", record, 1000);
  assertEquals(discovery.findPeers("topic", 2), [B, C]);
});

Deno.test("MockDiscovery.findPeers leaves out the excluded peer", () => {
  const discovery = discoveryInOrder();
  for (const record of [A, B, C]) discovery.advertise("topic", record, 1000);
  assertEquals(discovery.findPeers("topic", 10, { exclude: "b" }), [A, C]);
});

Deno.test("MockDiscovery.findPeers returns copies the caller may change", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  const [found] = discovery.findPeers("topic", 10);
  found.peerId = "changed";
  (found.addrs as string[]).push("/ip4/10.0.0.1/tcp/9");
  assertEquals(discovery.findPeers("topic", 10), [A]);
});

Deno.test("MockDiscovery.advertise keeps a copy, not the caller's record", () => {
  const discovery = discoveryInOrder();
  const record = { peerId: "a", addrs: ["/ip4/127.0.0.1/tcp/1"] };
  discovery.advertise("topic", record, 1000);
  record.addrs.push("/ip4/10.0.0.1/tcp/9");
  assertEquals(discovery.findPeers("topic", 10), [{
    peerId: "a",
    addrs: ["/ip4/127.0.0.1/tcp/1"],
  }]);
});

Deno.test("MockDiscovery.advertise keeps one record per peer, the latest", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  discovery.advertise("topic", { peerId: "a", addrs: ["/ip4/127.0.0.1/tcp/7"] }, 1000);
  assertEquals(discovery.findPeers("topic", 10), [{
    peerId: "a",
    addrs: ["/ip4/127.0.0.1/tcp/7"],
  }]);
});

Deno.test("MockDiscovery.has stays true until the TTL has passed", () => {
  const clock = fakeClock(1000);
  const discovery = createMockDiscovery({ now: clock.now });
  discovery.advertise("topic", A, 100);
  clock.set(1099);
  assert(discovery.has("topic", "a"));
});

Deno.test("MockDiscovery drops a record once its TTL has passed", () => {
  const clock = fakeClock(1000);
  const discovery = createMockDiscovery({ now: clock.now, random: () => 0.999 });
  discovery.advertise("topic", A, 100);
  discovery.advertise("topic", B, 200);
  // a expires at 1100 (the expiry instant itself is already expired), b at 1200.
  clock.set(1100);
  assertEquals(
    [discovery.has("topic", "a"), discovery.count("topic"), discovery.findPeers("topic", 10)],
    [false, 1, [B]],
  );
});

Deno.test("MockDiscovery.advertise again refreshes the TTL", () => {
  const clock = fakeClock(0);
  const discovery = createMockDiscovery({ now: clock.now });
  discovery.advertise("topic", A, 100);
  clock.set(50);
  discovery.advertise("topic", A, 100); // now expires at 150, not 100
  clock.set(149);
  assert(discovery.has("topic", "a"), "alive at 149 after the refresh at 50");
  clock.set(150);
  assert(!discovery.has("topic", "a"), "gone at 150");
});

Deno.test("MockDiscovery.stopAdvertising removes only that peer from only that namespace", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  discovery.advertise("topic", B, 1000);
  discovery.advertise("other", A, 1000);
  discovery.stopAdvertising("topic", "a");
  assertEquals(
    [discovery.findPeers("topic", 10), discovery.has("other", "a")],
    [[B], true],
  );
});

Deno.test("MockDiscovery.stopAdvertising of an unknown peer or namespace changes nothing", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  discovery.stopAdvertising("topic", "nobody");
  discovery.stopAdvertising("nowhere", "a");
  assertEquals(discovery.findPeers("topic", 10), [A]);
});

Deno.test("MockDiscovery.count is 0 for a namespace nobody advertised", () => {
  assertEquals(discoveryInOrder().count("topic"), 0);
});

Deno.test("MockDiscovery.count counts the live records of one namespace", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  discovery.advertise("topic", B, 1000);
  discovery.advertise("other", C, 1000);
  assertEquals([discovery.count("topic"), discovery.count("other")], [2, 1]);
});

Deno.test("MockDiscovery.has is false for a peer advertised in another namespace", () => {
  const discovery = discoveryInOrder();
  discovery.advertise("other", A, 1000);
  assertEquals([discovery.has("topic", "a"), discovery.has("other", "a")], [false, true]);
});

Deno.test("MockDiscovery.advertise throws RangeError for a ttlMs of 0", () => {
  const discovery = discoveryInOrder();
  throws(() => discovery.advertise("topic", A, 0), (error: unknown) => {
    assert(error instanceof RangeError);
    strictEqual(error.message, 'advertise "topic": ttlMs must be > 0, got 0');
    return true;
  });
  assertEquals(discovery.count("topic"), 0);
});

Deno.test("MockDiscovery.advertise throws RangeError for a negative or NaN ttlMs", () => {
  const discovery = discoveryInOrder();
  for (const [ttlMs, shown] of [[-5, "-5"], [NaN, "NaN"]] as const) {
    throws(() => discovery.advertise("topic", A, ttlMs), (error: unknown) => {
      assert(error instanceof RangeError);
      strictEqual(error.message, `advertise "topic": ttlMs must be > 0, got ${shown}`);
      return true;
    });
  }
});

Deno.test("MockDiscovery.waitForCount resolves on the advertise that reaches the count", async () => {
  const discovery = discoveryInOrder();
  const wait = discovery.waitForCount("topic", 2);
  const state = track(wait);
  discovery.advertise("topic", A, 1000);
  await drainMicrotasks();
  assert(!state.fulfilled, "resolved after 1 of 2 records");
  discovery.advertise("topic", B, 1000);
  await drainMicrotasks();
  assert(state.fulfilled, "not resolved after 2 of 2 records");
  await wait;
});

Deno.test("MockDiscovery.waitForCount ignores advertises in other namespaces", async () => {
  const discovery = discoveryInOrder();
  const controller = new AbortController();
  const wait = discovery.waitForCount("topic", 1, { signal: controller.signal });
  const state = track(wait);
  discovery.advertise("other", A, 1000);
  await drainMicrotasks();
  assert(!state.fulfilled);
  controller.abort(new Error("test over"));
  await rejects(wait);
});

Deno.test("MockDiscovery.waitForCount does not count expired records", async () => {
  const clock = fakeClock(0);
  const discovery = createMockDiscovery({ now: clock.now });
  discovery.advertise("topic", A, 100);
  clock.set(100); // a has expired
  const wait = discovery.waitForCount("topic", 2);
  const state = track(wait);
  discovery.advertise("topic", B, 100);
  await drainMicrotasks();
  assert(!state.fulfilled, "resolved with a's expired record counted");
  discovery.advertise("topic", C, 100);
  await wait;
});

Deno.test("MockDiscovery.waitForCount resolves at once when the count is already there", async () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  discovery.advertise("topic", B, 1000);
  const state = track(discovery.waitForCount("topic", 2));
  await drainMicrotasks();
  assert(state.fulfilled);
});

Deno.test("MockDiscovery.waitForCount resolves at once for a count of 0", async () => {
  const state = track(discoveryInOrder().waitForCount("topic", 0));
  await drainMicrotasks();
  assert(state.fulfilled);
});

Deno.test("MockDiscovery.waitForCount rejects with the signal's reason on abort", async () => {
  const discovery = discoveryInOrder();
  const controller = new AbortController();
  const reason = new Error("bench cancelled");
  const wait = discovery.waitForCount("topic", 1, { signal: controller.signal });
  controller.abort(reason);
  await rejects(wait, (error: unknown) => error === reason);
});

Deno.test("MockDiscovery.waitForCount rejects at once when the signal already aborted", async () => {
  const discovery = discoveryInOrder();
  const reason = new Error("bench cancelled");
  const wait = discovery.waitForCount("topic", 1, { signal: AbortSignal.abort(reason) });
  await rejects(wait, (error: unknown) => error === reason);
});

Deno.test("MockDiscovery.waitForCount stops waiting once aborted", async () => {
  const discovery = discoveryInOrder();
  const controller = new AbortController();
  const reason = new Error("bench cancelled");
  const wait = discovery.waitForCount("topic", 1, { signal: controller.signal });
  let outcome = "pending";
  wait.then(() => void (outcome = "fulfilled"), (error) => void (outcome = error.message));
  controller.abort(reason);
  // Reaching the count afterwards must neither resolve the promise nor disturb the service.
  discovery.advertise("topic", A, 1000);
  await drainMicrotasks();
  assertEquals([outcome, discovery.count("topic")], ["bench cancelled", 1]);
});

Deno.test("MockDiscovery.waitForCount removes its abort listener once resolved", async () => {
  const discovery = discoveryInOrder();
  const controller = new AbortController();
  const signal = controller.signal;
  const listening = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (type: string, listener: EventListener, options?: unknown) => {
    listening.add(listener);
    add(type, listener, options as AddEventListenerOptions);
  };
  signal.removeEventListener = (type: string, listener: EventListener) => {
    listening.delete(listener);
    remove(type, listener);
  };
  const wait = discovery.waitForCount("topic", 1, { signal });
  assertEquals(listening.size, 1);
  discovery.advertise("topic", A, 1000);
  await wait;
  assertEquals(listening.size, 0);
});

Deno.test("MockDiscovery.createClient findPeers never finds the client itself", async () => {
  const discovery = discoveryInOrder();
  for (const record of [A, B, C]) discovery.advertise("topic", record, 1000);
  const client = discovery.createClient(B);
  assertEquals(await client.findPeers("topic", 10), [A, C]);
});

Deno.test("MockDiscovery.createClient advertise registers the client's own record", async () => {
  const clock = fakeClock(0);
  const discovery = createMockDiscovery({ now: clock.now });
  await discovery.createClient(A).advertise("topic", 100);
  assertEquals(discovery.findPeers("topic", 10), [A]);
  clock.set(100);
  assertEquals(discovery.count("topic"), 0);
});

Deno.test("MockDiscovery.createClient stopAdvertising removes the client's own record", async () => {
  const discovery = discoveryInOrder();
  discovery.advertise("topic", A, 1000);
  discovery.advertise("topic", B, 1000);
  await discovery.createClient(A).stopAdvertising("topic");
  assertEquals(discovery.findPeers("topic", 10), [B]);
});

Deno.test("MockDiscovery.createClient advertise rejects, not throws, for a ttlMs of 0", async () => {
  const client = discoveryInOrder().createClient(A);
  let promise: Promise<void> | undefined;
  try {
    promise = client.advertise("topic", 0);
  } catch (error) {
    assert(false, `threw synchronously: ${error}`);
  }
  await rejects(promise!, (error: unknown) => {
    assert(error instanceof RangeError);
    strictEqual(error.message, 'advertise "topic": ttlMs must be > 0, got 0');
    return true;
  });
});
