/**
 * Plays a gossipsub-interop experiment on this machine without Shadow: every node is its own
 * host, a Linux network namespace with its own address (10.77.0.<N+1>/24 on a bridge that lives in
 * one more namespace, so the machine's own network is never touched), its own `/etc/hosts` (a
 * file under /etc/netns/<namespace>/ that `ip netns exec` mounts over /etc/hosts, so getaddrinfo
 * resolves `node<M>`) and its own hostname `node<N>` (a UTS namespace from `unshare --uts`). Each
 * node runs the entry script under `env -i`, as Shadow starts it.
 *
 * Needs root, iproute2 (`ip`), util-linux (`unshare`) and `hostname`. Everything it creates is
 * named after a unique run tag and removed when it ends, whatever happens.
 *
 * @module
 */
import { join } from "node:path";
import { InteropError } from "./interop_error.ts";

/** Where each tool is looked for; the first existing path is used. */
const TOOL_CANDIDATES = {
  ip: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"],
  unshare: ["/usr/bin/unshare", "/bin/unshare"],
  hostname: ["/usr/bin/hostname", "/bin/hostname"],
  env: ["/usr/bin/env", "/bin/env"],
  sh: ["/bin/sh", "/usr/bin/sh"],
} as const;

type ToolName = keyof typeof TOOL_CANDIDATES;

/** The tools' absolute paths. */
export type NetnsTools = Record<ToolName, string>;

/** Options of {@linkcode runNetnsExperiment}. */
export interface NetnsExperimentOptions {
  /** The entry script (`deno task node:build`). */
  entryPath: string;
  /** The experiment's params.json (absolute path; every node reads it). */
  paramsPath: string;
  /** Where `node<N>.stdout` and `node<N>.stderr` are written. */
  outDir: string;
  /** Nodes are killed after this long. */
  timeoutMs: number;
  /** Tools from {@linkcode findNetnsTools}. */
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

/** At most this many nodes: addresses 10.77.0.1 to 10.77.0.250 of one /24. */
export const MAX_NETNS_NODES = 250;

/**
 * What the namespace runner lacks on this machine, one line each (empty when nothing): root,
 * and the tools of {@linkcode findNetnsTools}.
 */
export async function checkNetnsPrerequisites(): Promise<string[]> {
  const missing: string[] = [];
  if (Deno.uid() !== 0) missing.push(`root (running as uid ${Deno.uid()})`);
  for (const [tool, paths] of Object.entries(TOOL_CANDIDATES)) {
    if (await _firstExisting(paths) === undefined) {
      missing.push(`${tool} (looked for ${paths.join(", ")}; Debian: ${_package(tool)})`);
    }
  }
  return missing;
}

/**
 * The tools' absolute paths.
 *
 * @throws {InteropError} listing what is missing, as {@linkcode checkNetnsPrerequisites} does
 */
export async function findNetnsTools(): Promise<NetnsTools> {
  const found: Partial<NetnsTools> = {};
  const missing: string[] = [];
  for (const [tool, paths] of Object.entries(TOOL_CANDIDATES)) {
    const path = await _firstExisting(paths);
    if (path === undefined) missing.push(`${tool} (Debian: ${_package(tool)})`);
    else found[tool as ToolName] = path;
  }
  if (missing.length > 0) {
    throw new InteropError(`network namespaces: missing ${missing.join(", ")}`);
  }
  return found as NetnsTools;
}

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
  const netnsDirExisted = await _exists("/etc/netns");
  const children: Array<Deno.ChildProcess | undefined> = [];
  const ip = (...args: string[]) => _run(tools.ip, args);
  // Ctrl-C or a kill of this process must not leave namespaces behind: the signal stops the
  // nodes, and the run ends through the cleanup below.
  let interrupted: string | undefined;
  const onSignal = (signal: Deno.Signal) => () => {
    interrupted = signal;
    for (const child of children) if (child !== undefined) _kill(child);
  };
  const signalListeners = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const listener = onSignal(signal);
    Deno.addSignalListener(signal, listener);
    return [signal, listener] as const;
  });
  try {
    progress(`run ${tag}: ${nodeCount} namespaces on a bridge in ${switchNs}`);
    await ip("netns", "add", switchNs);
    created.push(switchNs);
    await ip("-n", switchNs, "link", "add", "br0", "type", "bridge");
    await ip("-n", switchNs, "link", "set", "br0", "up");
    const hosts = ["127.0.0.1 localhost"];
    for (let node = 0; node < nodeCount; node++) hosts.push(`${nodeAddress(node)} node${node}`);
    for (const [node, ns] of nodeNs.entries()) {
      await ip("netns", "add", ns);
      created.push(ns);
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
        `p${node}`,
        "netns",
        switchNs,
      );
      await ip("-n", switchNs, "link", "set", `p${node}`, "master", "br0", "up");
      await ip("-n", ns, "addr", "add", `${nodeAddress(node)}/24`, "dev", "eth0");
      await ip("-n", ns, "link", "set", "eth0", "up");
      await ip("-n", ns, "link", "set", "lo", "up");
      const dir = `/etc/netns/${ns}`;
      await Deno.mkdir(dir, { recursive: true });
      hostsDirs.push(dir);
      await Deno.writeTextFile(join(dir, "hosts"), `${hosts.join("\n")}\n`);
    }
    await Deno.mkdir(options.outDir, { recursive: true });
    const stdoutPaths = nodeNs.map((_, node) => join(options.outDir, `node${node}.stdout`));
    const stderrPaths = nodeNs.map((_, node) => join(options.outDir, `node${node}.stderr`));
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
          options.entryPath,
          options.paramsPath,
        ],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      children.push(child);
      copies.push(_copyTo(child.stdout, stdoutPaths[node]));
      copies.push(_copyTo(child.stderr, stderrPaths[node]));
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
        _kill(child!);
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
        _kill(child);
        await child.status.catch(() => {});
      }
    }
    for (const ns of created.reverse()) {
      await _run(tools.ip, ["netns", "del", ns]).catch((error) => {
        progress(`cleanup: ${String(error)}`);
      });
    }
    for (const dir of hostsDirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
    if (!netnsDirExisted) await Deno.remove("/etc/netns").catch(() => {});
    for (const [signal, listener] of signalListeners) Deno.removeSignalListener(signal, listener);
    progress(`run ${tag}: namespaces and hosts files removed`);
  }
}

/** The address of node `node`: 10.77.0.<node + 1>. */
export function nodeAddress(node: number): string {
  return `10.77.0.${node + 1}`;
}

/** The namespaces whose names start with `prefix` (to check that a run left none behind). */
export async function listNamespaces(ipPath: string, prefix: string): Promise<string[]> {
  const output = await new Deno.Command(ipPath, { args: ["netns", "list"], stdout: "piped" })
    .output();
  return new TextDecoder().decode(output.stdout).split("\n")
    .map((line) => line.split(" ")[0])
    .filter((name) => name !== "" && name.startsWith(prefix));
}

async function _run(command: string, args: string[]): Promise<void> {
  const output = await new Deno.Command(command, { args, stdout: "null", stderr: "piped" })
    .output();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new InteropError(`network namespaces: ${command} ${args.join(" ")}: ${stderr}`);
  }
}

async function _copyTo(stream: ReadableStream<Uint8Array>, path: string): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  await stream.pipeTo(file.writable);
}

function _kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch {
    // Already exited.
  }
}

async function _firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) if (await _exists(path)) return path;
  return undefined;
}

async function _exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function _package(tool: string): string {
  switch (tool) {
    case "ip":
      return "iproute2";
    case "unshare":
      return "util-linux";
    case "hostname":
      return "hostname";
    default:
      return "coreutils / dash";
  }
}
