// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { createHeartbeatLoop, type Heartbeat, type HeartbeatTimers } from "./heartbeat_loop.ts";

function _fail(error: unknown): never {
  throw error;
}

/** A fake clock: timers fire only when the test advances time. */
function fakeTimers(): HeartbeatTimers & { advance(ms: number): void; pending(): number } {
  let time = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => time,
    setTimeout(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { at: time + delayMs, callback });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id as number);
    },
    advance(ms) {
      const end = time + ms;
      for (;;) {
        const due = [...timers].filter(([, timer]) => timer.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        time = Math.max(time, due[1].at);
        due[1].callback();
      }
      time = end;
    },
    pending: () => timers.size,
  };
}

Deno.test("createHeartbeatLoop schedules each beat from the intended time, so slow beats do not drift", () => {
  const timers = fakeTimers();
  const beats: Heartbeat[] = [];
  const loop = createHeartbeatLoop((beat) => {
    beats.push(beat);
    timers.advance(300); // each beat's work takes 300 ms of the clock
  }, { intervalMs: 1000, timers, onError: _fail });
  loop.start();
  timers.advance(3500);
  loop.stop();
  assertEquals(beats.map((beat) => beat.intendedMs), [1000, 2000, 3000]);
  assertEquals(beats.map((beat) => beat.actualMs), [1000, 2000, 3000]);
  assertEquals(beats.map((beat) => beat.lagMs), [0, 0, 0]);
});

Deno.test("createHeartbeatLoop reports a late beat's lag and skips the periods it lost", () => {
  const timers = fakeTimers();
  const beats: Heartbeat[] = [];
  const loop = createHeartbeatLoop((beat) => {
    beats.push(beat);
    if (beat.seq === 1) timers.advance(2_400); // a stall: beat 2 is due at 2000, runs at 3400
  }, { intervalMs: 1000, timers, onError: _fail });
  loop.start();
  timers.advance(4_100);
  loop.stop();
  assertEquals(
    beats.map((
      { seq, intendedMs, actualMs, lagMs, skipped },
    ) => [seq, intendedMs, actualMs, lagMs, skipped]),
    [
      [1, 1000, 1000, 0, 0],
      [2, 2000, 3400, 1400, 1],
      // The lost beat at 3000 is not run; the next one keeps the original grid.
      [3, 4000, 4000, 0, 0],
    ],
  );
});

Deno.test("createHeartbeatLoop fires nothing after stop", () => {
  const timers = fakeTimers();
  let count = 0;
  const loop = createHeartbeatLoop(() => count++, { intervalMs: 500, timers, onError: _fail });
  loop.start();
  timers.advance(1_200);
  loop.stop();
  timers.advance(5_000);
  assertEquals(count, 2);
  assertEquals(timers.pending(), 0);
});

Deno.test("createHeartbeatLoop hands a throwing beat to onError and keeps beating", () => {
  const timers = fakeTimers();
  let count = 0;
  const failures: Array<[string, number]> = [];
  const loop = createHeartbeatLoop(() => {
    count++;
    if (count === 1) throw new Error("boom");
  }, {
    intervalMs: 100,
    timers,
    onError: (error, beat) => failures.push([(error as Error).message, beat.seq]),
  });
  loop.start();
  timers.advance(300); // does not throw: the loop caught the beat's error
  loop.stop();
  assertEquals(count, 3);
  assertEquals(failures, [["boom", 1]]);
});

Deno.test("createHeartbeatLoop keeps beating on the real timers after a beat throws", async () => {
  // The simulator runs on performance.now and setTimeout: an error escaping a timer callback
  // there ends the process, which the fake clock above cannot show.
  const failures: number[] = [];
  const { promise: third, resolve } = Promise.withResolvers<void>();
  let count = 0;
  const loop = createHeartbeatLoop(() => {
    count++;
    if (count === 3) resolve();
    if (count <= 2) throw new Error(`beat ${count}`);
  }, { intervalMs: 5, onError: (_, beat) => failures.push(beat.seq) });
  const deadline = Promise.withResolvers<never>();
  const timer = setTimeout(() => deadline.reject(new Error("no third beat within 30 s")), 30_000);
  loop.start();
  try {
    await Promise.race([third, deadline.promise]);
  } finally {
    loop.stop();
    clearTimeout(timer);
  }
  assertEquals(count, 3);
  assertEquals(failures, [1, 2]);
});

Deno.test("createHeartbeatLoop reports an error thrown by onError like one thrown by a timer", async () => {
  const reported = Promise.withResolvers<unknown>();
  const onUncaught = (event: ErrorEvent): void => {
    event.preventDefault();
    reported.resolve(event.error);
  };
  globalThis.addEventListener("error", onUncaught);
  const second = Promise.withResolvers<void>();
  let count = 0;
  const loop = createHeartbeatLoop(() => {
    if (++count === 2) second.resolve();
    throw new Error("beat");
  }, {
    intervalMs: 5,
    onError: () => {
      throw new Error("handler");
    },
  });
  const timer = setTimeout(() => second.reject(new Error("no second beat within 30 s")), 30_000);
  loop.start();
  try {
    assertEquals((await reported.promise as Error).message, "handler");
    // The next beat was scheduled before the handler threw.
    await second.promise;
  } finally {
    loop.stop();
    clearTimeout(timer);
    globalThis.removeEventListener("error", onUncaught);
  }
});

Deno.test("createHeartbeatLoop rejects an interval that is not a number > 0", () => {
  throws(() => createHeartbeatLoop(() => {}, { intervalMs: 0, onError: () => {} }), {
    name: "RangeError",
    message: "createHeartbeatLoop: option intervalMs must be a number > 0, got 0",
  });
});
