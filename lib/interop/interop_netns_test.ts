/**
 * End-to-end tests of the built entry scripts: under `env -i`; as ten nodes of both stacks, each
 * its own host in a Linux network namespace, running a small subnet-blob-msg-like script; and as
 * four nodes under a network model with 50 ms between two locations. The namespace tests need
 * root, iproute2, util-linux and /dev/net/tun (CI has them); without them they are skipped with a
 * line saying what is missing. The first build fills the entries' cache from the npm registry
 * (about 40 s).
 *
 * @module
 */
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { buildInteropNode, type BuiltInteropNode } from "./build_interop_node.ts";
import { listNamespaces, runNetnsExperiment } from "./netns_experiment.ts";
import { checkNetnsPrerequisites, findNetnsTools } from "./netns_tools.ts";
import { assignNetwork, nodeLatencyMatrix, parseNetworkModel } from "./network_model.ts";
import { derivePeerId } from "./node_identity.ts";
import { createSubnetBlobScript } from "./subnet_blob_script.ts";
import { parseNodeLog, summarizeDeliveries } from "./summarize_deliveries.ts";
import { quantile } from "./summarize_run.ts";

// Kept between runs (gitignored, and ignored by fmt and lint): later builds only check the cache.
const BUILD_DIR = fileURLToPath(new URL("../../.tmp/interop-node-test", import.meta.url));

let built: Promise<BuiltInteropNode> | undefined;

const missing = await checkNetnsPrerequisites();
// Through sh: without --allow-all, Deno refuses to stat device files itself.
const tunMissing = !(await new Deno.Command("/bin/sh", { args: ["-c", "test -c /dev/net/tun"] })
  .output()).success;
const NETNS_SKIP = missing.length > 0
  ? `needs root, iproute2, util-linux and hostname; missing: ${missing.join("; ")}`
  : undefined;
if (NETNS_SKIP !== undefined) {
  console.warn(`interop_netns_test: skipping namespace tests: ${NETNS_SKIP}`);
}
if (tunMissing) console.warn("interop_netns_test: skipping the latency test: no /dev/net/tun");

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

Deno.test({
  name: "entry nodes of both stacks in 10 network namespaces each log every message",
  ignore: NETNS_SKIP !== undefined,
  fn: async () => {
    const tools = await findNetnsTools();
    const { entryPaths } = await buildOnce();
    const nodeCount = 10;
    // Nodes 0, 2, 4, ... on the default stack, the others on the chainsafe one.
    const stacks = Array.from(
      { length: nodeCount },
      (_, node) => node % 2 === 0 ? "default" as const : "chainsafe" as const,
    );
    const script = createSubnetBlobScript(nodeCount, {
      seed: 20261202,
      connectionsPerNode: 4,
      messageCount: 4,
      firstPublishSeconds: 40,
      publishIntervalSeconds: 2,
      tailSeconds: 4,
    });
    const outDir = await Deno.makeTempDir({ prefix: "interop-netns-" });
    const paramsPath = `${outDir}/params.json`;
    await Deno.writeTextFile(paramsPath, JSON.stringify(script.params));
    const runTag = `gi${crypto.randomUUID().slice(0, 6)}`.replaceAll("-", "0");
    const result = await runNetnsExperiment(nodeCount, {
      entryPath: entryPaths.default,
      entryPaths: stacks.map((stack) => entryPaths[stack]),
      paramsPath,
      outDir,
      tools,
      runTag,
      timeoutMs: (script.endSeconds + 40) * 1000,
    });

    assertEquals(await listNamespaces(tools.ip, runTag), [], "namespaces left behind");
    for (let node = 0; node < nodeCount; node++) {
      const leftover = await Deno.stat(`/etc/netns/${runTag}n${node}`).then(
        () => true,
        () => false,
      );
      assertEquals(leftover, false, `/etc/netns/${runTag}n${node} left behind`);
    }
    assertEquals(result.stdoutPaths[3], `${outDir}/hosts/node3/node3.stdout`);
    const stderrOf = async (node: number) => await Deno.readTextFile(result.stderrPaths[node]);
    for (const [node, stack] of stacks.entries()) {
      const libp2p = stack === "default" ? "js-libp2p 3" : "js-libp2p 2";
      assert((await stderrOf(node)).includes(libp2p), `node ${node} runs ${stack}`);
    }
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
    // Every message, in any order: each node's script clock starts when it listens, so messages
    // published 2 s apart by different nodes may swap on a loaded machine.
    assertEquals(deliveries.map((message) => message.id).sort(), ["0", "1", "2", "3"]);
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
  },
});

/** Two locations 50 ms apart (one way), no delay within one; 1 Gbit/s links everywhere. */
const FIFTY_MS_MODEL = `
locations: [{ name: near, weight: 1 }, { name: far, weight: 1 }]
latencyMs:
  near: { near: 0, far: 50 }
  far: { near: 50, far: 0 }
nodeClasses: [{ name: fast, uploadMbit: 1000, downloadMbit: 1000, weight: 1 }]
nodes:
  "0": { location: near }
  "1": { location: near }
  "2": { location: far }
  "3": { location: far }
`;

Deno.test({
  name: "a network model's 50 ms one-way latency shows in the measured p50",
  ignore: NETNS_SKIP !== undefined || tunMissing,
  fn: async () => {
    const tools = await findNetnsTools();
    const { entryPath } = await buildOnce();
    const nodeCount = 4;
    const model = parseNetworkModel(FIFTY_MS_MODEL, "fifty_ms.yaml");
    const nodes = assignNetwork(model, nodeCount, 1);
    assertEquals(nodes.map((node) => node.location), ["near", "near", "far", "far"]);
    // Every node connected to every other; 200-byte messages (one packet each); publishers
    // drawn from the seed, so deliveries both within and across the two locations.
    const script = createSubnetBlobScript(nodeCount, {
      seed: 7,
      connectionsPerNode: nodeCount - 1,
      messageCount: 8,
      messageSizeBytes: 200,
      firstPublishSeconds: 14,
      publishIntervalSeconds: 1,
      tailSeconds: 3,
    });
    const outDir = await Deno.makeTempDir({ prefix: "interop-netns-latency-" });
    const paramsPath = `${outDir}/params.json`;
    await Deno.writeTextFile(paramsPath, JSON.stringify(script.params));
    const runTag = `gl${crypto.randomUUID().slice(0, 6)}`.replaceAll("-", "0");
    const result = await runNetnsExperiment(nodeCount, {
      entryPath,
      paramsPath,
      outDir,
      tools,
      runTag,
      network: { nodes, latencyMs: nodeLatencyMatrix(model, nodes) },
      timeoutMs: (script.endSeconds + 40) * 1000,
    });
    assertEquals(await listNamespaces(tools.ip, runTag), [], "namespaces left behind");
    assertEquals(result.exitCodes, [0, 0, 0, 0]);
    const logs = await Promise.all(
      result.stdoutPaths.map(async (path) => parseNodeLog(await Deno.readTextFile(path), path)),
    );
    const same: number[] = [];
    const across: number[] = [];
    for (const message of summarizeDeliveries(logs)) {
      assertEquals(message.missed, [], `message ${message.id} missed nodes`);
      for (const [node, atMs] of message.firstAtMs) {
        const crosses = nodes[node].location !== nodes[message.publisher!].location;
        (crosses ? across : same).push(atMs - message.publishedAtMs!);
      }
    }
    same.sort((a, b) => a - b);
    across.sort((a, b) => a - b);
    const sameP50 = quantile(same, 0.5)!;
    const acrossP50 = quantile(across, 0.5)!;
    console.log(
      `p50 from the publish call: ${sameP50.toFixed(1)} ms within a location (${same.length} ` +
        `deliveries), ${acrossP50.toFixed(1)} ms across (${across.length})`,
    );
    // No delivery across can beat the injected latency; the medians differ by about 50 ms (wide
    // bounds: node processing on a loaded machine adds tens of milliseconds to either side).
    assert(across[0] >= 50, `fastest delivery across locations ${across[0]} ms < 50 ms`);
    const added = acrossP50 - sameP50;
    assert(added >= 40 && added <= 100, `p50 across - p50 within = ${added.toFixed(1)} ms`);
    await Deno.remove(outDir, { recursive: true });
  },
});
