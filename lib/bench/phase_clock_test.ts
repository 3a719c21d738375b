// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createPhaseClock, type PhaseName } from "./phase_clock.ts";

/** A clock the test moves by hand. */
function fakeClock(): { now: () => number; set: (ms: number) => void } {
  let time = 0;
  return { now: () => time, set: (ms) => void (time = ms) };
}

/** Every phase at 0 except those given. */
function phases(times: Partial<Record<PhaseName, number>>): Record<PhaseName, number> {
  return { init: 0, subscribe: 0, firstMessage: 0, randomMessages: 0, stop: 0, ...times };
}

Deno.test("createPhaseClock reports every phase as 0 before any phase ran", () => {
  assertEquals(createPhaseClock(() => 0).phasesMs(), phases({}));
});

Deno.test("PhaseClock.start ends the running phase and starts the next", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  clock.set(100);
  phaseClock.start("init");
  clock.set(150);
  phaseClock.start("subscribe");
  clock.set(180);
  phaseClock.end();
  assertEquals(phaseClock.phasesMs(), phases({ init: 50, subscribe: 30 }));
});

Deno.test("PhaseClock adds up the times of a phase started twice", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  phaseClock.start("firstMessage"); // 0..10
  clock.set(10);
  phaseClock.start("randomMessages"); // 10..15
  clock.set(15);
  phaseClock.start("firstMessage"); // 15..40
  clock.set(40);
  phaseClock.end();
  assertEquals(phaseClock.phasesMs(), phases({ firstMessage: 10 + 25, randomMessages: 5 }));
});

Deno.test("PhaseClock.start of the running phase keeps counting it", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  phaseClock.start("init"); // 0..10
  clock.set(10);
  phaseClock.start("init"); // 10..25
  clock.set(25);
  phaseClock.end();
  assertEquals(phaseClock.phasesMs(), phases({ init: 25 }));
});

Deno.test("PhaseClock.end with nothing running changes nothing", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  phaseClock.end(); // before any phase
  phaseClock.start("stop");
  clock.set(10);
  phaseClock.end();
  clock.set(50);
  phaseClock.end(); // after the phase ended: the 40 ms since must not count
  assertEquals(phaseClock.phasesMs(), phases({ stop: 10 }));
});

Deno.test("PhaseClock.phasesMs counts a running phase up to now", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  phaseClock.start("init");
  clock.set(20);
  phaseClock.start("subscribe");
  clock.set(35);
  assertEquals(phaseClock.phasesMs(), phases({ init: 20, subscribe: 15 }));
});

Deno.test("PhaseClock.phasesMs leaves the running phase running", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  phaseClock.start("subscribe");
  clock.set(30);
  phaseClock.phasesMs();
  clock.set(70);
  phaseClock.end();
  assertEquals(phaseClock.phasesMs(), phases({ subscribe: 70 }));
});

Deno.test("PhaseClock.phasesMs returns a snapshot the caller may change", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  phaseClock.start("init");
  clock.set(5);
  phaseClock.end();
  phaseClock.phasesMs().init = 1000;
  assertEquals(phaseClock.phasesMs(), phases({ init: 5 }));
});

Deno.test("PhaseClock reports phases that never ran as 0", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  phaseClock.start("randomMessages");
  clock.set(12);
  phaseClock.end();
  assertEquals(phaseClock.phasesMs(), {
    init: 0,
    subscribe: 0,
    firstMessage: 0,
    randomMessages: 12,
    stop: 0,
  });
});

Deno.test("PhaseClock counts a phase that starts and ends at the same instant as 0", () => {
  const clock = fakeClock();
  const phaseClock = createPhaseClock(clock.now);
  clock.set(7);
  phaseClock.start("init");
  phaseClock.end();
  assertEquals(phaseClock.phasesMs(), phases({}));
});
