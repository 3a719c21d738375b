// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { createHeartbeatLoop, type Heartbeat, type HeartbeatTimers } from "./heartbeat_loop.ts";

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
  }, { intervalMs: 1000, timers });
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
  }, { intervalMs: 1000, timers });
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
  const loop = createHeartbeatLoop(() => count++, { intervalMs: 500, timers });
  loop.start();
  timers.advance(1_200);
  loop.stop();
  timers.advance(5_000);
  assertEquals(count, 2);
  assertEquals(timers.pending(), 0);
});

Deno.test("createHeartbeatLoop keeps beating when a beat throws", () => {
  const timers = fakeTimers();
  let count = 0;
  const loop = createHeartbeatLoop(() => {
    count++;
    if (count === 1) throw new Error("boom");
  }, { intervalMs: 100, timers });
  loop.start();
  throws(() => timers.advance(100), { message: "boom" });
  timers.advance(200);
  loop.stop();
  assertEquals(count, 3);
});

Deno.test("createHeartbeatLoop rejects an interval that is not a number > 0", () => {
  throws(() => createHeartbeatLoop(() => {}, { intervalMs: 0 }), {
    name: "RangeError",
    message: "createHeartbeatLoop: option intervalMs must be a number > 0, got 0",
  });
});
