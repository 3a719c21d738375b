/**
 * Test helpers: a tiny machine whose counters are known by hand, and journals written by the
 * real journal from real actors, for the journal's and the viewer's tests.
 *
 * @module
 */
import { type AnyActorRef, createActor, fromPromise, setup, SimulatedClock } from "xstate";
import { bootstrapFlowMachine, discoveryMachine } from "../../../machines/mod.ts";
import { createMachineJournal } from "../../machine_journal.ts";
import type { JournalClock, MachineJournalOptions } from "../../machine_journal_options.ts";

/** A machine id that is markup: the viewer must show it as text. */
export const MARKUP_MACHINE_ID = "<img src=x onerror=alert(1)>";

/** An event type that is markup. */
export const MARKUP_EVENT = "<script>alert(2)</script>";

/**
 * A traffic light: `green` → NEXT → `yellow` → NEXT → `red` (compound: `walk` → HURRY → `wait`)
 * → NEXT → `green`; RESET in `red` re-enters `red` (and so `red.walk`).
 */
export const lightMachine = setup({
  types: { events: {} as { type: "NEXT" | "HURRY" | "RESET" | "BOGUS" } },
}).createMachine({
  id: "light",
  initial: "green",
  states: {
    green: { on: { NEXT: "yellow" } },
    yellow: { on: { NEXT: "red" } },
    red: {
      initial: "walk",
      on: { NEXT: "green", RESET: { target: "red", reenter: true } },
      states: {
        walk: { on: { HURRY: "wait" } },
        wait: {},
      },
    },
  },
});

/** A clock that moves 1 ms of wall and monotonic time each time it is read. */
export function createSteppingClock(startWallMs = Date.UTC(2025, 0, 1)): JournalClock {
  let ticks = 0;
  return {
    wallMs: () => startWallMs + ticks++,
    monotonicMs: () => ticks,
  };
}

/**
 * Writes the sample journal the viewer test reads. Transitions, by seq:
 *
 * 1 crossing init → green · 2 MARKUP init → green · 3 crossing NEXT → yellow ·
 * 4 MARKUP NEXT → yellow · 5 crossing NEXT → red.walk (red 1, walk 1) ·
 * 6 MARKUP {@linkcode MARKUP_EVENT}, not accepted · 7 crossing HURRY → red.wait (wait 1) ·
 * 8 crossing RESET → red.walk (red 2, walk 2) · 9 crossing NEXT → green (green 2) ·
 * 10 crossing BOGUS, not accepted · 11 host0/discovery init · 12 START → pool.running ·
 * 13, 14 refresh timers (pool.running 2, 3) · 15 STOP → pool.stopped (stopped 2) ·
 * then each actor's xstate.stop (16 crossing, 17 MARKUP, 18 host0/discovery).
 */
export async function writeSampleJournal(path: string): Promise<void> {
  const journal = createMachineJournal(path, { runId: "sample", clock: createSteppingClock() });
  const inspect = journal.inspect;
  const crossing = createActor(lightMachine, { id: "crossing", inspect }).start();
  const markup = createActor(lightMachine, { id: MARKUP_MACHINE_ID, inspect }).start();
  crossing.send({ type: "NEXT" });
  markup.send({ type: "NEXT" });
  crossing.send({ type: "NEXT" });
  (markup as AnyActorRef).send({ type: MARKUP_EVENT, note: "<b>not bold</b>" });
  crossing.send({ type: "HURRY" });
  crossing.send({ type: "RESET" });
  crossing.send({ type: "NEXT" });
  crossing.send({ type: "BOGUS" });
  const clock = new SimulatedClock();
  const discovery = createActor(
    discoveryMachine.provide({
      actors: {
        findAndDial: fromPromise(() => Promise.resolve({ found: 0, dialFailures: 0 })),
        advertise: fromPromise(() => Promise.resolve()),
        bootstrapFlow: bootstrapFlowMachine,
      },
    }),
    { id: "host0/discovery", input: { refreshIntervalMs: 100 }, clock, inspect },
  ).start();
  discovery.send({ type: "START" });
  clock.increment(100);
  clock.increment(100);
  discovery.send({ type: "STOP" });
  crossing.stop();
  markup.stop();
  discovery.stop();
  await journal.close();
}

/** Options of {@linkcode writeLargeJournal}. */
export interface LargeJournalOptions {
  /** @default 100_000 */
  transitions?: number;
  /** @default 120 */
  machines?: number;
  /** @default the journal's default */
  maxRecords?: MachineJournalOptions["maxRecords"];
}

/**
 * Writes a journal of `machines` light actors taking events round-robin, `transitions` in all
 * (their inits included; one in seven rejected), through real actors and the real journal;
 * resolves with the time it took.
 */
export async function writeLargeJournal(
  path: string,
  options: LargeJournalOptions = {},
): Promise<{ writeMs: number }> {
  const transitions = options.transitions ?? 100_000;
  const machines = options.machines ?? 120;
  const startedAt = performance.now();
  const journal = createMachineJournal(path, {
    runId: "large",
    maxRecords: options.maxRecords ?? transitions,
  });
  const actors = Array.from(
    { length: machines },
    (_, i) => createActor(lightMachine, { id: `host${i}/light`, inspect: journal.inspect }).start(),
  );
  // Each round a machine goes green → yellow → red.walk → red.wait → (RESET) red.walk →
  // red.wait → green, then rejects BOGUS.
  const events = ["NEXT", "NEXT", "HURRY", "RESET", "HURRY", "NEXT", "BOGUS"] as const;
  for (let i = machines; i < transitions; i++) {
    const round = Math.floor(i / machines);
    actors[i % machines].send({ type: events[(round - 1) % events.length] });
  }
  await journal.close();
  for (const actor of actors) actor.stop();
  return { writeMs: performance.now() - startedAt };
}

/** Runs `test` with the path of a journal file in a fresh folder, removed after. */
export async function withJournalFile(test: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "journal_test_" });
  try {
    await test(`${dir}/journal.ndjson`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
