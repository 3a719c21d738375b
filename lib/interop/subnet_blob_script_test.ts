// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { parseExperimentParams, selectGossipSubParams } from "./experiment_params.ts";
import { createSubnetBlobScript } from "./subnet_blob_script.ts";

const SMALL = { connectionsPerNode: 3, messageCount: 4, firstPublishSeconds: 6 } as const;

Deno.test("createSubnetBlobScript gives the same script for the same seed", () => {
  assertEquals(
    createSubnetBlobScript(10, { seed: 7, ...SMALL }),
    createSubnetBlobScript(10, { seed: 7, ...SMALL }),
  );
});

Deno.test("createSubnetBlobScript links every node to at least connectionsPerNode others", () => {
  const { connectTo } = createSubnetBlobScript(12, { seed: 1, ...SMALL });
  const links = Array.from({ length: 12 }, () => new Set<number>());
  connectTo.forEach((targets, node) => {
    for (const target of targets) {
      assertEquals(target === node || links[node].has(target), false);
      links[node].add(target);
      links[target].add(node);
    }
  });
  for (const peers of links) assertEquals(peers.size >= 3, true);
});

Deno.test("createSubnetBlobScript writes a script the node accepts, timed like the experiment", () => {
  const { params, publishers, endSeconds } = createSubnetBlobScript(10, {
    seed: 3,
    ...SMALL,
    publishIntervalSeconds: 2,
    tailSeconds: 4,
  });
  const parsed = parseExperimentParams(JSON.stringify(params), "generated");
  assertEquals(parsed, { ...params, unknownFields: [] });
  assertEquals(publishers.length, 4);
  assertEquals(endSeconds, 6 + 4 * 2 + 4);
  assertEquals(
    selectGossipSubParams(parsed.script, 0, "g").params.HeartbeatInitialDelay,
    100_100_000,
  );
  assertEquals(
    selectGossipSubParams(parsed.script, 9, "g").params.HeartbeatInitialDelay,
    101_000_000,
  );
  const waits = params.script.flatMap((i) => i.type === "waitUntil" ? [i.elapsedSeconds] : []);
  assertEquals(waits, [6, 8, 10, 12, 14, 18]);
  const published = params.script.flatMap((i) =>
    i.type === "ifNodeIDEquals" && i.instruction.type === "publish"
      ? [[i.nodeID, i.instruction.messageID, i.instruction.messageSizeBytes]]
      : []
  );
  assertEquals(published, publishers.map((node, id) => [node, id, 98_304]));
});

Deno.test("createSubnetBlobScript refuses more connections than other nodes", () => {
  throws(() => createSubnetBlobScript(4, { seed: 1, connectionsPerNode: 4 }), {
    name: "RangeError",
    message: "createSubnetBlobScript: connectionsPerNode must be an integer in [1, 3], got 4",
  });
});
