/**
 * Plays a gossipsub-interop experiment on this machine, each node its own host in a Linux network
 * namespace (no Shadow), and prints per message the time until every node had it and the
 * duplicates per node. Needs root, iproute2 and util-linux, and the entry script from
 * `deno task node:build`.
 *
 *   deno run -A scripts/interop_netns_run.ts --nodes 10 [--params FILE | --seed S --messages M]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import {
  createSubnetBlobScript,
  findNetnsTools,
  InteropError,
  parseNodeLog,
  runNetnsExperiment,
  summarizeDeliveries,
} from "../lib/interop/mod.ts";

const USAGE = `Usage: deno run -A scripts/interop_netns_run.ts --nodes N [options]

Runs N gossipsub-interop nodes (the entry script of \`deno task node:build\`), each in its own
network namespace with address 10.77.0.<id+1>, hostname node<id> and /etc/hosts naming every node.
Without --params it generates a subnet-blob-msg-like script (seeded).

Options:
  --nodes N          nodes, 1 to 250 (required)
  --params FILE      an experiment's params.json instead of a generated script
  --seed S           seed of the generated script (default 1)
  --messages M       messages of the generated script (default 4)
  --connections C    connections per node of the generated script (default min(4, N - 1))
  --first-publish-s F  first publish of the generated script, in seconds (default 10 + N: on a
                     small machine N Deno processes take about N/2 s of CPU to start and connect)
  --entry PATH       the entry script (default build/interop-node/entry)
  --out DIR          where the nodes' stdout and stderr go (default a new temporary folder)
  --timeout-s T      kill the nodes after T seconds (default: the script's end + 60)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      nodes: { type: "string" },
      params: { type: "string" },
      seed: { type: "string", default: "1" },
      messages: { type: "string", default: "4" },
      connections: { type: "string" },
      "first-publish-s": { type: "string" },
      entry: { type: "string", default: "build/interop-node/entry" },
      out: { type: "string" },
      "timeout-s": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const nodes = Number(values.nodes);
  if (!Number.isInteger(nodes) || nodes < 2) {
    throw new InteropError(`flag --nodes: must be an integer >= 2, got ${values.nodes}`);
  }
  const entryPath = resolve(values.entry);
  try {
    await Deno.stat(entryPath);
  } catch {
    throw new InteropError(
      `flag --entry: no entry script at ${entryPath}; build it first with deno task node:build`,
    );
  }
  const outDir = resolve(values.out ?? await Deno.makeTempDir({ prefix: "interop-netns-" }));
  await Deno.mkdir(outDir, { recursive: true });
  let paramsPath: string;
  let endSeconds: number | undefined;
  if (values.params !== undefined) {
    paramsPath = resolve(values.params);
  } else {
    const script = createSubnetBlobScript(nodes, {
      seed: Number(values.seed),
      messageCount: Number(values.messages),
      connectionsPerNode: values.connections === undefined
        ? Math.min(4, nodes - 1)
        : Number(values.connections),
      firstPublishSeconds: values["first-publish-s"] === undefined
        ? 10 + nodes
        : Number(values["first-publish-s"]),
      publishIntervalSeconds: 2,
      tailSeconds: 5,
    });
    paramsPath = resolve(outDir, "params.json");
    await Deno.writeTextFile(paramsPath, JSON.stringify(script.params));
    endSeconds = script.endSeconds;
  }
  const timeoutS = values["timeout-s"] !== undefined
    ? Number(values["timeout-s"])
    : (endSeconds ?? 600) + 60;
  const result = await runNetnsExperiment(nodes, {
    entryPath,
    paramsPath,
    outDir,
    tools: await findNetnsTools(),
    timeoutMs: timeoutS * 1000,
    onProgress: (line) => console.error(line),
  });
  console.log(`exit codes: ${JSON.stringify(result.exitCodes)}; logs in ${outDir}`);
  const logs = await Promise.all(
    result.stdoutPaths.map(async (path) => parseNodeLog(await Deno.readTextFile(path), path)),
  );
  for (const message of summarizeDeliveries(logs)) {
    const duplicates = [...message.duplicates.values()];
    console.log(
      `message ${message.id} (node ${
        message.publisher ?? "?"
      }): reached ${message.reached.length}` +
        `, missed ${JSON.stringify(message.missed)}, all had it after ${
          message.spreadMs?.toFixed(1) ?? "-"
        } ms; duplicates per node ${JSON.stringify(Object.fromEntries(message.duplicates))} ` +
        `(mean ${(duplicates.reduce((a, b) => a + b, 0) / duplicates.length).toFixed(2)})`,
    );
  }
  return result.exitCodes.every((code) => code === 0) ? 0 : 3;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (error) {
    if (error instanceof InteropError || (error as Error).name === "TypeError") {
      console.error(`error: ${(error as Error).message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
