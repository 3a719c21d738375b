// The journal's bound, its close, the fields of a line, and odd events: a crash, a stopped
// actor, a shared id, an action that sends.
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  strictEqual,
  throws,
} from "node:assert/strict";
import { createActor, setup } from "xstate";
import { lightMachine, withJournalFile } from "./dbg/testdata/journal_fixtures.ts";
import { JournalError } from "./journal_error.ts";
import { createMachineJournal } from "./machine_journal.ts";
import { readJournal } from "./read_journal.ts";

Deno.test("createMachineJournal writes exactly maxRecords transitions and counts the dropped ones", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path, { maxRecords: 5 });
    const a = createActor(lightMachine, { id: "a", inspect: journal.inspect }).start();
    for (let i = 0; i < 6; i++) a.send({ type: "NEXT" });
    // First seen past the bound: its machine line is dropped too.
    const late = createActor(lightMachine, { id: "late", inspect: journal.inspect }).start();
    late.send({ type: "NEXT" });
    assertEquals(journal.counts(), { transitions: 9, written: 5, dropped: 4, machines: 2 });
    await journal.close();
    const { machines, transitions, end } = await readJournal(path);
    assertEquals(transitions.map((t) => t.seq), [1, 2, 3, 4, 5]);
    assertEquals(machines.map((m) => m.machine), ["a"]);
    assertEquals(
      [end!.transitions, end!.written, end!.dropped, end!.machines, end!.droppedMachines],
      [9, 5, 4, 2, 1],
    );
    a.stop();
    late.stop();
  });
});

Deno.test("createMachineJournal with maxRecords 0 writes a header and an end record only", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path, { maxRecords: 0 });
    const a = createActor(lightMachine, { inspect: journal.inspect }).start();
    a.send({ type: "NEXT" });
    await journal.close();
    const lines = (await Deno.readTextFile(path)).trim().split("\n");
    assertEquals(lines.map((line) => JSON.parse(line).record), ["header", "end"]);
    strictEqual(JSON.parse(lines[1]).dropped, 2);
    a.stop();
  });
});

Deno.test("createMachineJournal close writes every buffered line before it resolves", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const a = createActor(lightMachine, { inspect: journal.inspect }).start();
    // No await between the sends and close(): nothing has been written when close() starts.
    for (let i = 0; i < 5_000; i++) a.send({ type: "NEXT" });
    const closed = journal.close();
    strictEqual(journal.close(), closed);
    await closed;
    const { transitions, end, skipped } = await readJournal(path);
    strictEqual(transitions.length, 5_001);
    strictEqual(transitions.at(-1)!.seq, 5_001);
    strictEqual(end?.written, 5_001);
    assertEquals(skipped, []);
    a.send({ type: "NEXT" }); // after close: ignored
    strictEqual(journal.counts().transitions, 5_001);
    a.stop();
  });
});

Deno.test("createMachineJournal writes wall time, offset, short args and span ids", async () => {
  await withJournalFile(async (path) => {
    const clock = { wall: 1_000_000, mono: 500 };
    const journal = createMachineJournal(path, {
      clock: { wallMs: () => clock.wall, monotonicMs: () => clock.mono },
      // Shaped like an OpenTelemetry SpanContext: only the two ids are written.
      spanContext: () => ({ traceId: "a".repeat(32), spanId: "b".repeat(16), traceFlags: 1 }),
    });
    const echo = setup({
      types: { events: {} as { type: "SAY"; text: string; data?: Uint8Array } },
    })
      .createMachine({ id: "echo", on: { SAY: {} } });
    const actor = createActor(echo, { inspect: journal.inspect }).start();
    clock.wall += 10;
    clock.mono += 2.5;
    actor.send({ type: "SAY", text: "x".repeat(500), data: new Uint8Array(4096) });
    await journal.close();
    const { header, transitions } = await readJournal(path);
    strictEqual(header.startedAtMs, 1_000_000);
    const say = transitions[1];
    assertEquals([say.wallMs, say.offsetMs], [1_000_010, 2.5]);
    assertEquals([say.traceId, say.spanId], ["a".repeat(32), "b".repeat(16)]);
    const rawSay = JSON.parse((await Deno.readTextFile(path)).split("\n")[3]);
    assertEquals([rawSay.seq, "traceFlags" in rawSay], [2, false]);
    strictEqual(say.args!.length, 121);
    assert(say.args!.startsWith('{"text":"xxx'), say.args);
    assert(say.args!.endsWith("…"));
    // A root with no states: a targetless transition is accepted, nothing is entered.
    assertEquals([say.accepted, say.counters, say.after], [true, {}, []]);
    actor.stop();
  });
});

Deno.test("createMachineJournal summarises byte arrays in args instead of serialising them", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const sink = setup({
      types: { events: {} as { type: "DATA"; topic: string; data: Uint8Array } },
    })
      .createMachine({ id: "sink", on: { DATA: {} } });
    const actor = createActor(sink, { inspect: journal.inspect }).start();
    actor.send({ type: "DATA", topic: "t", data: new Uint8Array(1024) });
    await journal.close();
    const { transitions } = await readJournal(path);
    strictEqual(transitions[1].args, '{"topic":"t","data":"<Uint8Array 1024 bytes>"}');
    actor.stop();
  });
});

Deno.test("createMachineJournal gives actors with the same id distinct journal ids", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const first = createActor(lightMachine, { id: "same", inspect: journal.inspect }).start();
    const second = createActor(lightMachine, { id: "same", inspect: journal.inspect }).start();
    await journal.close();
    const { machines } = await readJournal(path);
    assertEquals(machines.map((m) => m.machine), ["same", "same#2"]);
    first.stop();
    second.stop();
  });
});

Deno.test("createMachineJournal records the event whose action crashed its actor, and goes on", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const fragile = setup({
      actions: {
        explode: () => {
          throw new Error("boom");
        },
      },
    }).createMachine({
      id: "fragile",
      initial: "a",
      states: { a: { on: { GO: { target: "b", actions: "explode" } } }, b: {} },
    });
    const actor = createActor(fragile, { inspect: journal.inspect });
    actor.subscribe({ error: () => {} });
    actor.start();
    actor.send({ type: "GO" });
    const other = createActor(lightMachine, { id: "other", inspect: journal.inspect }).start();
    other.send({ type: "NEXT" });
    strictEqual(journal.counts().written, 4);
    await journal.close();
    const { transitions } = await readJournal(path);
    assertEquals(transitions.map((t) => [t.machine, t.event, t.status]), [
      [actor.id, "xstate.init", "active"],
      [actor.id, "GO", "error"],
      ["other", "xstate.init", "active"],
      ["other", "NEXT", "active"],
    ]);
    other.stop();
  });
});

Deno.test("createMachineJournal rejects a bad maxRecords and an uncreatable file", () => {
  throws(
    () => createMachineJournal("/tmp/never.ndjson", { maxRecords: -1 }),
    (error: unknown) =>
      error instanceof JournalError &&
      error.message === "createMachineJournal: option maxRecords must be an integer >= 0, got -1",
  );
  throws(
    () => createMachineJournal("/nonexistent-dir/journal.ndjson"),
    (error: unknown) =>
      error instanceof JournalError &&
      error.message.startsWith(
        'createMachineJournal: cannot create journal file "/nonexistent-dir/journal.ndjson": ',
      ),
  );
});

Deno.test("createMachineJournal records an event sent to a stopped actor as not accepted", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const light = createActor(lightMachine, { id: "l", inspect: journal.inspect }).start();
    light.stop();
    light.send({ type: "NEXT" });
    await journal.close();
    const { transitions } = await readJournal(path);
    assertEquals(transitions.map((t) => [t.event, t.accepted, t.status, t.after]), [
      ["xstate.init", true, "active", ["green"]],
      ["xstate.stop", true, "stopped", ["green"]],
      ["NEXT", false, "stopped", ["green"]],
    ]);
  });
});

Deno.test("createMachineJournal numbers a sender's transition before those its actions cause", async () => {
  await withJournalFile(async (path) => {
    const journal = createMachineJournal(path);
    const echo = setup({ types: { events: {} as { type: "X" } } }).createMachine({
      id: "echo",
      initial: "idle",
      states: { idle: { on: { X: "seen" } }, seen: {} },
    });
    const b = createActor(echo, { id: "b", inspect: journal.inspect }).start();
    const pinger = setup({
      types: { events: {} as { type: "PING" } | { type: "PONG" } },
      actions: {
        // Synchronous sends from inside a transition: to an idle actor (processed at once) and
        // to itself (queued until this event is done).
        sendOut: ({ self }) => {
          b.send({ type: "X" });
          self.send({ type: "PONG" });
        },
      },
    }).createMachine({
      id: "pinger",
      initial: "a",
      states: {
        a: { on: { PING: { target: "b", actions: "sendOut" } } },
        b: { on: { PONG: "c" } },
        c: {},
      },
    });
    const a = createActor(pinger, { id: "a", inspect: journal.inspect }).start();
    a.send({ type: "PING" });
    await journal.close();
    const { transitions } = await readJournal(path);
    assertEquals(transitions.map((t) => `${t.seq} ${t.machine}:${t.event} ${t.after}`), [
      "1 b:xstate.init idle",
      "2 a:xstate.init a",
      "3 a:PING b",
      "4 b:X seen",
      "5 a:PONG c",
    ]);
    a.stop();
    b.stop();
  });
});
