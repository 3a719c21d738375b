// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, rejects, strictEqual, throws } from "node:assert/strict";
import { JournalError } from "./journal_error.ts";
import { parseJournal, readJournal } from "./read_journal.ts";

const HEADER = JSON.stringify({
  record: "header",
  format: "ps-am-journal",
  version: 1,
  runId: "r",
  startedAt: "2025-01-01T00:00:00.000Z",
  startedAtMs: 1735689600000,
  maxRecords: 10,
});

function transition(seq: number): string {
  return JSON.stringify({
    record: "transition",
    seq,
    wallMs: 1735689600000 + seq,
    offsetMs: seq,
    machine: "m",
    machineKind: "light",
    event: "NEXT",
    before: ["green"],
    after: ["yellow"],
    counters: { yellow: seq },
    accepted: true,
    status: "active",
  });
}

Deno.test("parseJournal reads header, machines, transitions and end record", () => {
  const machine = JSON.stringify({
    record: "machine",
    machine: "m",
    machineKind: "light",
    sessionId: "x:0",
    states: [{ path: "green", type: "atomic" }, { path: "yellow", type: "atomic" }],
  });
  const end = JSON.stringify({
    record: "end",
    endedAt: "2025-01-01T00:00:01.000Z",
    offsetMs: 1000,
    transitions: 2,
    written: 2,
    dropped: 0,
    machines: 1,
    droppedMachines: 0,
    errors: 0,
  });
  const journal = parseJournal([HEADER, machine, transition(1), transition(2), end, ""].join("\n"));
  strictEqual(journal.header.runId, "r");
  assertEquals(journal.machines.map((m) => m.machine), ["m"]);
  assertEquals(journal.transitions.map((t) => t.seq), [1, 2]);
  strictEqual(journal.end?.transitions, 2);
  assertEquals(journal.skipped, []);
});

Deno.test("parseJournal skips and reports broken lines by default", () => {
  const text = [
    HEADER,
    transition(1),
    '{"record":"transition","seq":"two"}',
    transition(1), // seq must increase
    '{"record":"bogus"}',
    transition(3),
    '{"record":"transition","seq":4,"wallMs":1', // a kill mid-write
  ].join("\n");
  const journal = parseJournal(text);
  assertEquals(journal.transitions.map((t) => t.seq), [1, 3]);
  assertEquals(journal.skipped.map((s) => s.line), [3, 4, 5, 7]);
  strictEqual(journal.skipped[1].reason, "seq 1 does not follow seq 1");
  strictEqual(journal.skipped[3].reason, "not JSON (cut off by a kill?)");
  strictEqual(journal.end, undefined);
});

Deno.test("parseJournal with onBrokenLine throw names the file and the line", () => {
  throws(
    () =>
      parseJournal([HEADER, transition(1), "{oops"].join("\n"), {
        source: "results/b/journal.ndjson",
        onBrokenLine: "throw",
      }),
    (error: unknown) =>
      error instanceof JournalError &&
      error.message ===
        'cannot read journal "results/b/journal.ndjson", line 3: not JSON (cut off by a kill?) ' +
          '(read it with onBrokenLine: "skip" to skip broken lines)',
  );
});

Deno.test("parseJournal refuses text that does not start with a journal header", () => {
  throws(
    () => parseJournal('{"run":1}\n', { source: "results.ndjson" }),
    (error: unknown) =>
      error instanceof JournalError &&
      error.message.startsWith(
        'cannot read journal "results.ndjson", line 1: not a journal header of this version (',
      ),
  );
  throws(
    () => parseJournal("\n\n", { source: "empty.ndjson" }),
    (error: unknown) =>
      error instanceof JournalError &&
      error.message === 'cannot read journal "empty.ndjson": it is empty',
  );
});

Deno.test("readJournal names a missing file", async () => {
  await rejects(
    readJournal("/nonexistent/journal.ndjson"),
    (error: unknown) =>
      error instanceof JournalError &&
      error.message.startsWith('cannot read journal "/nonexistent/journal.ndjson": '),
  );
});

Deno.test("readJournal reads a journal whose middle and last lines are broken", async () => {
  const path = await Deno.makeTempFile({ suffix: ".ndjson" });
  try {
    await Deno.writeTextFile(
      path,
      [HEADER, transition(1), "garbage", transition(2), "{"].join("\n"),
    );
    const journal = await readJournal(path);
    assertEquals(journal.transitions.map((t) => t.seq), [1, 2]);
    assertEquals(journal.skipped.map((s) => s.line), [3, 5]);
  } finally {
    await Deno.remove(path);
  }
});
