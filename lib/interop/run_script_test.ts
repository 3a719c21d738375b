// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import type { ScriptInstruction } from "./experiment_params.ts";
import { InteropError } from "./interop_error.ts";
import { runScript, type RunScriptOptions } from "./run_script.ts";

/** A fake host and clock that record every effect in one list. */
function fakeNode(nodeId: number, options: { publishFails?: boolean } = {}) {
  const effects: unknown[] = [];
  let nowMs = 1200;
  // The stdout logger's wall clock; a publish takes 40 ms on it.
  let wallMs = 1_000_000;
  const run: RunScriptOptions = {
    nodeId,
    host: {
      subscribe: (topic) => effects.push(["subscribe", topic]),
      publish: (topic, data) => {
        if (options.publishFails) return Promise.reject(new Error("PublishError.Duplicate"));
        effects.push(["publish", topic, [...data.subarray(0, 8)], data.length]);
        wallMs += 40;
        return Promise.resolve(3);
      },
      setTopicValidationDelay: (topic, delayMs) =>
        effects.push(["validationDelay", topic, delayMs]),
      meshPeerCount: () => 3,
    },
    connect: (nodeIds) => {
      effects.push(["connect", [...nodeIds]]);
      return Promise.resolve();
    },
    elapsedMs: () => nowMs,
    sleep: (ms) => {
      effects.push(["sleep", ms]);
      nowMs += ms;
      return Promise.resolve();
    },
    log: {
      info: (msg, fields, atEpochMs) => effects.push(["log", msg, fields, atEpochMs ?? wallMs]),
      nowMs: () => wallMs,
    },
    diagnose: () => {},
  };
  return { run, effects };
}

const SCRIPT: ScriptInstruction[] = [
  { type: "initGossipSub", gossipSubParams: { D: 8, Dhi: 14 } },
  { type: "setTopicValidationDelay", topicID: "a-subnet", delaySeconds: 0.005 },
  { type: "ifNodeIDEquals", nodeID: 1, instruction: { type: "connect", connectTo: [0, 2] } },
  { type: "ifNodeIDEquals", nodeID: 2, instruction: { type: "connect", connectTo: [0] } },
  { type: "subscribeToTopic", topicID: "a-subnet" },
  { type: "waitUntil", elapsedSeconds: 5 },
  {
    type: "ifNodeIDEquals",
    nodeID: 1,
    instruction: { type: "publish", messageID: 258, messageSizeBytes: 100, topicID: "a-subnet" },
  },
  { type: "waitUntil", elapsedSeconds: 2 },
  { type: "waitUntil", elapsedSeconds: 9 },
];

Deno.test("runScript runs the instructions for its node, in order", async () => {
  const { run, effects } = fakeNode(1);
  await runScript(SCRIPT, run);
  assertEquals(effects, [
    ["validationDelay", "a-subnet", 5],
    ["connect", [0, 2]],
    ["subscribe", "a-subnet"],
    ["sleep", 3800],
    ["publish", "a-subnet", [0, 0, 0, 0, 0, 0, 1, 2], 100],
    [
      "log",
      "Published Message",
      { id: "258", topic: "a-subnet", size: 100, recipients: 3 },
      1_000_000,
    ],
    ["sleep", 4000],
  ]);
});

Deno.test("runScript logs Published Message at the time the publish call started", async () => {
  const { run, effects } = fakeNode(1);
  await runScript([SCRIPT[6]], run);
  // The publish took 40 ms of the logger's clock; the event carries the time before it.
  assertEquals(effects.at(-1), [
    "log",
    "Published Message",
    { id: "258", topic: "a-subnet", size: 100, recipients: 3 },
    1_000_000,
  ]);
});

Deno.test("runScript skips what ifNodeIDEquals gives other nodes", async () => {
  const { run, effects } = fakeNode(0);
  await runScript(SCRIPT, run);
  assertEquals(effects, [
    ["validationDelay", "a-subnet", 5],
    ["subscribe", "a-subnet"],
    ["sleep", 3800],
    ["sleep", 4000],
  ]);
});

Deno.test("runScript's waitUntil counts on the node's clock and never sleeps for a past time", async () => {
  const { run, effects } = fakeNode(0);
  await runScript([{ type: "waitUntil", elapsedSeconds: 1 }], run);
  assertEquals(effects, []);
});

Deno.test("runScript stops with an InteropError naming the instruction when a publish fails", async () => {
  const { run } = fakeNode(1, { publishFails: true });
  await rejects(runScript(SCRIPT, run), (error: unknown) => {
    assertEquals(error instanceof InteropError, true);
    assertEquals(
      (error as Error).message,
      'script[6].instruction: publishing message 258 on topic "a-subnet" failed: ' +
        "PublishError.Duplicate",
    );
    return true;
  });
});
