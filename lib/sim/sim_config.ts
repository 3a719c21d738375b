/**
 * The simulator's configuration: its shape, its defaults, and the names of the world's actions.
 *
 * @module
 */

/**
 * The world's random actions, in the order a heartbeat tries them (the Go project's order).
 * Each fires when its randomised interval has passed and its guard allows (see world_plan.ts).
 */
export const SIM_ACTIONS = [
  "addPeer",
  "removePeer",
  "addTopic",
  "removeTopic",
  "peakTopic",
  "addFriend",
  "gc",
  "joinRandomTopic",
  "joinFriendsTopic",
  "msgRandomTopic",
] as const;

/** One of {@linkcode SIM_ACTIONS}. */
export type SimActionName = typeof SIM_ACTIONS[number];

/** Where the simulator serves and pushes its Prometheus metrics. */
export interface SimMetricsConfig {
  /** Serve `/metrics` on 127.0.0.1 (env `SIM_METRICS`). @default true */
  enabled: boolean;
  /** Port of `/metrics` on 127.0.0.1; 0 picks a free one. @default 9464 */
  port: number;
  /** Pushgateway base URL, e.g. `http://127.0.0.1:9091`; empty: no push. @default "" */
  pushgateway: string;
  /** How often metrics are pushed when `pushgateway` is set. @default 5000 */
  pushIntervalMs: number;
}

/** The state-machine history journal (the Go project's `SIM_AM_DEBUG` / `PS_AM_DEBUG`). */
export interface SimJournalConfig {
  /** Record every transition of the sim, peer, topic and host machines. @default false */
  enabled: boolean;
  /** The NDJSON file written. @default "results/sim/traces/sim.journal.ndjson" */
  file: string;
  /** Transitions written at most; later ones are counted, not written. @default 200000 */
  maxRecords: number;
}

/** How peers reach each other. */
export interface SimNetworkConfig {
  /** Discovered peers a peer dials when it joins a topic. @default 5 */
  dialsPerJoin: number;
  /** Dials in flight at once in the whole simulator. @default 32 */
  dialConcurrency: number;
  /** Lifetime of a discovery record; peers re-advertise at 7/8 of it. @default 60000 */
  discoveryTtlMs: number;
}

/** A validated, fully defaulted simulator configuration. */
export interface SimConfig {
  /** How long the simulation runs (`SIM_DURATION`, `--duration`). @default 300000 (5m) */
  durationMs: number;
  /** Seed of every random choice (`SIM_SEED`, `--seed`). @default 1 */
  seed: number;
  /** Heartbeat period: actions are tried once a heartbeat. @default 1000 */
  heartbeatMs: number;
  /** How often the status is printed. @default 10000 */
  printIntervalMs: number;
  /** Peers at most (`SIM_MAX_PEERS`, `--max-peers`). @default 30 */
  maxPeers: number;
  /** `removePeer` only removes while there are more peers than this. @default 10 */
  minPeers: number;
  /** Peers created at the start. @default 10 */
  initialPeers: number;
  /** Topics at most (`SIM_MAX_TOPICS`). @default 20 */
  maxTopics: number;
  /** Topics created once the initial peers are ready. @default 10 */
  initialTopics: number;
  /** Peers a new topic starts with (fewer when fewer have room). @default 5 */
  initialPeersPerTopic: number;
  /** Topics one peer is in at most. @default 15 */
  maxTopicsPerPeer: number;
  /** Peers one topic has at most. @default 10 */
  maxPeersPerTopic: number;
  /** Friends one peer has at most. @default 10 */
  maxFriendsPerPeer: number;
  /** Peers `peakTopic` adds to a topic at most. @default 5 */
  peakTopicPeers: number;
  /** A topic with at least this many peers is `peaking`. @default 10 */
  topicPeakingMinPeers: number;
  /** A topic with a message this recent is `active`. @default 60000 */
  topicActiveWindowMs: number;
  /** Received message ids kept per peer after a `gc`. @default 100 */
  maxMessagesPerPeer: number;
  /** Time a message has to reach every peer of its topic after it is sent. @default 5000 */
  deliveryTimeoutMs: number;
  /** Mean interval of each action in seconds (the Go project's `D`); 0 never runs it. */
  actions: Record<SimActionName, number>;
  /** Each interval is the mean times a factor drawn uniformly from [min, max]. */
  actionSpread: { min: number; max: number };
  network: SimNetworkConfig;
  metrics: SimMetricsConfig;
  journal: SimJournalConfig;
  /** Where the config came from. */
  source: { file: string };
  /** Values lowered to fit one set later (a file's `initialPeers: 10` under `--max-peers 5`). */
  notes: readonly string[];
}

/** The defaults (the Go project's values, made consistent: it had 50 initial peers for 30 max). */
export const DEFAULT_SIM_CONFIG: Readonly<Omit<SimConfig, "source" | "notes">> = Object.freeze({
  durationMs: 300_000,
  seed: 1,
  heartbeatMs: 1_000,
  printIntervalMs: 10_000,
  maxPeers: 30,
  minPeers: 10,
  initialPeers: 10,
  maxTopics: 20,
  initialTopics: 10,
  initialPeersPerTopic: 5,
  maxTopicsPerPeer: 15,
  maxPeersPerTopic: 10,
  maxFriendsPerPeer: 10,
  peakTopicPeers: 5,
  topicPeakingMinPeers: 10,
  topicActiveWindowMs: 60_000,
  maxMessagesPerPeer: 100,
  deliveryTimeoutMs: 5_000,
  actions: Object.freeze({
    addPeer: 3,
    removePeer: 50,
    addTopic: 3,
    removeTopic: 80,
    peakTopic: 10,
    addFriend: 2,
    gc: 100,
    joinRandomTopic: 2,
    joinFriendsTopic: 4,
    msgRandomTopic: 3,
  }),
  actionSpread: Object.freeze({ min: 0.75, max: 1.25 }),
  network: Object.freeze({ dialsPerJoin: 5, dialConcurrency: 32, discoveryTtlMs: 60_000 }),
  metrics: Object.freeze({ enabled: true, port: 9464, pushgateway: "", pushIntervalMs: 5_000 }),
  journal: Object.freeze({
    enabled: false,
    file: "results/sim/traces/sim.journal.ndjson",
    maxRecords: 200_000,
  }),
});

const _UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * A duration as Go writes it (`300ms`, `30s`, `5m`, `1h30m`, `1.5h`) in milliseconds, or a bare
 * number of seconds; `undefined` when it is neither.
 *
 * @example
 * ```ts
 * parseDurationMs("1m30s"); // 90000
 * parseDurationMs(2); // 2000
 * ```
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1_000) : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1_000);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * _UNIT_MS[unit];
  }
  return Math.round(total);
}

/** `90000` → `1m30s`, `1500` → `1.5s`, `250` → `250ms`: the shortest Go-style text. */
export function formatDurationMs(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1_000;
  return `${hours > 0 ? `${hours}h` : ""}${minutes > 0 ? `${minutes}m` : ""}${
    seconds > 0 || ms === 0 ? `${Number(seconds.toFixed(3))}s` : ""
  }`;
}
