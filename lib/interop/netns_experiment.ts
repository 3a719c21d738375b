/**
 * Plays a gossipsub-interop experiment on this machine without Shadow: every node is its own
 * host, a Linux network namespace with its own address (10.77.<N>.2/24, on a link to a router
 * that lives in one more namespace, so the machine's own network is never touched), its own
 * `/etc/hosts` (a file under /etc/netns/<namespace>/ that `ip netns exec` mounts over /etc/hosts,
 * so getaddrinfo resolves `node<M>`) and its own hostname `node<N>` (a UTS namespace from
 * `unshare --uts`). Each node runs its entry script under `env -i`, as Shadow starts it, and its
 * stdout and stderr go where Shadow puts them: `hosts/node<N>/node<N>.stdout`.
 *
 * With a network model, each node's link gets its upload bandwidth (a `tbf` qdisc on the node's
 * side) and its download bandwidth (a `tbf` on the router's side), and every packet between two
 * nodes is delayed by their one-way latency: the router sends it through a TUN device to the link
 * emulator (`scripts/interop_link_emulator.ts`), because this kernel has no `netem`.
 *
 * Needs root, iproute2 (`ip`, `tc`), util-linux (`unshare`), `hostname`, and for latencies
 * `/dev/net/tun`. Everything it creates is named after a unique run tag and removed when it ends,
 * whatever happens.
 *
 * @module
 */
import { join } from "node:path";
import { InteropError } from "./interop_error.ts";
import type { NodeNetwork } from "./network_model.ts";
import type { NetnsTools } from "./netns_tools.ts";
import { LINK_EMULATOR_TUN, startLinkEmulator } from "./_netns_link_emulator.ts";
import { copyStreamToFile, killQuietly, pathExists, runChecked } from "./_netns_commands.ts";

/** The network model applied to a run's links (see `network_model.ts`). */
export interface NetnsNetwork {
  /** Each node's place and link, by node id. */
  nodes: NodeNetwork[];
  /** One-way latency in milliseconds from node i to node j. */
  latencyMs: number[][];
}

/** Options of {@linkcode runNetnsExperiment}. */
export interface NetnsExperimentOptions {
  /** The entry script (`deno task node:build`) every node runs, unless `entryPaths` is given. */
  entryPath: string;
  /** One entry script per node, by node id (a mixed run). @default `entryPath` for all */
  entryPaths?: string[];
  /** Bandwidths and latencies of the links. @default none: unshaped links, no added latency */
  network?: NetnsNetwork;
  /** The experiment's params.json (absolute path; every node reads it). */
  paramsPath: string;
  /** Where `hosts/node<N>/node<N>.stdout` and `.stderr` are written. */
  outDir: string;
  /** Nodes are killed after this long. */
  timeoutMs: number;
  /** Tools from `findNetnsTools` (netns_tools.ts). */
  tools: NetnsTools;
  /**
   * Names every namespace of the run (`<tag>n<N>`, `<tag>sw`); at most 8 characters of [a-z0-9].
   *
   * @default `gi` and six random characters
   */
  runTag?: string;
  /** Diagnostic lines. @default nothing */
  onProgress?: (line: string) => void;
}

/** How each node ended. */
export interface NetnsExperimentResult {
  /** Exit code per node; `undefined` when the node was killed at the timeout. */
  exitCodes: Array<number | undefined>;
  stdoutPaths: string[];
  stderrPaths: string[];
}

/** At most this many nodes: 10.77.0.2 to 10.77.249.2. */
export const MAX_NETNS_NODES = 250;

/** Routing table (in the router namespace) that sends node-to-node packets to the emulator. */
const EMULATOR_TABLE = "100";

/**
 * Runs `nodeCount` nodes, each in its own namespace, until they all exit or `timeoutMs` passes;
 * then removes every namespace, link and hosts file it made.
 *
 * @throws {InteropError} if the namespaces cannot be set up (the message has `ip`'s error)
 */
export async function runNetnsExperiment(
  nodeCount: number,
  options: NetnsExperimentOptions,
): Promise<NetnsExperimentResult> {
  if (!Number.isSafeInteger(nodeCount) || nodeCount < 1 || nodeCount > MAX_NETNS_NODES) {
    throw new InteropError(
      `network namespaces: node count must be an integer in [1, ${MAX_NETNS_NODES}], got ${nodeCount}`,
    );
  }
  const entryPaths = options.entryPaths ??
    Array.from({ length: nodeCount }, () => options.entryPath);
  if (entryPaths.length !== nodeCount) {
    throw new InteropError(
      `network namespaces: entryPaths must name one entry per node (${nodeCount}), got ${entryPaths.length}`,
    );
  }
  const network = options.network;
  if (
    network !== undefined &&
    (network.nodes.length !== nodeCount || network.latencyMs.length !== nodeCount)
  ) {
    throw new InteropError(
      `network namespaces: the network model must describe every node (${nodeCount}), got ` +
        `${network.nodes.length} nodes and ${network.latencyMs.length} latency rows`,
    );
  }
  const tag = options.runTag ?? `gi${crypto.randomUUID().replaceAll("-", "").slice(0, 6)}`;
  if (!/^[a-z0-9]{1,8}$/.test(tag)) {
    throw new InteropError(`network namespaces: runTag must be 1-8 of [a-z0-9], got ${tag}`);
  }
  const progress = options.onProgress ?? (() => {});
  const { tools } = options;
  const switchNs = `${tag}sw`;
  const nodeNs = Array.from({ length: nodeCount }, (_, node) => `${tag}n${node}`);
  const created: string[] = [];
  const hostsDirs: string[] = [];
  const netnsDirExisted = await pathExists("/etc/netns");
  const children: Array<Deno.ChildProcess | undefined> = [];
  let emulator: Deno.ChildProcess | undefined;
  const ip = (...args: string[]) => runChecked(tools.ip, args);
  const tc = (ns: string, ...args: string[]) => runChecked(tools.tc, ["-n", ns, ...args]);
  const sysctl = (ns: string, key: string, value: string) =>
    runChecked(tools.ip, [
      "netns",
      "exec",
      ns,
      tools.sh,
      "-c",
      'echo "$2" > "/proc/sys/$1"',
      "sh",
      key.replaceAll(".", "/"),
      value,
    ]);
  // Ctrl-C or a kill of this process must not leave namespaces behind: the signal stops the
  // nodes, and the run ends through the cleanup below.
  let interrupted: string | undefined;
  const onSignal = (signal: Deno.Signal) => () => {
    interrupted = signal;
    for (const child of children) if (child !== undefined) killQuietly(child);
    if (emulator !== undefined) killQuietly(emulator);
  };
  const signalListeners = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const listener = onSignal(signal);
    Deno.addSignalListener(signal, listener);
    return [signal, listener] as const;
  });
  try {
    progress(`run ${tag}: ${nodeCount} namespaces routed through ${switchNs}`);
    await ip("netns", "add", switchNs);
    created.push(switchNs);
    await ip("-n", switchNs, "link", "set", "lo", "up");
    await sysctl(switchNs, "net.ipv4.ip_forward", "1");
    for (const key of ["all", "default"]) {
      await sysctl(switchNs, `net.ipv4.conf.${key}.rp_filter`, "0");
    }
    const hosts = ["127.0.0.1 localhost"];
    for (let node = 0; node < nodeCount; node++) hosts.push(`${nodeAddress(node)} node${node}`);
    for (const [node, ns] of nodeNs.entries()) {
      await ip("netns", "add", ns);
      created.push(ns);
      const port = `p${node}`;
      await ip(
        "link",
        "add",
        "eth0",
        "netns",
        ns,
        "type",
        "veth",
        "peer",
        "name",
        port,
        "netns",
        switchNs,
      );
      await ip("-n", switchNs, "addr", "add", `${_gatewayAddress(node)}/24`, "dev", port);
      await ip("-n", switchNs, "link", "set", port, "up");
      await ip("-n", ns, "addr", "add", `${nodeAddress(node)}/24`, "dev", "eth0");
      await ip("-n", ns, "link", "set", "eth0", "up");
      await ip("-n", ns, "link", "set", "lo", "up");
      await ip("-n", ns, "route", "add", "default", "via", _gatewayAddress(node));
      if (network !== undefined) {
        const link = network.nodes[node];
        await tc(ns, "qdisc", "add", "dev", "eth0", "root", ..._tbf(link.uploadMbit));
        await tc(switchNs, "qdisc", "add", "dev", port, "root", ..._tbf(link.downloadMbit));
      }
      const dir = `/etc/netns/${ns}`;
      await Deno.mkdir(dir, { recursive: true });
      hostsDirs.push(dir);
      await Deno.writeTextFile(join(dir, "hosts"), `${hosts.join("\n")}\n`);
    }
    await Deno.mkdir(options.outDir, { recursive: true });
    if (network !== undefined && network.latencyMs.some((row) => row.some((ms) => ms > 0))) {
      emulator = await startLinkEmulator(switchNs, network.latencyMs, options.outDir, tools);
      progress(`run ${tag}: link emulator ready in ${switchNs}`);
      await ip("-n", switchNs, "link", "set", LINK_EMULATOR_TUN, "txqueuelen", "10000", "up");
      await sysctl(switchNs, `net.ipv4.conf.${LINK_EMULATOR_TUN}.rp_filter`, "0");
      await ip(
        "-n",
        switchNs,
        "route",
        "add",
        "default",
        "dev",
        LINK_EMULATOR_TUN,
        "table",
        EMULATOR_TABLE,
      );
      // Packets from a node go to the emulator; what it writes back arrives on the TUN device
      // and takes the main table, straight to the receiving node's link.
      for (let node = 0; node < nodeCount; node++) {
        await ip("-n", switchNs, "rule", "add", "iif", `p${node}`, "lookup", EMULATOR_TABLE);
      }
    }
    const hostDirs = nodeNs.map((_, node) => join(options.outDir, "hosts", `node${node}`));
    for (const dir of hostDirs) await Deno.mkdir(dir, { recursive: true });
    const stdoutPaths = hostDirs.map((dir, node) => join(dir, `node${node}.stdout`));
    const stderrPaths = hostDirs.map((dir, node) => join(dir, `node${node}.stderr`));
    const copies: Promise<void>[] = [];
    for (const [node, ns] of nodeNs.entries()) {
      if (interrupted !== undefined) break;
      const child = new Deno.Command(tools.ip, {
        args: [
          "netns",
          "exec",
          ns,
          tools.unshare,
          "--uts",
          tools.sh,
          "-c",
          '"$1" "$2" && exec "$3" -i "$4" --params "$5"',
          "sh",
          tools.hostname,
          `node${node}`,
          tools.env,
          entryPaths[node],
          options.paramsPath,
        ],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      children.push(child);
      copies.push(copyStreamToFile(child.stdout, stdoutPaths[node]));
      copies.push(copyStreamToFile(child.stderr, stderrPaths[node]));
    }
    progress(`run ${tag}: ${nodeCount} nodes started`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
    });
    const exitCodes: Array<number | undefined> = await Promise.all(
      children.map(async (child) => {
        const ended = await Promise.race([child!.status, timedOut]);
        if (ended !== "timeout") return ended.code;
        killQuietly(child!);
        await child!.status;
        return undefined;
      }),
    );
    clearTimeout(timer);
    await Promise.all(copies);
    if (interrupted !== undefined) {
      throw new InteropError(`network namespaces: run ${tag} stopped by ${interrupted}`);
    }
    return { exitCodes, stdoutPaths, stderrPaths };
  } finally {
    for (const child of children) {
      if (child !== undefined) {
        killQuietly(child);
        await child.status.catch(() => {});
      }
    }
    if (emulator !== undefined) {
      killQuietly(emulator);
      await emulator.status.catch(() => {});
    }
    for (const ns of created.reverse()) {
      await runChecked(tools.ip, ["netns", "del", ns]).catch((error) => {
        progress(`cleanup: ${String(error)}`);
      });
    }
    for (const dir of hostsDirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
    if (!netnsDirExisted) await Deno.remove("/etc/netns").catch(() => {});
    for (const [signal, listener] of signalListeners) Deno.removeSignalListener(signal, listener);
    progress(`run ${tag}: namespaces and hosts files removed`);
  }
}

/** The address of node `node`: 10.77.<node>.2 (what the link emulator reads back). */
export function nodeAddress(node: number): string {
  return `10.77.${node}.2`;
}

/** The router's address on node `node`'s link. */
function _gatewayAddress(node: number): string {
  return `10.77.${node}.1`;
}

/**
 * A token bucket at `mbit` Mbit/s. The bucket holds 2 ms of traffic (at least 32 KiB, so one
 * segmented 64 KiB GSO packet passes in two pieces); the queue holds 1 s, so the model's links
 * queue rather than drop, as Shadow's do at these loads.
 */
function _tbf(mbit: number): string[] {
  const bytesPerSecond = (mbit * 1_000_000) / 8;
  const burst = Math.max(32 * 1024, Math.round(bytesPerSecond * 0.002));
  return ["tbf", "rate", `${mbit}mbit`, "burst", String(burst), "latency", "1000ms"];
}

/** The namespaces whose names start with `prefix` (to check that a run left none behind). */
export async function listNamespaces(ipPath: string, prefix: string): Promise<string[]> {
  const output = await new Deno.Command(ipPath, { args: ["netns", "list"], stdout: "piped" })
    .output();
  return new TextDecoder().decode(output.stdout).split("\n")
    .map((line) => line.split(" ")[0])
    .filter((name) => name !== "" && name.startsWith(prefix));
}
