// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, strictEqual, throws } from "node:assert/strict";
import { CHECKPOINT_EVERY, type JournalModel, parseJournalText } from "./dbg_model.js";
import { describeChange, filterTransitions, findTouching, machineStateAt } from "./dbg_query.js";
import {
  MARKUP_EVENT,
  MARKUP_MACHINE_ID,
  writeLargeJournal,
  writeSampleJournal,
} from "./testdata/journal_fixtures.ts";

async function sampleModel(): Promise<JournalModel> {
  const path = await Deno.makeTempFile({ suffix: ".ndjson" });
  try {
    await writeSampleJournal(path);
    return parseJournalText(await Deno.readTextFile(path));
  } finally {
    await Deno.remove(path);
  }
}

/** Counters of `machine` after global index `cursor`, as path -> count, without zeros. */
function countersAt(model: JournalModel, id: string, cursor: number): Record<string, number> {
  const machine = model.machines[model.machineIndex.get(id)!];
  const state = machineStateAt(model, machine, cursor);
  const out: Record<string, number> = {};
  machine.states.forEach((info, i) => {
    if (state.counters[i] > 0) out[info.path] = state.counters[i];
  });
  return out;
}

function activeAt(model: JournalModel, id: string, cursor: number): string[] {
  const machine = model.machines[model.machineIndex.get(id)!];
  return [...machineStateAt(model, machine, cursor).active].sort();
}

Deno.test("parseJournalText indexes the sample journal's machines and transitions", async () => {
  const model = await sampleModel();
  assertEquals(
    model.machines.map((m) => [m.id, m.kind, m.indexes.length]),
    [["crossing", "light", 8], [MARKUP_MACHINE_ID, "light", 4], [
      "host0/discovery",
      "discovery",
      6,
    ]],
  );
  strictEqual(model.transitions.length, 18);
  strictEqual(model.transitions[5].event, MARKUP_EVENT);
  assertEquals(model.skipped, []);
  strictEqual(model.end?.transitions, 18);
});

Deno.test("machineStateAt gives active states and counters at each point in time", async () => {
  const model = await sampleModel();
  // Index = seq - 1. Before its first transition a machine has no state.
  assertEquals(activeAt(model, "host0/discovery", 9), []);
  assertEquals(activeAt(model, "crossing", 4), ["red", "red.walk"]);
  assertEquals(countersAt(model, "crossing", 4), { green: 1, yellow: 1, red: 1, "red.walk": 1 });
  assertEquals(activeAt(model, "crossing", 6), ["red", "red.wait"]);
  assertEquals(countersAt(model, "crossing", 7), {
    green: 1,
    yellow: 1,
    red: 2,
    "red.walk": 2,
    "red.wait": 1,
  });
  // Another machine's transitions do not move this one.
  assertEquals(countersAt(model, "crossing", 7), countersAt(model, "crossing", 5 + 2));
  assertEquals(countersAt(model, "host0/discovery", 13)["pool.running"], 3);
});

Deno.test("machineStateAt from checkpoints equals a replay from the start", async () => {
  const path = await Deno.makeTempFile({ suffix: ".ndjson" });
  try {
    await writeLargeJournal(path, { transitions: 3 * CHECKPOINT_EVERY * 3 + 17, machines: 3 });
    const model = parseJournalText(await Deno.readTextFile(path));
    const machine = model.machines[1];
    for (const cursor of [0, 5, 700, 768, 769, 770, model.transitions.length - 1]) {
      const replay = new Map<string, number>();
      for (const index of machine.indexes) {
        if (index > cursor) break;
        for (const [p, n] of Object.entries(model.transitions[index].counters)) replay.set(p, n);
      }
      const state = machineStateAt(model, machine, cursor);
      machine.states.forEach((info, i) => {
        strictEqual(state.counters[i], replay.get(info.path) ?? 0, `${info.path} at ${cursor}`);
      });
    }
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("findTouching jumps to the next and previous transition entering or leaving a state", async () => {
  const model = await sampleModel();
  const crossing = model.machines[0];
  strictEqual(findTouching(model, crossing, "red.walk", 0, 1), 4); // seq 5 enters it
  strictEqual(findTouching(model, crossing, "red.walk", 4, 1), 6); // seq 7 leaves it
  strictEqual(findTouching(model, crossing, "red.walk", 6, 1), 7); // seq 8 re-enters it
  strictEqual(findTouching(model, crossing, "red", 7, 1), 8); // seq 9 leaves red
  strictEqual(findTouching(model, crossing, "red", 8, 1), -1);
  strictEqual(findTouching(model, crossing, "red.walk", 7, -1), 6);
  strictEqual(findTouching(model, crossing, "green", 5, -1), 2); // seq 3 leaves green
  strictEqual(findTouching(model, crossing, "green", 2, -1), 0); // seq 1 enters it
});

Deno.test("filterTransitions filters by machine, event and state", async () => {
  const model = await sampleModel();
  strictEqual(filterTransitions(model, {}), undefined);
  assertEquals([...filterTransitions(model, { event: "hurry" })!], [6]);
  assertEquals([...filterTransitions(model, { machine: "<IMG" })!], [1, 3, 5, 16]);
  assertEquals([...filterTransitions(model, { machineExact: "crossing", event: "next" })!], [
    2,
    4,
    8,
  ]);
  assertEquals([...filterTransitions(model, { state: "wait" })!], [6, 7]);
  assertEquals([...filterTransitions(model, { event: "no such event" })!], []);
});

Deno.test("describeChange sums up a transition in one line", async () => {
  const model = await sampleModel();
  strictEqual(describeChange(model.transitions[4]), "yellow → red.walk");
  strictEqual(describeChange(model.transitions[7]), "red.wait → red.walk");
  strictEqual(describeChange(model.transitions[12]), "↻ pool.running");
  strictEqual(describeChange(model.transitions[15]), "(stopped)");
});

Deno.test("parseJournalText skips broken lines and refuses a file without a header", () => {
  const header =
    '{"record":"header","format":"ps-am-journal","version":1,"runId":"r","startedAt":"s","startedAtMs":0,"maxRecords":5}';
  const ok =
    '{"record":"transition","seq":1,"wallMs":0,"offsetMs":0,"machine":"m","machineKind":"k","event":"E","before":[],"after":["a.b"],"counters":{"a":1,"a.b":1},"accepted":true,"status":"active"}';
  const model = parseJournalText(
    [header, ok, "{cut", '{"record":"transition","seq":2}'].join("\n"),
  );
  assertEquals(model.skipped.map((s) => s.line), [3, 4]);
  // Without a machine line, the states come from the transitions.
  assertEquals(model.machines[0].states.map((s) => [s.path, s.depth]), [["a", 0], ["a.b", 1]]);
  throws(() => parseJournalText('{"record":"transition"}'), /not a journal header/);
  throws(() => parseJournalText(""), /empty/);
});
