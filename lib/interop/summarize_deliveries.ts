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
  /** When the publish call started (the `Published Message` event's time). */
  publishedAtMs: number | undefined;
  /** Nodes other than the publisher that received it at least once, in node-id order. */
  reached: number[];
  /** Nodes other than the publisher that never received it. */
  missed: number[];
  /** First reception at each node that got it, by node id (the publisher excluded). */
  firstAtMs: Map<number, number>;
  /**
   * From the publish call (or the first reception, without a publish event) to each node's first
   * reception, for the nodes in `reached`, ascending.
   */
  latenciesMs: number[];
  /** The last of `latenciesMs`: when every node that got it had it; `undefined` if none did. */
  spreadMs: number | undefined;
  /** Receptions after a node already had the message, by node id; the publisher's all count. */
  duplicates: Map<number, number>;
  /** The same message as test-plans' `analyze_message_deliveries.py` measures it. */
  testPlans: TestPlansMessageFigures;
}

/**
 * A message's row in test-plans' `analysis.txt`, computed as `analyze_message_deliveries.py`
 * computes it (test-plans HEAD of 2026-07-15): a node's first `Received Message` is a delivery,
 * the publisher's too when a copy comes back to it; times count from the first delivery anywhere,
 * not from the publish.
 */
export interface TestPlansMessageFigures {
  /** "Time to Disseminate": last delivery minus first delivery. */
  disseminateMs: number;
  /** "p50 to Disseminate": the delivery at index floor(n / 2) minus the first. */
  p50Ms: number;
  /** "Avg Duplicate Count": receptions after each node's first, summed, divided by all nodes. */
  avgDuplicates: number;
  /** "Reached percent": deliveries / (nodes - 1), at most 1. */
  reach: number;
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
 * their first event (a publish or a reception); nodes are those with a log.
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
    // test-plans: every node's first reception is a delivery, the publisher's included.
    const deliveriesMs: number[] = [];
    let testPlansDuplicates = 0;
    for (const log of logs) {
      const times = log.receptions.filter((entry) => entry.id === id).map((entry) => entry.atMs);
      if (times.length > 0) {
        deliveriesMs.push(Math.min(...times));
        testPlansDuplicates += times.length - 1;
      }
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
    const latenciesMs = [...firstAtMs.values()].map((atMs) => atMs - start).sort((a, b) => a - b);
    deliveriesMs.sort((a, b) => a - b);
    const first = deliveriesMs[0];
    const testPlans: TestPlansMessageFigures = {
      disseminateMs: deliveriesMs.length === 0 ? 0 : deliveriesMs.at(-1)! - first,
      p50Ms: deliveriesMs.length === 0
        ? 0
        : deliveriesMs[Math.floor(deliveriesMs.length / 2)] - first,
      avgDuplicates: nodeIds.length === 0 ? 0 : testPlansDuplicates / nodeIds.length,
      reach: nodeIds.length < 2 ? 0 : Math.min(1, deliveriesMs.length / (nodeIds.length - 1)),
    };
    return {
      id,
      publisher,
      publishedAtMs,
      reached,
      missed,
      firstAtMs,
      latenciesMs,
      spreadMs: latenciesMs.at(-1),
      duplicates,
      testPlans,
    };
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
