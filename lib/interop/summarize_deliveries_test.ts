// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { parseNodeLog, parseRfc3339Ms, summarizeDeliveries } from "./summarize_deliveries.ts";

const T0 = Date.UTC(2026, 11, 2, 3, 0, 0);

function line(offsetMs: number, msg: string, fields: Record<string, unknown>): string {
  const time = new Date(T0 + Math.floor(offsetMs)).toISOString().replace("Z", "");
  const micros = String(Math.round((offsetMs % 1) * 1000)).padStart(3, "0");
  return JSON.stringify({ time: `${time}${micros}+00:00`, level: "INFO", msg, ...fields });
}

function log(nodeId: number, events: Array<[number, string, string?]>): string {
  const lines = [line(0, "PeerID", { id: `peer${nodeId}`, node_id: nodeId })];
  for (const [at, kind, from] of events) {
    lines.push(
      kind === "publish"
        ? line(at, "Published Message", { id: "7", topic: "t", size: 64, recipients: 2 })
        : line(at, "Received Message", { service: "gossipsub", from, topic: "t", id: kind }),
    );
  }
  return `${lines.join("\n")}\n`;
}

Deno.test("parseRfc3339Ms keeps microseconds and applies the offset", () => {
  assertEquals(parseRfc3339Ms("2026-12-02T03:00:00.000250+00:00", "x"), T0 + 0.25);
  assertEquals(parseRfc3339Ms("2026-12-02T04:00:01.5+01:00", "x"), T0 + 1500);
  assertEquals(parseRfc3339Ms("2026-12-02T03:00:00Z", "x"), T0);
  throws(() => parseRfc3339Ms("2026-12-02 03:00:00", "node1.stdout:4"), {
    name: "InteropError",
    message: "node1.stdout:4: time must be RFC 3339 with an offset, got 2026-12-02 03:00:00",
  });
});

Deno.test("parseNodeLog reads PeerID, receptions and publishes", () => {
  const parsed = parseNodeLog(log(2, [[10.5, "7", "peer0"], [12, "7", "peer1"]]), "n2");
  assertEquals(parsed.nodeId, 2);
  assertEquals(parsed.peerId, "peer2");
  assertEquals(parsed.receptions, [
    { id: "7", atMs: T0 + 10.5, from: "peer0", topic: "t" },
    { id: "7", atMs: T0 + 12, from: "peer1", topic: "t" },
  ]);
});

Deno.test("parseNodeLog refuses a line that is not NDJSON or a log without PeerID first", () => {
  throws(() => parseNodeLog(`${log(1, [])}Waiting to receive\n`, "node1.stdout"), {
    name: "InteropError",
    message: 'node1.stdout:2: not a JSON line: "Waiting to receive"',
  });
  throws(() => parseNodeLog(`${line(1, "Received Message", { id: "1" })}\n`, "n"), {
    name: "InteropError",
    message: "n:1: the first event must be PeerID with a node_id",
  });
});

Deno.test("summarizeDeliveries measures spread, reach and duplicates by hand-computed answers", () => {
  // Node 0 publishes 7 at 100 ms. Node 1 gets it at 103 and again at 109; node 2 at 108.5; node
  // 0 gets its own message back at 111 (a duplicate). Node 3 never gets it.
  const logs = [
    log(0, [[100, "publish"], [111, "7", "peer2"]]),
    log(1, [[103, "7", "peer0"], [109, "7", "peer2"]]),
    log(2, [[108.5, "7", "peer1"]]),
    log(3, []),
  ].map((text, node) => parseNodeLog(text, `node${node}`));
  const [message] = summarizeDeliveries(logs);
  assertEquals(message.id, "7");
  assertEquals(message.publisher, 0);
  assertEquals(message.reached, [1, 2]);
  assertEquals(message.missed, [3]);
  assertEquals(message.spreadMs, 8.5);
  assertEquals(message.latenciesMs, [3, 8.5]);
  assertEquals([...message.firstAtMs], [[1, T0 + 103], [2, T0 + 108.5]]);
  assertEquals([...message.duplicates], [[0, 1], [1, 1], [2, 0], [3, 0]]);
});

Deno.test("summarizeDeliveries also computes test-plans' figures, publisher included", () => {
  // The same run. test-plans counts first receptions at nodes 1 (103), 2 (108.5) and the
  // publisher 0 (111): disseminate 111 - 103 = 8, p50 the delivery at index 3 // 2 = 1, so
  // 108.5 - 103 = 5.5; one duplicate (node 1 at 109) over 4 nodes = 0.25; reach min(1, 3 / 3) = 1
  // although node 3 never got it (the publisher's copy counts as a delivery).
  const logs = [
    log(0, [[100, "publish"], [111, "7", "peer2"]]),
    log(1, [[103, "7", "peer0"], [109, "7", "peer2"]]),
    log(2, [[108.5, "7", "peer1"]]),
    log(3, []),
  ].map((text, node) => parseNodeLog(text, `node${node}`));
  const [message] = summarizeDeliveries(logs);
  assertEquals(message.testPlans, { disseminateMs: 8, p50Ms: 5.5, avgDuplicates: 0.25, reach: 1 });
});

Deno.test("summarizeDeliveries measures from the first reception without a publish event", () => {
  const logs = [log(0, [[50, "9", "p"]]), log(1, [[52, "9", "p"]])].map((t, n) =>
    parseNodeLog(t, `n${n}`)
  );
  const [message] = summarizeDeliveries(logs);
  assertEquals([message.publisher, message.spreadMs, message.reached], [undefined, 2, [0, 1]]);
  assertEquals(message.latenciesMs, [0, 2]);
});

Deno.test("summarizeDeliveries of logs without messages is empty", () => {
  assertEquals(summarizeDeliveries([parseNodeLog(log(0, []), "n0")]), []);
  assertEquals(summarizeDeliveries([]), []);
});
