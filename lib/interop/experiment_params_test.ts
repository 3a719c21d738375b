// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  describeUnknownFields,
  parseExperimentParams,
  PARTIAL_MESSAGES_REFUSAL,
  selectGossipSubParams,
} from "./experiment_params.ts";
import { GO_DEFAULT_GOSSIPSUB_PARAMS } from "./gossipsub_params.ts";
import { InteropError } from "./interop_error.ts";

const SOURCE = "/abs/params.json";

function parse(script: unknown[]): ReturnType<typeof parseExperimentParams> {
  return parseExperimentParams(JSON.stringify({ script }), SOURCE);
}

function refuses(input: string | unknown[], message: string): void {
  const text = typeof input === "string" ? input : JSON.stringify({ script: input });
  throws(() => parseExperimentParams(text, SOURCE), (error: unknown) => {
    assertEquals(error instanceof InteropError, true);
    assertEquals((error as Error).message, message);
    assertEquals(message.includes("\n"), false);
    return true;
  });
}

Deno.test("parseExperimentParams reads every instruction the experiment defines", () => {
  const params = parse([
    { type: "initGossipSub", gossipSubParams: { D: 8, Dhi: 14, HeartbeatInterval: 700000000 } },
    { type: "connect", connectTo: [3, 1] },
    { type: "ifNodeIDEquals", nodeID: 2, instruction: { type: "connect", connectTo: [0] } },
    { type: "waitUntil", elapsedSeconds: 120 },
    { type: "subscribeToTopic", topicID: "a-subnet", partial: false },
    { type: "subscribeToTopic", topicID: "topic-b" },
    { type: "setTopicValidationDelay", topicID: "a-subnet", delaySeconds: 0.005 },
    { type: "publish", messageID: 15, messageSizeBytes: 98304, topicID: "a-subnet" },
    {
      type: "ifNodeIDEquals",
      nodeID: 4,
      instruction: {
        type: "ifNodeIDEquals",
        nodeID: 4,
        instruction: { type: "waitUntil", elapsedSeconds: 1 },
      },
    },
  ]);
  assertEquals(params, {
    script: [
      { type: "initGossipSub", gossipSubParams: { D: 8, Dhi: 14, HeartbeatInterval: 700000000 } },
      { type: "connect", connectTo: [3, 1] },
      { type: "ifNodeIDEquals", nodeID: 2, instruction: { type: "connect", connectTo: [0] } },
      { type: "waitUntil", elapsedSeconds: 120 },
      { type: "subscribeToTopic", topicID: "a-subnet" },
      { type: "subscribeToTopic", topicID: "topic-b" },
      { type: "setTopicValidationDelay", topicID: "a-subnet", delaySeconds: 0.005 },
      { type: "publish", messageID: 15, messageSizeBytes: 98304, topicID: "a-subnet" },
      {
        type: "ifNodeIDEquals",
        nodeID: 4,
        instruction: {
          type: "ifNodeIDEquals",
          nodeID: 4,
          instruction: { type: "waitUntil", elapsedSeconds: 1 },
        },
      },
    ],
    unknownFields: [],
  });
});

Deno.test("parseExperimentParams reads a params.json as the experiment writes it", async () => {
  const path = new URL("./testdata/subnet_blob_msg_params.json", import.meta.url);
  const params = parseExperimentParams(
    await Deno.readTextFile(path),
    "subnet_blob_msg_params.json",
  );
  assertEquals(params.script.length, 13);
  assertEquals(params.script[8], { type: "subscribeToTopic", topicID: "a-subnet" });
  assertEquals(
    selectGossipSubParams(params.script, 2, "p").params.HeartbeatInitialDelay,
    100_300_000,
  );
});

Deno.test("parseExperimentParams refuses text that is not JSON or not {script: [...]}", () => {
  throws(() => parseExperimentParams("{", SOURCE), (error: unknown) => {
    assertEquals(error instanceof InteropError, true);
    assertEquals((error as Error).message.startsWith(`${SOURCE}: not valid JSON: `), true);
    return true;
  });
  refuses("[]", `${SOURCE}: must be an object, got []`);
  refuses("{}", `${SOURCE}: script: must be an array of instructions, got nothing`);
});

Deno.test("parseExperimentParams refuses an unknown instruction type, naming it", () => {
  refuses(
    [{ type: "sleep", seconds: 1 }],
    `${SOURCE}: script[0].type: must be one of connect, ifNodeIDEquals, waitUntil, publish, ` +
      `subscribeToTopic, setTopicValidationDelay, initGossipSub, got "sleep"`,
  );
  refuses(
    [{ type: "ifNodeIDEquals", nodeID: 1, instruction: { elapsedSeconds: 1 } }],
    `${SOURCE}: script[0].instruction.type: must be one of connect, ifNodeIDEquals, waitUntil, ` +
      `publish, subscribeToTopic, setTopicValidationDelay, initGossipSub, got nothing`,
  );
  refuses([7], `${SOURCE}: script[0]: must be an object, got 7`);
});

Deno.test("parseExperimentParams ignores unknown fields at every level and lists them", () => {
  const params = parseExperimentParams(
    JSON.stringify({
      seed: 1,
      script: [
        { type: "waitUntil", elapsedSeconds: 1, until: 2 },
        {
          type: "ifNodeIDEquals",
          nodeID: 0,
          note: "x",
          instruction: {
            type: "initGossipSub",
            gossipSubParams: { D: 7, Dhi: 14, FutureKnob: true },
          },
        },
      ],
    }),
    SOURCE,
  );
  assertEquals(params.script, [
    { type: "waitUntil", elapsedSeconds: 1 },
    {
      type: "ifNodeIDEquals",
      nodeID: 0,
      instruction: { type: "initGossipSub", gossipSubParams: { D: 7, Dhi: 14 } },
    },
  ]);
  assertEquals(params.unknownFields, [
    "seed",
    "script[0].until",
    "script[1].note",
    "script[1].instruction.gossipSubParams.FutureKnob",
  ]);
  assertEquals(
    describeUnknownFields(params, "p.json", 3),
    "warning: p.json: ignoring 4 unknown fields (as the Go node does): seed, script[0].until, " +
      "script[1].note and 1 more",
  );
  assertEquals(describeUnknownFields(parse([]), "p.json"), undefined);
});

Deno.test("parseExperimentParams refuses bad values with the field's path and rule", () => {
  refuses(
    [{ type: "connect", connectTo: [1, -2] }],
    `${SOURCE}: script[0].connectTo[1]: must be a node id (an integer in [0, 2147483647]), got -2`,
  );
  refuses(
    [{ type: "connect", connectTo: 3 }],
    `${SOURCE}: script[0].connectTo: must be an array of node ids, got 3`,
  );
  refuses(
    [{
      type: "ifNodeIDEquals",
      nodeID: 1,
      instruction: { type: "waitUntil", elapsedSeconds: 1.5 },
    }],
    `${SOURCE}: script[0].instruction.elapsedSeconds: must be an integer in [0, 2^53 - 1], got 1.5`,
  );
  refuses(
    [{ type: "publish", messageID: 1, messageSizeBytes: 4, topicID: "t" }],
    `${SOURCE}: script[0].messageSizeBytes: must be an integer in [8, 2^53 - 1], got 4`,
  );
  refuses(
    [{ type: "publish", messageID: 1, messageSizeBytes: 8, topicID: "" }],
    `${SOURCE}: script[0].topicID: must be a non-empty string, got ""`,
  );
  refuses(
    [{ type: "setTopicValidationDelay", topicID: "t", delaySeconds: -1 }],
    `${SOURCE}: script[0].delaySeconds: must be a number of seconds >= 0, got -1`,
  );
  refuses(
    [{ type: "initGossipSub", gossipSubParams: { D: 20 } }],
    `${SOURCE}: script[0].gossipSubParams: D must be in [Dlo, Dhi], got D 20, Dlo 5, Dhi 12 ` +
      `(after Go's defaults for unset fields)`,
  );
});

Deno.test("parseExperimentParams refuses partial-message instructions with a clear error", () => {
  const refusal = PARTIAL_MESSAGES_REFUSAL;
  assertEquals(refusal.startsWith("partial messages are not supported by this node"), true);
  refuses(
    [{
      type: "ifNodeIDEquals",
      nodeID: 9,
      instruction: { type: "addPartialMessage", parts: 3, topicID: "t", groupID: 1 },
    }],
    `${SOURCE}: script[0].instruction: addPartialMessage: ${refusal}`,
  );
  refuses(
    [{ type: "publishPartial", topicID: "t", groupID: 1 }],
    `${SOURCE}: script[0]: publishPartial: ${refusal}`,
  );
  refuses(
    [{ type: "subscribeToTopic", topicID: "t", partial: true }],
    `${SOURCE}: script[0].partial: must be false or absent (${refusal}), got true`,
  );
  refuses(
    [{ type: "publishPartial", topicID: "t", groupID: 1, publishToNodeIDs: [1, 2] }],
    `${SOURCE}: script[0]: publishPartial: ${refusal}`,
  );
});

Deno.test("selectGossipSubParams takes the initGossipSub that applies to the node", () => {
  const { script } = parse([
    {
      type: "ifNodeIDEquals",
      nodeID: 0,
      instruction: { type: "initGossipSub", gossipSubParams: { HeartbeatInitialDelay: 100100000 } },
    },
    {
      type: "ifNodeIDEquals",
      nodeID: 1,
      instruction: {
        type: "initGossipSub",
        gossipSubParams: { HeartbeatInitialDelay: 100200000, Dlazy: 0 },
      },
    },
  ]);
  const selected = selectGossipSubParams(script, 1, SOURCE);
  assertEquals(selected.given, { HeartbeatInitialDelay: 100200000, Dlazy: 0 });
  assertEquals(selected.where, "script[1].instruction");
  assertEquals(selected.params, {
    ...GO_DEFAULT_GOSSIPSUB_PARAMS,
    HeartbeatInitialDelay: 100200000,
    Dlazy: 0,
  });
});

Deno.test("selectGossipSubParams gives Go's defaults to a node without initGossipSub", () => {
  const { script } = parse([{
    type: "ifNodeIDEquals",
    nodeID: 0,
    instruction: { type: "initGossipSub", gossipSubParams: { D: 8 } },
  }]);
  assertEquals(selectGossipSubParams(script, 5, SOURCE), {
    given: {},
    params: { ...GO_DEFAULT_GOSSIPSUB_PARAMS },
    where: undefined,
  });
});

Deno.test("selectGossipSubParams refuses two initGossipSub for one node", () => {
  const { script } = parse([
    { type: "initGossipSub", gossipSubParams: {} },
    {
      type: "ifNodeIDEquals",
      nodeID: 3,
      instruction: { type: "initGossipSub", gossipSubParams: {} },
    },
  ]);
  assertEquals(selectGossipSubParams(script, 2, SOURCE).where, "script[0]");
  throws(() => selectGossipSubParams(script, 3, SOURCE), {
    name: "InteropError",
    message: `${SOURCE}: initGossipSub must apply at most once to node 3, found at script[0], ` +
      `script[1].instruction`,
  });
});
