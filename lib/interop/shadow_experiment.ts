/**
 * Reads the experiment test-plans' `run.py` generates for Shadow (`shadow.yaml`: each host's
 * binary, arguments and network node; `graph.gml`: each network node's bandwidth and the latency
 * of every ordered pair), so that `node:netns --from-test-plans` can play the same experiment
 * in network namespaces: the same params.json, the same binary on each node, the same links.
 *
 * @module
 */
import YAML from "yaml";
import { InteropError } from "./interop_error.ts";
import type { NetnsNetwork } from "./netns_experiment.ts";

/** One host of shadow.yaml. */
export interface ShadowHost {
  node: number;
  /** The process's binary, as written (relative to the gossipsub-interop folder). */
  path: string;
  /** Its arguments, e.g. `--params /abs/params.json`. */
  args: string;
  networkNodeId: number;
}

/** A network node of graph.gml. */
export interface GmlNetworkNode {
  id: number;
  /** `network_graph.py` names them `<location>-<node class>`. */
  label: string;
  uploadMbit: number;
  downloadMbit: number;
}

/** The parts of graph.gml a run needs. */
export interface ShadowGraph {
  nodes: Map<number, GmlNetworkNode>;
  /** One-way latency of the edge from `source` to `target`, keyed `source>target`. */
  latencyMs: Map<string, number>;
}

/**
 * The hosts of a shadow.yaml, by node id; they must be node0 to node(N-1), one process each.
 *
 * @throws {InteropError} naming the file and the host
 */
export function parseShadowHosts(text: string, source: string): ShadowHost[] {
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    throw new InteropError(`${source}: not valid YAML: ${reason}`);
  }
  const hosts = (value as { hosts?: unknown } | null)?.hosts;
  if (typeof hosts !== "object" || hosts === null) {
    throw new InteropError(`${source}: hosts: must be a mapping of node<N> to a host`);
  }
  const result: ShadowHost[] = [];
  for (const [name, host] of Object.entries(hosts)) {
    const node = /^node(\d+)$/.exec(name)?.[1];
    const where = `${source}: hosts.${name}`;
    if (node === undefined) throw new InteropError(`${where}: the name must be node<N>`);
    const { network_node_id: networkNodeId, processes } = host as {
      network_node_id?: unknown;
      processes?: unknown;
    };
    if (!Number.isSafeInteger(networkNodeId)) {
      throw new InteropError(`${where}.network_node_id: must be an integer`);
    }
    if (!Array.isArray(processes) || processes.length !== 1) {
      throw new InteropError(`${where}.processes: must list exactly one process`);
    }
    const { path, args } = processes[0] as { path?: unknown; args?: unknown };
    if (typeof path !== "string" || path === "") {
      throw new InteropError(`${where}.processes[0].path: must be a path`);
    }
    result.push({
      node: Number(node),
      path,
      args: typeof args === "string" ? args : "",
      networkNodeId: networkNodeId as number,
    });
  }
  result.sort((a, b) => a.node - b.node);
  result.forEach((host, index) => {
    if (host.node !== index) {
      throw new InteropError(
        `${source}: hosts: expected node0 to node${result.length - 1}, node${index} is missing`,
      );
    }
  });
  return result;
}

/**
 * The network nodes and edge latencies of a graph.gml as networkx writes it for Shadow
 * (`host_bandwidth_up "50 Mbit"`, `latency "70 ms"`).
 *
 * @throws {InteropError} naming the file and what does not fit
 */
export function parseShadowGml(text: string, source: string): ShadowGraph {
  const root = _parseGmlBlock(_gmlTokens(text, source), source);
  const graph = root.find(([key]) => key === "graph")?.[1];
  if (!Array.isArray(graph)) throw new InteropError(`${source}: no graph [ ... ] block`);
  const nodes = new Map<number, GmlNetworkNode>();
  const latencyMs = new Map<string, number>();
  for (const [key, block] of graph) {
    if (!Array.isArray(block)) continue;
    const field = (name: string) => block.find(([k]) => k === name)?.[1];
    if (key === "node") {
      const id = Number(field("id"));
      nodes.set(id, {
        id,
        label: String(field("label")),
        uploadMbit: _mbit(field("host_bandwidth_up"), `${source}: node ${id}`),
        downloadMbit: _mbit(field("host_bandwidth_down"), `${source}: node ${id}`),
      });
    } else if (key === "edge") {
      const edge = `${field("source")}>${field("target")}`;
      latencyMs.set(edge, _ms(field("latency"), `${source}: edge ${edge}`));
    }
  }
  return { nodes, latencyMs };
}

/**
 * The links of a run that plays `hosts` on `graph`: each node's bandwidth from its network node,
 * each pair's latency from the edge between their network nodes (as Shadow takes it: the direct
 * edge of a complete graph).
 *
 * @throws {InteropError} when a host's network node or a pair's edge is missing
 */
export function networkFromShadow(hosts: readonly ShadowHost[], graph: ShadowGraph): NetnsNetwork {
  const nodes = hosts.map((host) => {
    const networkNode = graph.nodes.get(host.networkNodeId);
    if (networkNode === undefined) {
      throw new InteropError(
        `graph.gml: no node ${host.networkNodeId} (network node of node${host.node})`,
      );
    }
    const cut = networkNode.label.lastIndexOf("-");
    return {
      location: cut < 0 ? networkNode.label : networkNode.label.slice(0, cut),
      nodeClass: cut < 0 ? networkNode.label : networkNode.label.slice(cut + 1),
      uploadMbit: networkNode.uploadMbit,
      downloadMbit: networkNode.downloadMbit,
    };
  });
  const latencyMs = hosts.map((from) =>
    hosts.map((to) => {
      if (from.node === to.node) return 0;
      const edge = `${from.networkNodeId}>${to.networkNodeId}`;
      const ms = graph.latencyMs.get(edge);
      if (ms === undefined) throw new InteropError(`graph.gml: no edge ${edge}`);
      return ms;
    })
  );
  return { nodes, latencyMs };
}

type GmlValue = string | number | GmlBlock;
type GmlBlock = Array<[string, GmlValue]>;

function _gmlTokens(text: string, source: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*("([^"]*)"|\[|\]|[^\s\[\]"]+)/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) throw new InteropError(`${source}: cannot read GML at offset ${at}`);
    tokens.push(match[1]);
    at = pattern.lastIndex;
  }
  return tokens;
}

function _parseGmlBlock(tokens: string[], source: string): GmlBlock {
  let index = 0;
  const block = (): GmlBlock => {
    const entries: GmlBlock = [];
    while (index < tokens.length && tokens[index] !== "]") {
      const key = tokens[index++];
      const value = tokens[index++];
      if (value === undefined) throw new InteropError(`${source}: ${key} has no value`);
      if (value === "[") {
        entries.push([key, block()]);
        if (tokens[index++] !== "]") throw new InteropError(`${source}: ${key} [ is not closed`);
      } else {
        entries.push([key, value.startsWith('"') ? value.slice(1, -1) : Number(value)]);
      }
    }
    return entries;
  };
  return block();
}

function _mbit(value: GmlValue | undefined, where: string): number {
  const match = /^([\d.]+)\s*(Kbit|Mbit|Gbit)$/.exec(String(value));
  if (match === null) {
    throw new InteropError(`${where}: bandwidth must be "<n> Kbit|Mbit|Gbit", got ${value}`);
  }
  const scale = { Kbit: 0.001, Mbit: 1, Gbit: 1000 }[match[2] as "Kbit" | "Mbit" | "Gbit"];
  return Number(match[1]) * scale;
}

function _ms(value: GmlValue | undefined, where: string): number {
  const match = /^([\d.]+)\s*(us|ms|s)$/.exec(String(value));
  if (match === null) {
    throw new InteropError(`${where}: latency must be "<n> us|ms|s", got ${value}`);
  }
  const scale = { us: 0.001, ms: 1, s: 1000 }[match[2] as "us" | "ms" | "s"];
  return Number(match[1]) * scale;
}
