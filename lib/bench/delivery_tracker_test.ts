// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  createDeliveryTracker,
  type DeliveryFigures,
  readMessageIndex,
  writeMessageIndex,
} from "./delivery_tracker.ts";

/** A clock the test moves by hand. */
function fakeClock(): { now: () => number; set: (ms: number) => void } {
  let time = 0;
  return { now: () => time, set: (ms) => void (time = ms) };
}

/** An 8-byte message body carrying `index`, its tail `fill` so bodies can differ. */
function message(index: number, fill = 0xaa): Uint8Array {
  return writeMessageIndex(new Uint8Array(8).fill(fill), index);
}

/**
 * Lets every promise reaction already queued run. The chains under test are a few reactions
 * long; ten turns of the microtask queue is plenty and involves no timer.
 */
async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

Deno.test("writeMessageIndex writes the index big-endian into the first 4 bytes", () => {
  const body = new Uint8Array([9, 9, 9, 9, 7, 7]);
  assertEquals(writeMessageIndex(body, 0x01020304), new Uint8Array([1, 2, 3, 4, 7, 7]));
});

Deno.test("writeMessageIndex leaves its input unchanged", () => {
  const body = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  writeMessageIndex(body, 42);
  assertEquals(body, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
});

Deno.test("readMessageIndex reads back what writeMessageIndex wrote", () => {
  for (const index of [0, 1, 258, 2 ** 32 - 1]) {
    assertEquals(readMessageIndex(writeMessageIndex(new Uint8Array(16), index)), index);
  }
});

Deno.test("readMessageIndex reads from the view's offset, not the buffer's start", () => {
  const buffer = new Uint8Array([0xff, 0, 0, 0, 5, 0xff]);
  assertEquals(readMessageIndex(buffer.subarray(1)), 5);
});

Deno.test("writeMessageIndex works on a view that starts inside its buffer", () => {
  const body = new Uint8Array([0xff, 0xee, 0xee, 0xee, 0xee, 0xdd]).subarray(1);
  assertEquals(writeMessageIndex(body, 3), new Uint8Array([0, 0, 0, 3, 0xdd]));
});

Deno.test({
  name: "DeliveryTracker.waitForAll resolves true on the receive that completes it",
  // Deno no longer checks for leaked timers by default; this test relies on it.
  sanitizeOps: true,
  async fn() {
    const tracker = createDeliveryTracker(2, () => 0);
    tracker.expect(0, 0, message(0));
    // A long timeout: if the tracker forgot to clear it, sanitizeOps fails the test.
    const wait = tracker.waitForAll(0, 60_000);
    let outcome: boolean | undefined;
    wait.then((value) => void (outcome = value));
    tracker.receive(0, message(0));
    await drainMicrotasks();
    assertEquals(outcome, undefined, "settled with 1 of 2 hosts");
    tracker.receive(1, message(0));
    assertEquals(await wait, true);
  },
});

Deno.test("DeliveryTracker.waitForAll resolves true at once when every host has it", async () => {
  const tracker = createDeliveryTracker(1, () => 0);
  tracker.expect(0, 0, message(0));
  tracker.receive(0, message(0));
  assertEquals(await tracker.waitForAll(0, 60_000), true);
});

Deno.test("DeliveryTracker.waitForAll resolves false after its timeout when a host misses it", async () => {
  // A real 20 ms timer: nothing can complete the message, so the outcome cannot vary.
  const tracker = createDeliveryTracker(3, () => 0);
  tracker.expect(0, 0, message(0));
  tracker.receive(0, message(0));
  assertEquals(await tracker.waitForAll(0, 20), false);
});

Deno.test("DeliveryTracker.missingHosts lists the hosts without the message", () => {
  const tracker = createDeliveryTracker(4, () => 0);
  tracker.expect(0, 0, message(0));
  tracker.receive(0, message(0));
  tracker.receive(2, message(0));
  assertEquals(tracker.missingHosts(0), [1, 3]);
});

Deno.test("DeliveryTracker.missingHosts is empty once every host has the message", () => {
  const tracker = createDeliveryTracker(2, () => 0);
  tracker.expect(0, 1, message(0));
  tracker.receive(1, message(0));
  tracker.receive(0, message(0));
  assertEquals(tracker.missingHosts(0), []);
});

Deno.test("DeliveryTracker.missingHosts lists every host for a message never expected", () => {
  assertEquals(createDeliveryTracker(3, () => 0).missingHosts(7), [0, 1, 2]);
});

Deno.test("DeliveryTracker.problems is empty when every reception matched", () => {
  const tracker = createDeliveryTracker(2, () => 0);
  tracker.expect(0, 0, message(0));
  tracker.receive(0, message(0));
  tracker.receive(1, message(0));
  assertEquals(tracker.problems(), []);
});

Deno.test("DeliveryTracker.receive does not count corrupted bytes as delivered", () => {
  const tracker = createDeliveryTracker(2, () => 0);
  tracker.expect(0, 0, message(0, 0xaa));
  tracker.receive(0, message(0, 0xaa));
  tracker.receive(1, message(0, 0xbb)); // same index, different body
  assertEquals(
    [tracker.missingHosts(0), tracker.figures().delivered],
    [[1], 1],
  );
});

Deno.test("DeliveryTracker.problems names the message and hosts that got corrupted bytes", () => {
  const tracker = createDeliveryTracker(3, () => 0);
  tracker.expect(4, 0, message(4, 0xaa));
  tracker.receive(1, message(4, 0xbb));
  tracker.receive(2, message(4).subarray(0, 6)); // same index, cut short
  assertEquals(tracker.problems(), ["message 4 arrived with different bytes at hosts 1, 2"]);
});

Deno.test("DeliveryTracker.problems reports a message with an unknown index", () => {
  const tracker = createDeliveryTracker(2, () => 0);
  tracker.expect(0, 0, message(0));
  tracker.receive(1, message(9));
  assertEquals(tracker.problems(), ["host 1 received an unknown message (8 bytes)"]);
});

Deno.test("DeliveryTracker.problems reports a message too short to carry an index", () => {
  const tracker = createDeliveryTracker(2, () => 0);
  tracker.receive(0, new Uint8Array([0, 0, 0]));
  assertEquals(tracker.problems(), ["host 0 received an unknown message (3 bytes)"]);
});

Deno.test("DeliveryTracker.receive counts a duplicate reception once, at its first time", () => {
  const clock = fakeClock();
  const tracker = createDeliveryTracker(2, clock.now);
  tracker.expect(0, 0, message(0));
  clock.set(4);
  tracker.receive(1, message(0));
  clock.set(9);
  tracker.receive(1, message(0));
  const figures = tracker.figures();
  assertEquals(
    [figures.delivered, figures.missed, figures.remoteLatenciesMs],
    [1, 1, [4]],
  );
});

Deno.test("DeliveryTracker.figures is all zero and empty before any message", () => {
  const expected: DeliveryFigures = {
    expected: 0,
    delivered: 0,
    missed: 0,
    remoteLatenciesMs: [],
    lastDeliveryMs: [],
  };
  assertEquals(createDeliveryTracker(3, () => 0).figures(), expected);
});

Deno.test("DeliveryTracker.figures for one message every host got", () => {
  const clock = fakeClock();
  const tracker = createDeliveryTracker(3, clock.now);
  clock.set(100);
  tracker.expect(0, 1, message(0));
  tracker.receive(1, message(0)); // the publisher's own copy, at 100
  clock.set(102);
  tracker.receive(0, message(0));
  clock.set(106);
  tracker.receive(2, message(0));
  assertEquals(tracker.figures(), {
    expected: 3,
    delivered: 3,
    missed: 0,
    remoteLatenciesMs: [2, 6],
    lastDeliveryMs: [6],
  });
});

Deno.test("DeliveryTracker.figures counts two messages, one of them incomplete", () => {
  const clock = fakeClock();
  const tracker = createDeliveryTracker(3, clock.now);
  // Message 0, published by host 0 at 100, reaches every host: 0 at +0, 1 at +3, 2 at +7.
  clock.set(100);
  tracker.expect(0, 0, message(0));
  tracker.receive(0, message(0));
  clock.set(103);
  tracker.receive(1, message(0));
  clock.set(107);
  tracker.receive(2, message(0));
  // Message 1, published by host 2 at 200, reaches 2 at +1 and 0 at +5; host 1 never gets it.
  clock.set(200);
  tracker.expect(1, 2, message(1));
  clock.set(201);
  tracker.receive(2, message(1));
  clock.set(205);
  tracker.receive(0, message(1));
  assertEquals(tracker.figures(), {
    expected: 2 * 3,
    delivered: 3 + 2,
    missed: 1,
    // The publishers' own copies (+0 and +1) have no network latency and are left out.
    remoteLatenciesMs: [3, 7, 5],
    // Only message 0 reached every host.
    lastDeliveryMs: [7],
  });
});

Deno.test("DeliveryTracker.figures gives equal latencies when every host got it at once", () => {
  const clock = fakeClock();
  const tracker = createDeliveryTracker(3, clock.now);
  tracker.expect(0, 0, message(0));
  clock.set(5);
  for (const host of [0, 1, 2]) tracker.receive(host, message(0));
  const figures = tracker.figures();
  assertEquals([figures.remoteLatenciesMs, figures.lastDeliveryMs], [[5, 5], [5]]);
});

Deno.test("DeliveryTracker.figures counts an expected message nobody got as missed", () => {
  const tracker = createDeliveryTracker(2, () => 0);
  tracker.expect(0, 0, message(0));
  assertEquals(tracker.figures(), {
    expected: 2,
    delivered: 0,
    missed: 2,
    remoteLatenciesMs: [],
    lastDeliveryMs: [],
  });
});

Deno.test("DeliveryTracker.receiveVerified counts like receive, once per host, and wakes waiters", async () => {
  const clock = fakeClock();
  const tracker = createDeliveryTracker(2, clock.now);
  tracker.expect(0, 0, message(0));
  const all = tracker.waitForAll(0, 60_000);
  tracker.receiveVerified(0, 0, 10);
  tracker.receiveVerified(1, 0, 15);
  tracker.receiveVerified(1, 0, 30);
  assertEquals(await all, true);
  assertEquals(tracker.deliveredCount(), 2);
  // Latency from the publish time (0 here) to each given time; the repeat is ignored.
  assertEquals(tracker.figures().remoteLatenciesMs, [15]);
  assertEquals(tracker.figures().lastDeliveryMs, [15]);
});

Deno.test("DeliveryTracker.setPublishedAt moves the time latencies are measured from", () => {
  const clock = fakeClock();
  const tracker = createDeliveryTracker(2, clock.now);
  tracker.expect(0, 0, message(0)); // at 0
  tracker.setPublishedAt(0, 40);
  tracker.receiveVerified(0, 0, 40);
  tracker.receiveVerified(1, 0, 55);
  assertEquals(tracker.figures().remoteLatenciesMs, [15]);
});

Deno.test("DeliveryTracker.receiveVerified of an index never published is a problem", () => {
  const tracker = createDeliveryTracker(2, () => 0);
  tracker.receiveVerified(1, 7, 3);
  assertEquals(tracker.deliveredCount(), 0);
  assertEquals(tracker.problems(), ["host 1 received message 7, which was never published"]);
});

Deno.test("DeliveryTracker.receiveCorrupted and addProblem show up in problems", () => {
  const tracker = createDeliveryTracker(3, () => 0);
  tracker.expect(2, 0, message(2));
  tracker.receiveCorrupted(1, 2);
  tracker.receiveCorrupted(2, 2);
  tracker.addProblem("host 0 received an unknown message (3 bytes)");
  assertEquals(tracker.problems(), [
    "host 0 received an unknown message (3 bytes)",
    "message 2 arrived with different bytes at hosts 1, 2",
  ]);
  assertEquals(tracker.deliveredCount(), 0);
});
