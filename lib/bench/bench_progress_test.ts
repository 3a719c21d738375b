import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { formatReached, formatRunProgress } from "./bench_progress.ts";
import type { RunReached } from "./run_result.ts";

const AT: RunReached = {
  phase: "subscribe",
  phasesCompleted: ["init"],
  hostsJoined: 512,
  hosts: 1000,
  deliveries: 0,
  deliveriesExpected: 101_000,
};

Deno.test("formatRunProgress says the phase and its count", () => {
  assertEquals(formatRunProgress({ ...AT, phase: "init" }), "init: starting 1000 hosts");
  assertEquals(formatRunProgress(AT), "subscribe: 512/1000 joined");
  assertEquals(
    formatRunProgress({ ...AT, phase: "firstMessage" }),
    "first message: bootstrapping host 0",
  );
  assertEquals(
    formatRunProgress({ ...AT, phase: "randomMessages", deliveries: 45_210 }),
    "messages: 45.2k/101.0k delivered",
  );
  assertEquals(
    formatRunProgress({ ...AT, phase: "randomMessages", deliveries: 30, deliveriesExpected: 60 }),
    "messages: 30/60 delivered",
  );
  assertEquals(formatRunProgress({ ...AT, phase: "stop" }), "stop");
});

Deno.test("formatReached names the phase, the completed ones, hosts and deliveries", () => {
  assertEquals(
    formatReached(AT),
    "in subscribe (completed init; 512/1000 hosts joined, 0/101000 deliveries)",
  );
  assertEquals(
    formatReached({ ...AT, phase: "init", phasesCompleted: [], hostsJoined: 0 }),
    "in init (no phase completed; 0/1000 hosts joined, 0/101000 deliveries)",
  );
});
