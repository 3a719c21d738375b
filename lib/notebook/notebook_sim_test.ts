// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { ConfigError } from "../config/mod.ts";
import type { SimStatus, SimSummary } from "../sim/mod.ts";
import {
  createSimRecorder,
  simCharts,
  simConfigFromParameters,
  simSample,
  simSummaryMarkdown,
} from "./notebook_sim.ts";

const SIM_YML = new URL("../../sim.yml", import.meta.url).pathname;
const PARAMETERS = {
  duration: "20s",
  maxPeers: 8,
  maxTopics: 4,
  seed: 3,
  statusInterval: "2s",
};

function status(elapsedMs: number, peers: number, delivered: number): SimStatus {
  return {
    elapsedMs,
    world: {
      peers,
      readyPeers: peers,
      topics: 2,
      friendships: 1,
      peersWithTopics: peers,
      peersPerTopic: 1.5,
      pending: 0,
    },
    connections: 6,
    streams: 4,
    delivered,
    missed: 1,
    deliveredPerSecond: 0,
    missedPerSecond: 0,
    verifications: 2,
    lag: { count: 2, p50: 0.5, p99: 3, max: 3, skipped: 0 },
    failedHeartbeats: 0,
    rssBytes: 3 * 2 ** 20,
    topics: [{
      name: "t-a",
      peers: 2,
      joined: 2,
      recentMessages: 0,
      delivered: 0,
      missed: 0,
      states: [],
    }],
  };
}

Deno.test("simConfigFromParameters overrides sim.yml with the parameters and turns /metrics off", async () => {
  const config = await simConfigFromParameters(PARAMETERS, { file: SIM_YML });
  assertEquals(
    [config.durationMs, config.maxPeers, config.maxTopics, config.seed, config.printIntervalMs],
    [20_000, 8, 4, 3, 2_000],
  );
  assertEquals(config.metrics.enabled, false);
  // The rest comes from sim.yml.
  assertEquals(config.actions.msgRandomTopic, 3);
});

Deno.test("simConfigFromParameters refuses a bad parameter with the sim config's rule", async () => {
  await rejects(
    () => simConfigFromParameters({ ...PARAMETERS, duration: "soon" }, { file: SIM_YML }),
    (error: Error) =>
      error instanceof ConfigError &&
      error.message.startsWith("notebook parameters: flag --duration ") &&
      error.message.endsWith(', got "soon"'),
  );
});

Deno.test("createSimRecorder keeps a sample per status and shows the latest in place", async () => {
  const sent: [string, boolean][] = [];
  let flushed = 0;
  const recorder = createSimRecorder({
    durationMs: 20_000,
    publish: (output, how = {}) => sent.push([output.data["text/plain"], how.update ?? false]),
    flush: () => Promise.resolve(flushed++),
  });
  recorder.print("[00:02] peers 3 ... the status block");
  recorder.print("peer p1 failed and was removed: boom");
  recorder.onStatus(status(2_000, 3, 0));
  recorder.onStatus(status(4_000, 5, 7));
  await recorder.close();
  assertEquals(recorder.samples.map((sample) => [sample.seconds, sample.peers]), [[2, 3], [4, 5]]);
  assertEquals(sent[0], ["sim: starting\nnote: peer p1 failed and was removed: boom", false]);
  assert(sent.slice(1).every(([, update]) => update));
  const last = sent.at(-1)![0].split("\n");
  assert(last[0].startsWith("[00:04 of 20s] peers 5 (ready 5) | topics 2 |"), last[0]);
  assert(last[1].endsWith("| rss 3.0 MiB"), last[1]);
  assertEquals(last[2], "note: peer p1 failed and was removed: boom");
  assertEquals([last.length, flushed], [3, 1]);
});

Deno.test("simCharts makes five charts, a point per sample and series, RSS in MiB", () => {
  const charts = simCharts([simSample(status(2_000, 3, 0)), simSample(status(4_000, 5, 7))]);
  assertEquals(charts.map((chart) => chart.title), [
    "Peers, topics and friendships",
    "Connections and streams",
    "Messages delivered and missed (cumulative)",
    "Heartbeat lag per status interval",
    "Resident memory",
  ]);
  assertEquals(charts[2].points, [
    { series: "delivered", seconds: 2, value: 0 },
    { series: "delivered", seconds: 4, value: 7 },
    { series: "missed", seconds: 2, value: 1 },
    { series: "missed", seconds: 4, value: 1 },
  ]);
  assertEquals(charts[4].points.map((point) => point.value), [3, 3]);
  assertEquals(simCharts([]).every((chart) => chart.points.length === 0), true);
});

Deno.test("simSummaryMarkdown tabulates the summary's figures", () => {
  const summary: SimSummary = {
    elapsedMs: 15_040,
    reason: "duration",
    peersMax: 12,
    topicsMax: 11,
    peersAtEnd: 12,
    topicsAtEnd: 10,
    totals: {
      delivered: 3,
      missed: 1,
      messagesPlanned: 2,
      messagesSent: 2,
      sendFailures: 0,
      verifications: 2,
      peersAdded: 12,
      peersRemoved: 0,
      peersFailed: 0,
      topicsAdded: 11,
      topicsRemoved: 1,
      joins: 40,
      joinFailures: 0,
      friendshipsAdded: 4,
      friendshipsDropped: 0,
      cancelled: 0,
    },
    refused: 0,
    heartbeats: 14,
    failedHeartbeats: 0,
    lag: { count: 14, p50: 0.5, p99: 2.5, max: 2.5, skipped: 0 },
    rssStartBytes: 100 * 2 ** 20,
    rssEndBytes: 150 * 2 ** 20,
    rssMaxBytes: 151 * 2 ** 20,
    machineErrors: 0,
  };
  const table = simSummaryMarkdown(summary).split("\n");
  assertEquals(table.slice(0, 3), [
    "| figure | value |",
    "| --- | --- |",
    "| ended | duration after 15.0 s |",
  ]);
  for (
    const row of [
      "| delivered | 3 |",
      "| missed | 1 |",
      "| delivered share | 75.00% |",
      "| heartbeat lag p50 / p99 / max (ms) | 0.5 / 2.5 / 2.5 |",
      "| RSS start / end / max (MiB) | 100.0 / 150.0 / 151.0 |",
    ]
  ) assert(table.includes(row), `${row} in\n${table.join("\n")}`);
});
