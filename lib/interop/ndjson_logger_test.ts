// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createNdjsonLogger, formatRfc3339Micros } from "./ndjson_logger.ts";

Deno.test("formatRfc3339Micros writes UTC with six fraction digits and +00:00", () => {
  assertEquals(formatRfc3339Micros(0, 0), "1970-01-01T00:00:00.000000+00:00");
  // 2026-12-02T03:41:00Z plus 123.4567 ms: microseconds rounded.
  assertEquals(
    formatRfc3339Micros(Date.UTC(2026, 11, 2, 3, 41, 0) + 123.4567, 0),
    "2026-12-02T03:41:00.123457+00:00",
  );
});

Deno.test("formatRfc3339Micros shows local time with its offset, east and west", () => {
  const at = Date.UTC(2026, 11, 31, 23, 30, 59) + 0.001;
  assertEquals(formatRfc3339Micros(at, 60), "2027-01-01T00:30:59.000001+01:00");
  assertEquals(formatRfc3339Micros(at, 330), "2027-01-01T05:00:59.000001+05:30");
  assertEquals(formatRfc3339Micros(at, -480), "2026-12-31T15:30:59.000001-08:00");
});

Deno.test("formatRfc3339Micros carries a fraction that rounds up to a whole second", () => {
  assertEquals(formatRfc3339Micros(999.9999, 0), "1970-01-01T00:00:01.000000+00:00");
});

Deno.test("createNdjsonLogger writes one compact line: time, level, msg, then the fields", () => {
  const lines: string[] = [];
  const log = createNdjsonLogger({
    writeLine: (line) => lines.push(line),
    nowMs: () => 1500.25,
    utcOffsetMinutes: () => 0,
  });
  log.info("Received Message", { service: "gossipsub", from: "12D3KooWX", topic: "t", id: "31" });
  log.info("PeerID", { id: "12D3KooWX", node_id: 3 });
  assertEquals(lines, [
    '{"time":"1970-01-01T00:00:01.500250+00:00","level":"INFO","msg":"Received Message",' +
    '"service":"gossipsub","from":"12D3KooWX","topic":"t","id":"31"}',
    '{"time":"1970-01-01T00:00:01.500250+00:00","level":"INFO","msg":"PeerID",' +
    '"id":"12D3KooWX","node_id":3}',
  ]);
});

Deno.test("createNdjsonLogger writes an event at a time taken earlier from its clock", () => {
  const lines: string[] = [];
  let clock = 1000;
  const log = createNdjsonLogger({
    writeLine: (line) => lines.push(line),
    nowMs: () => clock,
    utcOffsetMinutes: () => 0,
  });
  const before = log.nowMs();
  clock += 250;
  log.info("Published Message", { id: "1" }, before);
  log.info("Received Message", { id: "1" });
  assertEquals(lines.map((line) => JSON.parse(line).time), [
    "1970-01-01T00:00:01.000000+00:00",
    "1970-01-01T00:00:01.250000+00:00",
  ]);
});
