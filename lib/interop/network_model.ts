/**
 * The network model of a local interop run: where each node is (a location, with a one-way
 * latency to every other location) and what link it has (a node class, with upload and download
 * bandwidth). The default is libp2p/test-plans' `network_graph.py`, the model its Shadow runs
 * use; a YAML or JSON file can give another. Nodes get their location and class by weighted
 * draws from a seed, as `network_graph.py` draws them (with another random generator, so the
 * same seed gives another assignment than Python's).
 *
 * @module
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import YAML from "yaml";
import { z } from "zod";
import { interopErrorFromZod } from "./_zod_issue.ts";
import { InteropError } from "./interop_error.ts";

/** A place nodes are drawn into, `weight` in proportion. */
export interface NetworkLocation {
  name: string;
  weight: number;
}

/** A kind of node link, drawn `weight` in proportion. */
export interface NodeClass {
  name: string;
  uploadMbit: number;
  downloadMbit: number;
  weight: number;
}

/** A network model. */
export interface NetworkModel {
  locations: NetworkLocation[];
  /** `latencyMs[from][to]`: one-way latency of a packet from a node in `from` to one in `to`. */
  latencyMs: Record<string, Record<string, number>>;
  nodeClasses: NodeClass[];
  /**
   * Fixed places for some nodes, by node id (the others are drawn); each names a location, a
   * class or both.
   */
  nodes?: Record<string, { location?: string; nodeClass?: string }>;
}

/** Where one node is and what link it has. */
export interface NodeNetwork {
  location: string;
  nodeClass: string;
  uploadMbit: number;
  downloadMbit: number;
}

const TEST_PLANS_LATENCIES: ReadonlyArray<readonly [string, string, number]> = [
  ["australia", "australia", 2],
  ["australia", "east_asia", 110],
  ["australia", "europe", 165],
  ["australia", "na_west", 110],
  ["australia", "na_east", 150],
  ["australia", "south_america", 190],
  ["australia", "south_africa", 220],
  ["australia", "west_asia", 180],
  ["east_asia", "east_asia", 4],
  ["east_asia", "europe", 125],
  ["east_asia", "na_west", 100],
  ["east_asia", "na_east", 140],
  ["east_asia", "south_america", 175],
  ["east_asia", "south_africa", 175],
  ["east_asia", "west_asia", 110],
  ["europe", "europe", 2],
  ["europe", "na_west", 110],
  ["europe", "na_east", 70],
  ["europe", "south_america", 140],
  ["europe", "south_africa", 95],
  ["europe", "west_asia", 60],
  ["na_west", "na_west", 2],
  ["na_west", "na_east", 60],
  ["na_west", "south_america", 100],
  ["na_west", "south_africa", 160],
  ["na_west", "west_asia", 150],
  ["na_east", "na_east", 2],
  ["na_east", "south_america", 100],
  ["na_east", "south_africa", 130],
  ["na_east", "west_asia", 110],
  ["south_america", "south_america", 7],
  // network_graph.py has 195 ms from south_america to south_africa and 190 ms back; kept as is.
  ["south_america", "west_asia", 145],
  ["south_africa", "south_africa", 7],
  ["south_africa", "west_asia", 110],
  ["west_asia", "west_asia", 5],
];

function _testPlansLatencies(): Record<string, Record<string, number>> {
  const matrix: Record<string, Record<string, number>> = {};
  const set = (from: string, to: string, ms: number) => {
    matrix[from] ??= {};
    matrix[from][to] = ms;
  };
  for (const [from, to, ms] of TEST_PLANS_LATENCIES) {
    set(from, to, ms);
    set(to, from, ms);
  }
  set("south_america", "south_africa", 195);
  set("south_africa", "south_america", 190);
  return matrix;
}

/**
 * libp2p/test-plans' `gossipsub-interop/network_graph.py` (test-plans HEAD of 2026-07-15): eight
 * locations weighted by where Ethereum nodes are, its latency table, and two node classes:
 * supernodes (1024 Mbit/s both ways, weight 20) and full nodes (50 Mbit/s, weight 80).
 */
export const TEST_PLANS_NETWORK_MODEL: Readonly<NetworkModel> = Object.freeze({
  locations: [
    { name: "australia", weight: 290 },
    { name: "europe", weight: 5599 },
    { name: "east_asia", weight: 1059 },
    { name: "west_asia", weight: 161 },
    { name: "na_east", weight: 2894 },
    { name: "na_west", weight: 1240 },
    { name: "south_africa", weight: 47 },
    { name: "south_america", weight: 36 },
  ],
  latencyMs: _testPlansLatencies(),
  nodeClasses: [
    { name: "supernode", uploadMbit: 1024, downloadMbit: 1024, weight: 20 },
    { name: "fullnode", uploadMbit: 50, downloadMbit: 50, weight: 80 },
  ],
});

const NAME_RULE = "must be a name of letters, digits, '_' and '-'";
const NAME = z.string({ error: NAME_RULE }).regex(/^[A-Za-z0-9_-]+$/, { error: NAME_RULE });
const WEIGHT = z.number({ error: "must be a number > 0" }).gt(0, { error: "must be a number > 0" });
const MBIT = z.number({ error: "must be a number of Mbit/s > 0" }).gt(0, {
  error: "must be a number of Mbit/s > 0",
});
const LATENCY = z.number({ error: "must be a number of milliseconds in [0, 10000]" }).min(0, {
  error: "must be a number of milliseconds in [0, 10000]",
}).max(10_000, { error: "must be a number of milliseconds in [0, 10000]" });

const MODEL_SCHEMA = z.strictObject({
  locations: z.array(z.strictObject({ name: NAME, weight: WEIGHT }), {
    error: "must be a list of {name, weight}",
  }).min(1, { error: "must name at least one location" }),
  latencyMs: z.record(NAME, z.record(NAME, LATENCY), {
    error: "must map each location to {location: milliseconds}",
  }),
  nodeClasses: z.array(
    z.strictObject({ name: NAME, uploadMbit: MBIT, downloadMbit: MBIT, weight: WEIGHT }),
    { error: "must be a list of {name, uploadMbit, downloadMbit, weight}" },
  ).min(1, { error: "must name at least one node class" }),
  nodes: z.record(
    z.string().regex(/^\d+$/, { error: "must be a node id" }),
    z.strictObject({ location: NAME.optional(), nodeClass: NAME.optional() }),
  ).optional(),
}, { error: "must be a mapping with locations, latencyMs and nodeClasses" });

/**
 * Parses and checks a network model file (YAML, or JSON which is YAML too): the schema, unique
 * names, a latency for every ordered pair of locations, and fixed nodes that name known ones.
 *
 * @param source names the file in error messages
 * @throws {InteropError} with one line naming the file and the key
 */
export function parseNetworkModel(text: string, source: string): NetworkModel {
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    throw new InteropError(`${source}: not valid YAML or JSON: ${reason}`, {
      cause: error,
    });
  }
  const result = MODEL_SCHEMA.safeParse(value);
  if (!result.success) {
    throw interopErrorFromZod(
      result.error,
      value,
      (path) => path === "" ? source : `${source}: ${path}`,
    );
  }
  const model = result.data as NetworkModel;
  _checkModel(model, source);
  return model;
}

function _checkModel(model: NetworkModel, source: string): void {
  const fail = (text: string): never => {
    throw new InteropError(`${source}: ${text}`);
  };
  const locations = model.locations.map((location) => location.name);
  const classes = model.nodeClasses.map((nodeClass) => nodeClass.name);
  for (const [key, names] of [["locations", locations], ["nodeClasses", classes]] as const) {
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) fail(`${key}: the name ${JSON.stringify(twice)} is used twice`);
  }
  for (const from of locations) {
    for (const to of locations) {
      if (model.latencyMs[from]?.[to] === undefined) {
        fail(`latencyMs.${from}.${to}: missing (every ordered pair of locations needs a latency)`);
      }
    }
  }
  for (const [from, row] of Object.entries(model.latencyMs)) {
    if (!locations.includes(from)) fail(`latencyMs.${from}: not one of the locations`);
    for (const to of Object.keys(row)) {
      if (!locations.includes(to)) fail(`latencyMs.${from}.${to}: not one of the locations`);
    }
  }
  for (const [node, fixed] of Object.entries(model.nodes ?? {})) {
    if (fixed.location !== undefined && !locations.includes(fixed.location)) {
      fail(`nodes.${node}.location: must be one of ${locations.join(", ")}, got ${fixed.location}`);
    }
    if (fixed.nodeClass !== undefined && !classes.includes(fixed.nodeClass)) {
      fail(`nodes.${node}.nodeClass: must be one of ${classes.join(", ")}, got ${fixed.nodeClass}`);
    }
  }
}

/**
 * Gives each of `nodeCount` nodes a location and a class: fixed ones from `model.nodes`, the rest
 * drawn by weight from `seed` (a location, then a class, node by node, as `network_graph.py`).
 *
 * @example
 * ```ts
 * import { assignNetwork, TEST_PLANS_NETWORK_MODEL } from "./network_model.ts";
 *
 * const nodes = assignNetwork(TEST_PLANS_NETWORK_MODEL, 4, 1);
 * console.assert(nodes.length === 4 && nodes[0].uploadMbit > 0);
 * ```
 */
export function assignNetwork(
  model: Readonly<NetworkModel>,
  nodeCount: number,
  seed: number,
): NodeNetwork[] {
  const rng = xoroshiro128plus(seed | 0);
  const draw = <T extends { weight: number }>(items: readonly T[]): T => {
    // Weights may be fractions: draw on a grid of a million steps of the total.
    const total = items.reduce((sum, item) => sum + item.weight, 0);
    let point = (uniformInt(rng, 0, 999_999) + 0.5) / 1_000_000 * total;
    for (const item of items) {
      point -= item.weight;
      if (point < 0) return item;
    }
    return items[items.length - 1];
  };
  return Array.from({ length: nodeCount }, (_, node) => {
    // Both draws happen for every node, so fixing one node does not move the others.
    const drawnLocation = draw(model.locations).name;
    const drawnClass = draw(model.nodeClasses);
    const fixed = model.nodes?.[String(node)];
    const nodeClass = fixed?.nodeClass === undefined
      ? drawnClass
      : model.nodeClasses.find((entry) => entry.name === fixed.nodeClass)!;
    return {
      location: fixed?.location ?? drawnLocation,
      nodeClass: nodeClass.name,
      uploadMbit: nodeClass.uploadMbit,
      downloadMbit: nodeClass.downloadMbit,
    };
  });
}

/** One-way latencies between nodes: `result[from][to]` in milliseconds (0 on the diagonal). */
export function nodeLatencyMatrix(
  model: Readonly<NetworkModel>,
  nodes: readonly NodeNetwork[],
): number[][] {
  return nodes.map((from, i) =>
    nodes.map((to, j) => i === j ? 0 : model.latencyMs[from.location][to.location])
  );
}
