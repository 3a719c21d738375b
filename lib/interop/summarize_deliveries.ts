/**
 * Reads the nodes' stdout (the NDJSON the experiment's analysis reads) and measures each message:
 * which nodes got it, when the last of them first had it, and how many duplicates each node got.
 *
 * @module
 */
import { InteropError } from "./interop_error.ts";

/** One node's stdout, parsed. */
export interface NodeLog {
  /** From its `PeerID` event. */
  nodeId: number;
  peerId: string;
  /** Every `Received Message` event, in order (duplicates included). */
  receptions: Array<{ id: string; atMs: number; from: string; topic: string }>;
  /** Every `Published Message` event. */
  publishes: Array<{ id: string; atMs: number }>;
}

/** One message across all nodes. */
export interface MessageDeliveries {
  id: string;
  /** The node that logged publishing it, if one did. */
  publisher: number | undefined;
  publishedAtMs: number | undefined;
  /** Nodes other than the publisher that received it at least once, in node-id order. */
  reached: number[];
  /** Nodes other than the publisher that never received it. */
  missed: number[];
  /** First reception at each node that got it, by node id (the publisher excluded). */
  firstAtMs: Map<number, number>;
  /**
   * From the publish (or the first reception, without a publish event) to the moment the last
   * node that got it first had it; `undefined` when no node got it.
   */
  spreadMs: number | undefined;
  /** Receptions after a node already had the message, by node id; the publisher's all count. */
  duplicates: Map<number, number>;
}

/**
 * Parses one node's stdout. Every line must be a JSON object with `time` and `msg`, and the
 * first must be `PeerID` (the experiment's contract).
 *
 * @param source names the log in error messages
 * @throws {InteropError} naming the line that breaks the contract
 */
export function parseNodeLog(text: string, source: string): NodeLog {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  let nodeId: number | undefined;
  let peerId = "";
  const receptions: NodeLog["receptions"] = [];
  const publishes: NodeLog["publishes"] = [];
  lines.forEach((line, index) => {
    const where = `${source}:${index + 1}`;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line);
    } catch {
      throw new InteropError(`${where}: not a JSON line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    if (typeof event !== "object" || event === null || typeof event.msg !== "string") {
      throw new InteropError(`${where}: an event needs a string "msg"`);
    }
    if (typeof event.time !== "string") throw new InteropError(`${where}: no "time"`);
    const atMs = parseRfc3339Ms(event.time, where);
    if (index === 0) {
      if (event.msg !== "PeerID" || typeof event.node_id !== "number") {
        throw new InteropError(`${where}: the first event must be PeerID with a node_id`);
      }
      nodeId = event.node_id;
      peerId = String(event.id);
    } else if (event.msg === "Received Message") {
      receptions.push({
        id: String(event.id),
        atMs,
        from: String(event.from),
        topic: String(event.topic),
      });
    } else if (event.msg === "Published Message") {
      publishes.push({ id: String(event.id), atMs });
    }
  });
  if (nodeId === undefined) throw new InteropError(`${source}: empty, no PeerID event`);
  return { nodeId, peerId, receptions, publishes };
}

/**
 * Measures every message that any node published or received. Messages come out in order of
 * their first event; nodes are those with a log.
 */
export function summarizeDeliveries(logs: readonly NodeLog[]): MessageDeliveries[] {
  const ids: string[] = [];
  const firstSeen = new Map<string, number>();
  const note = (id: string, atMs: number): void => {
    const seen = firstSeen.get(id);
    if (seen === undefined) ids.push(id);
    if (seen === undefined || atMs < seen) firstSeen.set(id, atMs);
  };
  for (const log of logs) {
    for (const { id, atMs } of [...log.publishes, ...log.receptions]) note(id, atMs);
  }
  ids.sort((a, b) => firstSeen.get(a)! - firstSeen.get(b)!);
  const nodeIds = logs.map((log) => log.nodeId).sort((a, b) => a - b);
  return ids.map((id) => {
    let publisher: number | undefined;
    let publishedAtMs: number | undefined;
    for (const log of logs) {
      const publish = log.publishes.find((entry) => entry.id === id);
      if (publish !== undefined) {
        publisher = log.nodeId;
        publishedAtMs = publish.atMs;
      }
    }
    const firstAtMs = new Map<number, number>();
    const duplicates = new Map<number, number>();
    for (const log of logs) {
      const times = log.receptions.filter((entry) => entry.id === id).map((entry) => entry.atMs);
      if (log.nodeId === publisher) {
        duplicates.set(log.nodeId, times.length);
        continue;
      }
      duplicates.set(log.nodeId, Math.max(0, times.length - 1));
      if (times.length > 0) firstAtMs.set(log.nodeId, Math.min(...times));
    }
    const others = nodeIds.filter((node) => node !== publisher);
    const reached = others.filter((node) => firstAtMs.has(node));
    const missed = others.filter((node) => !firstAtMs.has(node));
    const start = publishedAtMs ?? firstSeen.get(id)!;
    const spreadMs = firstAtMs.size === 0 ? undefined : Math.max(...firstAtMs.values()) - start;
    return { id, publisher, publishedAtMs, reached, missed, firstAtMs, spreadMs, duplicates };
  });
}

/**
 * Milliseconds since the epoch of an RFC 3339 time, keeping its microseconds (`Date.parse` keeps
 * only milliseconds).
 *
 * @throws {InteropError} naming `where` if `text` is not RFC 3339 with an offset or `Z`
 */
export function parseRfc3339Ms(text: string, where: string): number {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  const whole = match === null ? Number.NaN : Date.parse(`${match[1]}${match[3]}`);
  if (match === null || Number.isNaN(whole)) {
    throw new InteropError(`${where}: time must be RFC 3339 with an offset, got ${text}`);
  }
  const fraction = match[2] === undefined ? 0 : Number(`0.${match[2]}`) * 1000;
  return whole + fraction;
}
