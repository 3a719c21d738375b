// Known answers of the journal: a tiny machine, actors sharing it, a discovery run (bounds,
// fields and odd events: machine_journal_records_test.ts).
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import { createActor, fromPromise, SimulatedClock, waitFor } from "xstate";
import {
  bootstrapFlowMachine,
  discoveryMachine,
  type WaitForTopicPeersOutput,
} from "../machines/mod.ts";
import {
  createSteppingClock,
  lightMachine,
  withJournalFile,
} from "./dbg/testdata/journal_fixtures.ts";
import type { JournalTransition } from "./journal_record.ts";
import { createMachineJournal } from "./machine_journal.ts";
import { readJournal } from "./read_journal.ts";

/** The fields a known-answer test compares: what happened, not when. */
function summary(transition: JournalTransition) {
  return {
    machine: transition.machine,
    event: transition.event,
    after: transition.after,
    counters: transition.counters,
    accepted: transition.accepted,
  };
}

Deno.test("createMachineJournal journals a tiny machine with known counters", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path, { runId: "r1", clock: createSteppingClock() });
    const light = createActor(lightMachine, { id: "light1", inspect: journal.inspect }).start();
    for (const type of ["NEXT", "NEXT", "HURRY", "RESET", "NEXT", "BOGUS", "NEXT"] as const) {
      light.send({ type });
    }
    await journal.close();
    const { header, machines, transitions, end, skipped } = await readJournal(path);
    strictEqual(header.runId, "r1");
    assertEquals(skipped, []);
    assertEquals(machines.map((m) => [m.machine, m.machineKind]), [["light1", "light"]]);
    assertEquals(machines[0].states.map((s) => `${s.path}:${s.type}`), [
      "green:atomic",
      "yellow:atomic",
      "red:compound",
      "red.walk:atomic",
      "red.wait:atomic",
    ]);
    assertEquals(transitions.map(summary), [
      {
        machine: "light1",
        event: "xstate.init",
        after: ["green"],
        counters: { green: 1 },
        accepted: true,
      },
      {
        machine: "light1",
        event: "NEXT",
        after: ["yellow"],
        counters: { yellow: 1 },
        accepted: true,
      },
      {
        machine: "light1",
        event: "NEXT",
        after: ["red.walk"],
        counters: { red: 1, "red.walk": 1 },
        accepted: true,
      },
      {
        machine: "light1",
        event: "HURRY",
        after: ["red.wait"],
        counters: { "red.wait": 1 },
        accepted: true,
      },
      // reenter: true exits and re-enters red, and so its initial child too.
      {
        machine: "light1",
        event: "RESET",
        after: ["red.walk"],
        counters: { red: 2, "red.walk": 2 },
        accepted: true,
      },
      {
        machine: "light1",
        event: "NEXT",
        after: ["green"],
        counters: { green: 2 },
        accepted: true,
      },
      { machine: "light1", event: "BOGUS", after: ["green"], counters: {}, accepted: false },
      {
        machine: "light1",
        event: "NEXT",
        after: ["yellow"],
        counters: { yellow: 2 },
        accepted: true,
      },
    ]);
    assertEquals(transitions.map((t) => t.before), [
      [],
      ["green"],
      ["yellow"],
      ["red.walk"],
      ["red.wait"],
      ["red.walk"],
      ["green"],
      ["green"],
    ]);
    assertEquals(end, {
      record: "end",
      endedAt: end!.endedAt,
      offsetMs: end!.offsetMs,
      transitions: 8,
      written: 8,
      dropped: 0,
      machines: 1,
      droppedMachines: 0,
      errors: 0,
    });
    light.stop();
  });
});

Deno.test("createMachineJournal numbers transitions of actors sharing it in the order they happened", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const a = createActor(lightMachine, { id: "a", inspect: journal.inspect }).start();
    const b = createActor(lightMachine, { id: "b", inspect: journal.inspect }).start();
    const sent: string[] = ["a:xstate.init", "b:xstate.init"];
    for (let i = 0; i < 50; i++) {
      const actor = i % 3 === 0 ? b : a;
      const type = i % 7 === 0 ? "HURRY" : "NEXT";
      actor.send({ type });
      sent.push(`${actor.id}:${type}`);
    }
    await journal.close();
    const { transitions } = await readJournal(path);
    assertEquals(transitions.map((t) => t.seq), sent.map((_, i) => i + 1));
    assertEquals(transitions.map((t) => `${t.machine}:${t.event}`), sent);
    for (let i = 1; i < transitions.length; i++) {
      assert(transitions[i].offsetMs >= transitions[i - 1].offsetMs, `offsetMs at seq ${i + 1}`);
    }
    a.stop();
    b.stop();
  });
});

Deno.test("createMachineJournal journals a discovery run with its bootstrap-flow child", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const clock = new SimulatedClock();
    let topicPeers = 0;
    const machine = discoveryMachine.provide({
      actors: {
        findAndDial: fromPromise(() => Promise.resolve({ found: 2, dialFailures: 0 })),
        advertise: fromPromise(() => Promise.resolve()),
        bootstrapFlow: bootstrapFlowMachine.provide({
          actors: {
            countTopicPeers: fromPromise(() => Promise.resolve(topicPeers)),
            discoverAndDial: fromPromise(() => {
              topicPeers = 3;
              return Promise.resolve({ dialFailures: 1 });
            }),
            waitForTopicPeers: fromPromise(() =>
              Promise.resolve<WaitForTopicPeersOutput>({ ready: true, waitedMs: 5 })
            ),
          },
        }),
      },
    });
    const actor = createActor(machine, {
      id: "host0/discovery",
      input: { refreshIntervalMs: 1000 },
      clock,
      inspect: journal.inspect,
    }).start();
    actor.send({ type: "START" });
    clock.increment(1000);
    clock.increment(1000);
    actor.send({
      type: "BOOTSTRAP_TOPIC",
      topic: "t",
      minTopicPeers: 2,
      discoverLimit: 5,
      backoffMs: 10,
      maxBackoffMs: 40,
      maxAttempts: 3,
      topicPeers: 0,
    });
    await waitFor(actor, (snapshot) => snapshot.matches({ bootstrap: "bootstrapped" }));
    actor.send({ type: "STOP" });
    actor.stop();
    await journal.close();

    const { machines, transitions } = await readJournal(path);
    assertEquals(machines.map((m) => [m.machine, m.machineKind, m.parent]), [
      ["host0/discovery", "discovery", undefined],
      ["host0/discovery/bootstrapFlow", "bootstrapFlow", "host0/discovery"],
    ]);
    const flowId = "host0/discovery/bootstrapFlow";
    assertEquals(
      transitions.map((
        t,
      ) => [
        t.machine === flowId ? "flow" : "discovery",
        t.event.replace(/\.0\.bootstrapFlow\./, "."),
      ]),
      [
        ["discovery", "xstate.init"],
        ["discovery", "START"],
        ["discovery", "xstate.after.refreshInterval.discovery.pool.running"],
        ["discovery", "xstate.after.refreshInterval.discovery.pool.running"],
        ["discovery", "BOOTSTRAP_TOPIC"],
        ["flow", "xstate.init"],
        ["flow", "xstate.done.actor.checking"],
        ["flow", "xstate.done.actor.discovering"],
        ["flow", "xstate.done.actor.delay"],
        ["discovery", "xstate.done.actor.bootstrapFlow"],
        ["discovery", "STOP"],
        ["discovery", "xstate.stop"],
      ],
    );
    // Each refresh re-enters pool.running (reenter: true): 1 on START, then 2 and 3.
    assertEquals(transitions.slice(1, 4).map((t) => t.counters), [
      { "pool.running": 1 },
      { "pool.running": 2 },
      { "pool.running": 3 },
    ]);
    assertEquals(transitions[4].counters, { "bootstrap.bootstrapping": 1 });
    assertEquals(transitions.slice(5, 9).map((t) => [t.after, t.counters, t.status]), [
      [["checking"], { checking: 1 }, "active"],
      [["discovering"], { discovering: 1 }, "active"],
      [["delay"], { delay: 1 }, "active"],
      [["bootstrapped"], { bootstrapped: 1 }, "done"],
    ]);
    assertEquals(transitions[5].parent, "host0/discovery");
    assertEquals(transitions[9].after, [
      "pool.running",
      "discovery.idle",
      "advertising.idle",
      "bootstrap.bootstrapped",
    ]);
    assertEquals(transitions[10].counters, { "pool.stopped": 2 });
    assertEquals([transitions[11].accepted, transitions[11].status], [true, "stopped"]);
  });
});
