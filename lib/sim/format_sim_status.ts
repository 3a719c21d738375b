/**
 * What the simulator prints: the status every few seconds and the summary at the end, as text
 * from plain numbers. Pure; the runner gathers the numbers.
 *
 * @module
 */
import { recentMessageCount, type World } from "./world.ts";

/** The world's counts, as the status and the gauges show them. */
export interface WorldStats {
  peers: number;
  readyPeers: number;
  topics: number;
  /** Mutual pairs. */
  friendships: number;
  peersWithTopics: number;
  /** Mean members per topic, joining ones included; 0 without topics. */
  peersPerTopic: number;
  /** Messages whose delivery is still being checked. */
  pending: number;
}

/** Counts of `world`. */
export function worldStats(world: World): WorldStats {
  let friends = 0;
  let withTopics = 0;
  let ready = 0;
  for (const peer of world.peers.values()) {
    friends += peer.friends.size;
    if (peer.topics.size > 0) withTopics++;
    if (peer.status === "ready") ready++;
  }
  let members = 0;
  for (const topic of world.topics.values()) members += topic.members.size;
  return {
    peers: world.peers.size,
    readyPeers: ready,
    topics: world.topics.size,
    friendships: friends / 2,
    peersWithTopics: withTopics,
    peersPerTopic: world.topics.size === 0 ? 0 : members / world.topics.size,
    pending: world.pending.size,
  };
}

/** One topic's line. */
export interface TopicLine {
  name: string;
  peers: number;
  /** Members whose join completed. */
  joined: number;
  /** Messages within the active window. */
  recentMessages: number;
  delivered: number;
  missed: number;
  /** The topic machine's leaf states, e.g. `["hasPeers.normal", "active", "fresh"]`. */
  states: readonly string[];
}

/** Lines of every topic of `world` at `atMs`; `states` comes from the topic machines. */
export function topicLines(
  world: World,
  atMs: number,
  statesOf: (topic: string) => readonly string[],
): TopicLine[] {
  return [...world.topics.values()].map((topic) => ({
    name: topic.name,
    peers: topic.members.size,
    joined:
      [...topic.members].filter((id) =>
        (world.peers.get(id)?.topics.get(topic.name) ?? null) !== null
      ).length,
    recentMessages: recentMessageCount(world, topic.name, atMs),
    delivered: topic.delivered,
    missed: topic.missed,
    states: statesOf(topic.name),
  }));
}

/** Heartbeat lag figures, in milliseconds. */
export interface LagSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** Heartbeats lost because the loop fell a whole period behind. */
  skipped: number;
}

/**
 * p50 / p99 / max of `lagsMs` (nearest rank); all 0 for no samples.
 *
 * @example
 * ```ts
 * summarizeLags([1, 2, 3, 4], 0); // { count: 4, p50: 2, p99: 4, max: 4, skipped: 0 }
 * ```
 */
export function summarizeLags(lagsMs: readonly number[], skipped: number): LagSummary {
  if (lagsMs.length === 0) return { count: 0, p50: 0, p99: 0, max: 0, skipped };
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  return {
    count: sorted.length,
    p50: rank(0.5),
    p99: rank(0.99),
    max: sorted.at(-1) as number,
    skipped,
  };
}

/** Everything one status print shows. */
export interface SimStatus {
  elapsedMs: number;
  world: WorldStats;
  connections: number;
  streams: number;
  delivered: number;
  missed: number;
  /** Delivered and missed per second since the previous print. */
  deliveredPerSecond: number;
  missedPerSecond: number;
  verifications: number;
  /** Heartbeat lag since the previous print. */
  lag: LagSummary;
  /** Heartbeats whose work threw, since the start. */
  failedHeartbeats: number;
  rssBytes: number;
  topics: readonly TopicLine[];
}

/** The status block: two lines of totals, then one line per topic. */
export function formatSimStatus(status: SimStatus): string {
  const { world } = status;
  const perPeer = world.peers === 0 ? 0 : status.connections / world.peers;
  const lines = [
    `[${formatClock(status.elapsedMs)}] peers ${world.peers} (ready ${world.readyPeers}) | ` +
    `topics ${world.topics} | connections ${status.connections} (${perPeer.toFixed(1)}/peer) | ` +
    `streams ${status.streams} | friendships ${world.friendships} | ` +
    `peers with topics ${world.peersWithTopics} | peers/topic ${world.peersPerTopic.toFixed(1)}`,
    `  msgs delivered ${status.delivered} (${status.deliveredPerSecond.toFixed(2)}/s) ` +
    `missed ${status.missed} (${
      status.missedPerSecond.toFixed(2)
    }/s) | checks ${status.verifications}` +
    `, pending ${world.pending} | heartbeat lag p50 ${_ms(status.lag.p50)} p99 ${
      _ms(status.lag.p99)
    } max ${_ms(status.lag.max)}, skipped ${status.lag.skipped}${
      status.failedHeartbeats > 0 ? `, failed ${status.failedHeartbeats}` : ""
    } | rss ${_mib(status.rssBytes)}`,
  ];
  const width = Math.max(0, ...status.topics.map((topic) => topic.name.length));
  for (const topic of status.topics) {
    lines.push(
      `  ${topic.name.padEnd(width)}  peers ${String(topic.peers).padStart(2)} ` +
        `(joined ${String(topic.joined).padStart(2)})  msgs/window ${
          String(topic.recentMessages).padStart(3)
        }  delivered ${topic.delivered} missed ${topic.missed}  ${topic.states.join(" ")}`,
    );
  }
  return lines.join("\n");
}

/** The end-of-run figures. */
export interface SimSummary {
  elapsedMs: number;
  /** Why the run ended. */
  reason: "duration" | "interrupted" | "failed";
  peersMax: number;
  topicsMax: number;
  peersAtEnd: number;
  topicsAtEnd: number;
  totals: World["totals"];
  /** Planned changes the sim machine refused (the world changed in between). */
  refused: number;
  heartbeats: number;
  /** Heartbeats whose work threw; each is printed, counted and journaled, and the run goes on. */
  failedHeartbeats: number;
  lag: LagSummary;
  rssStartBytes: number;
  rssEndBytes: number;
  rssMaxBytes: number;
  /** Machine errors counted by the metrics. */
  machineErrors: number;
  journalFile?: string;
  error?: string;
}

/** The summary block printed at the end. */
export function formatSimSummary(summary: SimSummary): string {
  const { totals } = summary;
  const expected = totals.delivered + totals.missed;
  const share = expected === 0 ? "n/a" : `${((100 * totals.delivered) / expected).toFixed(2)}%`;
  const lines = [
    `simulation ${summary.reason === "duration" ? "ended" : summary.reason} after ${
      formatClock(summary.elapsedMs)
    }${summary.error ? `: ${summary.error}` : ""}`,
    `  peers: max ${summary.peersMax}, at end ${summary.peersAtEnd}; added ${totals.peersAdded}, ` +
    `removed ${totals.peersRemoved}, failed ${totals.peersFailed}`,
    `  topics: max ${summary.topicsMax}, at end ${summary.topicsAtEnd}; added ${totals.topicsAdded}, ` +
    `removed ${totals.topicsRemoved}; joins ${totals.joins} (failed ${totals.joinFailures})`,
    `  friendships: added ${totals.friendshipsAdded}, dropped by gc ${totals.friendshipsDropped}`,
    `  messages: sent ${totals.messagesSent} (failed ${totals.sendFailures}), checks ${totals.verifications}` +
    ` (cancelled ${totals.cancelled}); delivered ${totals.delivered}, missed ${totals.missed} (${share} delivered)`,
    `  heartbeats: ${summary.heartbeats}, lag p50 ${_ms(summary.lag.p50)} p99 ${
      _ms(summary.lag.p99)
    } max ${
      _ms(summary.lag.max)
    }, skipped ${summary.lag.skipped}, failed ${summary.failedHeartbeats}; refused changes ${summary.refused}; machine errors ${summary.machineErrors}`,
    `  rss: start ${_mib(summary.rssStartBytes)}, end ${_mib(summary.rssEndBytes)}, max ${
      _mib(summary.rssMaxBytes)
    }`,
  ];
  if (summary.journalFile) lines.push(`  journal: ${summary.journalFile}`);
  return lines.join("\n");
}

/** `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function _ms(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

function _mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
