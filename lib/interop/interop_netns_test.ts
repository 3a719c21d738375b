/**
 * End-to-end tests of the built entry script: under `env -i`, and as ten nodes, each its own host
 * in a Linux network namespace, running a small subnet-blob-msg-like script. They need root,
 * iproute2, util-linux and the npm registry (the first build fills the entry's cache, about 40 s);
 * without root or the tools they fail and say what is missing.
 *
 * @module
 */
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { buildInteropNode, type BuiltInteropNode } from "./build_interop_node.ts";
import {
  checkNetnsPrerequisites,
  findNetnsTools,
  listNamespaces,
  runNetnsExperiment,
} from "./netns_experiment.ts";
import { derivePeerId } from "./node_identity.ts";
import { createSubnetBlobScript } from "./subnet_blob_script.ts";
import { parseNodeLog, summarizeDeliveries } from "./summarize_deliveries.ts";

// Kept between runs (gitignored, and ignored by fmt and lint): later builds only check the cache.
const BUILD_DIR = fileURLToPath(new URL("../../.tmp/interop-node-test", import.meta.url));

let built: Promise<BuiltInteropNode> | undefined;

/** Builds the entry once for this file's tests. */
function buildOnce(): Promise<BuiltInteropNode> {
  built ??= buildInteropNode(BUILD_DIR);
  return built;
}

Deno.test("the built entry is a #!/bin/sh script that runs under env -i", async () => {
  const { entryPath, denoDir } = await buildOnce();
  const text = await Deno.readTextFile(entryPath);
  assert(text.startsWith("#!/bin/sh\n"), text);
  assert(text.includes(`DENO_DIR='${denoDir}'`), text);
  assert(text.includes(" run --cached-only --frozen --no-prompt "), text);
  const output = await new Deno.Command(entryPath, {
    args: ["--params", "/nonexistent/params.json"],
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assertEquals(output.code, 2, stderr);
  assertEquals(new TextDecoder().decode(output.stdout), "");
  assert(
    /^error: flag --params: cannot read \/nonexistent\/params.json: [^\n]+\n$/.test(stderr),
    stderr,
  );
});

Deno.test("entry nodes in 10 network namespaces each log every message", async () => {
  const missing = await checkNetnsPrerequisites();
  if (missing.length > 0) {
    throw new Error(
      `this test runs nodes in network namespaces and needs root, iproute2, util-linux and ` +
        `hostname (CI has them); missing: ${missing.join("; ")}`,
    );
  }
  const tools = await findNetnsTools();
  const { entryPath } = await buildOnce();
  const nodeCount = 10;
  const script = createSubnetBlobScript(nodeCount, {
    seed: 20261202,
    connectionsPerNode: 4,
    messageCount: 4,
    firstPublishSeconds: 12,
    publishIntervalSeconds: 2,
    tailSeconds: 4,
  });
  const outDir = await Deno.makeTempDir({ prefix: "interop-netns-" });
  const paramsPath = `${outDir}/params.json`;
  await Deno.writeTextFile(paramsPath, JSON.stringify(script.params));
  const runTag = `gi${crypto.randomUUID().slice(0, 6)}`.replaceAll("-", "0");
  const result = await runNetnsExperiment(nodeCount, {
    entryPath,
    paramsPath,
    outDir,
    tools,
    runTag,
    timeoutMs: (script.endSeconds + 40) * 1000,
  });

  assertEquals(await listNamespaces(tools.ip, runTag), [], "namespaces left behind");
  for (let node = 0; node < nodeCount; node++) {
    const leftover = await Deno.stat(`/etc/netns/${runTag}n${node}`).then(() => true, () => false);
    assertEquals(leftover, false, `/etc/netns/${runTag}n${node} left behind`);
  }
  const stderrOf = async (node: number) => await Deno.readTextFile(result.stderrPaths[node]);
  for (let node = 0; node < nodeCount; node++) {
    assertEquals(result.exitCodes[node], 0, `node ${node}: ${await stderrOf(node)}`);
  }
  const logs = await Promise.all(
    result.stdoutPaths.map(async (path) => parseNodeLog(await Deno.readTextFile(path), path)),
  );
  for (const [node, log] of logs.entries()) {
    assertEquals([log.nodeId, log.peerId], [node, await derivePeerId(node)]);
  }
  const deliveries = summarizeDeliveries(logs);
  assertEquals(deliveries.map((message) => message.id), ["0", "1", "2", "3"]);
  for (const message of deliveries) {
    assertEquals(message.publisher, script.publishers[Number(message.id)]);
    assertEquals(message.missed, [], `message ${message.id} missed nodes`);
    assertEquals(message.reached.length, nodeCount - 1);
  }

  // The figures, for the record (deno test shows them under the test's output).
  const lines = deliveries.map((message) =>
    `message ${message.id} from node ${message.publisher}: all ${nodeCount - 1} others had it ` +
    `${message.spreadMs!.toFixed(1)} ms after the publish; duplicates per node ` +
    JSON.stringify(Object.fromEntries(message.duplicates))
  );
  console.log(lines.join("\n"));
  await Deno.remove(outDir, { recursive: true });
});
