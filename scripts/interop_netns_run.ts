/**
 * `deno task node:netns`: plays a gossipsub-interop experiment on this machine, each node its own
 * host in a Linux network namespace (no Shadow), under a network model (latency by location,
 * bandwidth by node class: test-plans' model unless told otherwise), and prints per message the
 * reach, the times from the publish call, and test-plans' own figures. Needs root, iproute2,
 * util-linux, `/dev/net/tun`, and the entry scripts from `deno task node:build`.
 *
 *   deno task node:netns --nodes 16 [--params FILE | --seed S --messages M] [--network FILE]
 *   deno task node:netns --mix default:4,chainsafe:4
 *
 * @module
 */
import { parseArgs } from "node:util";
import { basename, dirname, join, resolve } from "node:path";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import {
  assignNetwork,
  createSubnetBlobScript,
  entryScriptName,
  findNetnsTools,
  formatRunSummary,
  INTEROP_STACKS,
  InteropError,
  type InteropStack,
  MAX_NETNS_NODES,
  type NetnsNetwork,
  networkFromShadow,
  type NetworkModel,
  nodeLatencyMatrix,
  parseExperimentParams,
  parseNetworkModel,
  parseNodeLog,
  parseShadowGml,
  parseShadowHosts,
  runNetnsExperiment,
  type ScriptInstruction,
  summarizeDeliveries,
  summarizeRun,
  TEST_PLANS_NETWORK_MODEL,
} from "../lib/interop/mod.ts";

const USAGE =
  `Usage: deno task node:netns (--nodes N | --mix STACK:N,... | --from-test-plans DIR) [options]

Runs gossipsub-interop nodes (the entry scripts of \`deno task node:build\`), each in its own
network namespace with address 10.77.<id>.2, hostname node<id> and /etc/hosts naming every node,
under a network model. Without --params it generates a subnet-blob-msg script (seeded): test-plans'
scenario, with its timings unless the options below change them. Logs go to OUT/hosts/node<id>/,
as Shadow lays them out, so test-plans' analysis reads OUT as it is.

Options:
  --nodes N            nodes, 2 to ${MAX_NETNS_NODES}, all on the default stack
  --mix LIST           stacks and counts, e.g. default:4,chainsafe:4 (stacks: ${
    INTEROP_STACKS.join(", ")
  });
                       which node runs which is a seeded shuffle
  --from-test-plans DIR  play the experiment test-plans' run.py generated in DIR (after
                       \`uv run run.py --dry-run true ...\` in gossipsub-interop/): its params.json,
                       each host's entry script (js-libp2p/entry or entry-chainsafe, from
                       \`deno task node:test-plans\`) and its graph.gml links; instead of
                       --nodes, --mix, --params and --network
  --params FILE        an experiment's params.json instead of a generated script
  --seed S             seed of the script, the network model's draws and the mix (default 1)
  --messages M         messages of the generated script (default 16)
  --message-bytes B    message size (default 98304)
  --connections C      connections per node (default min(20, N - 1))
  --first-publish-s F  first publish, in seconds (default 120)
  --interval-s I       seconds between publishes (default 12)
  --tail-s T           seconds after the last publish (default 30)
  --network MODEL      "test-plans" (default: network_graph.py's locations, latencies and node
                       classes), "none" (no shaping, no added latency), or a YAML/JSON file
  --skip K             warm-up messages the summary leaves out (default 0; test-plans uses 4)
  --entry PATH         the default stack's entry script (default build/interop-node/entry); other
                       stacks' entries sit beside it (entry-chainsafe)
  --out DIR            output folder (default a new temporary folder)
  --timeout-s T        kill the nodes after T seconds (default: the script's last waitUntil + 60)

Exit codes: 0 every node ended well and every measured message reached every node; 3 otherwise;
2 bad input.`;

/** The integer value of a flag, checked. */
function _integer(flag: string, text: string | undefined, min: number, fallback?: number): number {
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new InteropError(`flag --${flag}: required`);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InteropError(`flag --${flag}: must be an integer >= ${min}, got ${text}`);
  }
  return value;
}

/** Which stack each node runs: `--mix` counts, shuffled by `seed`. */
function _stacksOf(mix: string, seed: number): InteropStack[] {
  const stacks: InteropStack[] = [];
  for (const part of mix.split(",")) {
    const [name, count] = part.split(":");
    if (!INTEROP_STACKS.includes(name as InteropStack)) {
      throw new InteropError(
        `flag --mix: ${JSON.stringify(part)}: the stack must be one of ${
          INTEROP_STACKS.join(", ")
        }`,
      );
    }
    const n = _integer(`mix (${name})`, count, 1);
    for (let i = 0; i < n; i++) stacks.push(name as InteropStack);
  }
  // Fisher-Yates with the run's seed (offset, so it is not the script's own sequence).
  const rng = xoroshiro128plus((seed ^ 0x5eed) | 0);
  for (let i = stacks.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [stacks[i], stacks[j]] = [stacks[j], stacks[i]];
  }
  return stacks;
}

/** An experiment test-plans' run.py wrote into `dir` (shadow.yaml, graph.gml, params.json). */
async function _readTestPlansExperiment(dir: string): Promise<{
  paramsPath: string;
  stacks: InteropStack[];
  entryPaths: string[];
  network: NetnsNetwork;
}> {
  const read = async (name: string): Promise<string> => {
    try {
      return await Deno.readTextFile(join(dir, name));
    } catch (error) {
      throw new InteropError(
        `flag --from-test-plans: cannot read ${join(dir, name)} (run \`uv run run.py --dry-run ` +
          `true ...\` there first): ${(error as Error).message}`,
      );
    }
  };
  const hosts = parseShadowHosts(await read("shadow.yaml"), join(dir, "shadow.yaml"));
  const graph = parseShadowGml(await read("graph.gml"), join(dir, "graph.gml"));
  const stacks = hosts.map((host) => {
    const stack = INTEROP_STACKS.find((name) => entryScriptName(name) === basename(host.path));
    if (stack === undefined) {
      throw new InteropError(
        `${join(dir, "shadow.yaml")}: hosts.node${host.node}: ${host.path} is not one of our ` +
          `entries (${INTEROP_STACKS.map(entryScriptName).join(", ")}); only js nodes run here`,
      );
    }
    return stack;
  });
  const given = /--params\s+(\S+)/.exec(hosts[0].args)?.[1];
  return {
    paramsPath: given ?? join(dir, "params.json"),
    stacks,
    entryPaths: hosts.map((host) => resolve(dir, host.path)),
    network: networkFromShadow(hosts, graph),
  };
}

/** The largest `waitUntil` of a script (where it ends), nested ones included. */
function _lastWaitSeconds(script: readonly ScriptInstruction[]): number {
  let last = 0;
  const visit = (instruction: ScriptInstruction): void => {
    if (instruction.type === "waitUntil") last = Math.max(last, instruction.elapsedSeconds);
    if (instruction.type === "ifNodeIDEquals") visit(instruction.instruction);
  };
  script.forEach(visit);
  return last;
}

async function _readModel(spec: string): Promise<NetworkModel | undefined> {
  if (spec === "none") return undefined;
  if (spec === "test-plans") return TEST_PLANS_NETWORK_MODEL;
  let text: string;
  try {
    text = await Deno.readTextFile(spec);
  } catch (error) {
    throw new InteropError(`flag --network: cannot read ${spec}: ${(error as Error).message}`);
  }
  return parseNetworkModel(text, spec);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        nodes: { type: "string" },
        mix: { type: "string" },
        "from-test-plans": { type: "string" },
        params: { type: "string" },
        seed: { type: "string" },
        messages: { type: "string" },
        "message-bytes": { type: "string" },
        connections: { type: "string" },
        "first-publish-s": { type: "string" },
        "interval-s": { type: "string" },
        "tail-s": { type: "string" },
        network: { type: "string", default: "test-plans" },
        skip: { type: "string" },
        entry: { type: "string", default: "build/interop-node/entry" },
        out: { type: "string" },
        "timeout-s": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new InteropError(`flags: ${(error as Error).message} (see --help)`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const seed = _integer("seed", values.seed, 0, 1);
  const fromTestPlans = values["from-test-plans"] === undefined
    ? undefined
    : await _readTestPlansExperiment(resolve(values["from-test-plans"]));
  if (fromTestPlans !== undefined) {
    for (const flag of ["nodes", "mix", "params"] as const) {
      if (values[flag] !== undefined) {
        throw new InteropError(`flag --${flag}: not with --from-test-plans, which sets it`);
      }
    }
    values.params = fromTestPlans.paramsPath;
  }
  let stacks: InteropStack[];
  if (fromTestPlans !== undefined) {
    stacks = fromTestPlans.stacks;
  } else if (values.mix !== undefined) {
    stacks = _stacksOf(values.mix, seed);
    if (values.nodes !== undefined && Number(values.nodes) !== stacks.length) {
      throw new InteropError(
        `flag --nodes: ${values.nodes} does not match --mix, which adds up to ${stacks.length}`,
      );
    }
  } else {
    stacks = Array.from({ length: _integer("nodes", values.nodes, 2) }, () => "default" as const);
  }
  const nodes = stacks.length;
  if (nodes < 2 || nodes > MAX_NETNS_NODES) {
    throw new InteropError(`flag --nodes: must be in [2, ${MAX_NETNS_NODES}], got ${nodes}`);
  }
  const defaultEntry = resolve(values.entry);
  const entryPaths = fromTestPlans?.entryPaths ??
    stacks.map((stack) => join(dirname(defaultEntry), entryScriptName(stack)));
  for (const path of new Set(entryPaths)) {
    try {
      await Deno.stat(path);
    } catch {
      throw new InteropError(
        `flag --entry: no entry script at ${path}; build it first with deno task node:build`,
      );
    }
  }
  const model = await _readModel(values.network);
  const outDir = resolve(values.out ?? await Deno.makeTempDir({ prefix: "interop-netns-" }));
  await Deno.mkdir(outDir, { recursive: true });

  let paramsPath: string;
  let endSeconds: number | undefined;
  if (values.params !== undefined) {
    paramsPath = resolve(values.params);
    let text: string;
    try {
      text = await Deno.readTextFile(paramsPath);
    } catch (error) {
      throw new InteropError(
        `flag --params: cannot read ${paramsPath}: ${(error as Error).message}`,
      );
    }
    // The nodes would refuse a bad file one by one; refuse it once, before any namespace exists.
    endSeconds = _lastWaitSeconds(parseExperimentParams(text, paramsPath).script);
  } else {
    const script = createSubnetBlobScript(nodes, {
      seed,
      messageCount: _integer("messages", values.messages, 1, 16),
      messageSizeBytes: _integer("message-bytes", values["message-bytes"], 8, 98_304),
      connectionsPerNode: _integer(
        "connections",
        values.connections,
        1,
        Math.min(20, nodes - 1),
      ),
      firstPublishSeconds: _integer("first-publish-s", values["first-publish-s"], 0, 120),
      publishIntervalSeconds: _integer("interval-s", values["interval-s"], 1, 12),
      tailSeconds: _integer("tail-s", values["tail-s"], 0, 30),
    });
    paramsPath = join(outDir, "params.json");
    await Deno.writeTextFile(paramsPath, JSON.stringify(script.params));
    endSeconds = script.endSeconds;
  }
  const network = fromTestPlans !== undefined
    ? fromTestPlans.network
    : model === undefined
    ? undefined
    : (() => {
      const assigned = assignNetwork(model, nodes, seed);
      return { nodes: assigned, latencyMs: nodeLatencyMatrix(model, assigned) };
    })();
  await Deno.writeTextFile(
    join(outDir, "network.json"),
    `${
      JSON.stringify(
        {
          model: fromTestPlans === undefined
            ? values.network
            : `${values["from-test-plans"]}/graph.gml`,
          seed,
          nodes: stacks.map((stack, node) => ({ node, stack, ...network?.nodes[node] })),
          latencyMs: network?.latencyMs,
        },
        null,
        1,
      )
    }\n`,
  );
  const timeoutS = _integer("timeout-s", values["timeout-s"], 1, (endSeconds ?? 600) + 60);
  console.error(
    `${nodes} nodes (${
      [...new Set(stacks)].map((stack) => `${stacks.filter((s) => s === stack).length} ${stack}`)
        .join(", ")
    }), network ${
      fromTestPlans === undefined ? values.network : "from test-plans' graph.gml"
    }, out ${outDir}`,
  );
  const result = await runNetnsExperiment(nodes, {
    entryPath: defaultEntry,
    entryPaths,
    network,
    paramsPath,
    outDir,
    tools: await findNetnsTools(),
    timeoutMs: timeoutS * 1000,
    onProgress: (line) => console.error(line),
  });
  const failed = result.exitCodes.flatMap((code, node) => code === 0 ? [] : [node]);
  const logs = await Promise.all(
    result.stdoutPaths.map(async (path) => parseNodeLog(await Deno.readTextFile(path), path)),
  );
  const summary = summarizeRun(summarizeDeliveries(logs), nodes, {
    skip: _integer("skip", values.skip, 0, 0),
  });
  const lines = [
    `exit codes: ${JSON.stringify(result.exitCodes)}; logs in ${join(outDir, "hosts")}`,
    ...formatRunSummary(summary),
  ];
  await Deno.writeTextFile(join(outDir, "summary.txt"), `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
  return failed.length === 0 && summary.allReached && summary.messages.length > 0 ? 0 : 3;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (error) {
    if (error instanceof InteropError) {
      console.error(`error: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
