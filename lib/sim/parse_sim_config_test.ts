// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, strictEqual, throws } from "node:assert/strict";
import { assertConfigError, assertConfigErrorAsync } from "../config/_test_util.ts";
import { loadSimConfig } from "./load_sim_config.ts";
import { parseSimConfig, SIM_CONFIG_KEYS, SIM_ENV_NAMES } from "./parse_sim_config.ts";
import { DEFAULT_SIM_CONFIG, formatDurationMs, parseDurationMs } from "./sim_config.ts";

const SIM_YML = new URL("../../sim.yml", import.meta.url).pathname;

Deno.test("parseSimConfig of an empty file is every default", () => {
  assertEquals(parseSimConfig("", "sim.yml"), {
    ...DEFAULT_SIM_CONFIG,
    source: { file: "sim.yml" },
    notes: [],
  });
});

Deno.test("sim.yml at the repository root states exactly the defaults", async () => {
  const config = parseSimConfig(await Deno.readTextFile(SIM_YML), "sim.yml");
  assertEquals(config, { ...DEFAULT_SIM_CONFIG, source: { file: "sim.yml" }, notes: [] });
});

Deno.test("parseSimConfig defaults are consistent: initial peers fit, and removePeer can run", () => {
  const d = DEFAULT_SIM_CONFIG;
  strictEqual(d.initialPeers <= d.maxPeers, true);
  strictEqual(d.minPeers < d.maxPeers, true);
  strictEqual(d.initialTopics <= d.maxTopics, true);
  strictEqual(d.topicPeakingMinPeers <= d.maxPeersPerTopic, true);
});

Deno.test("parseSimConfig reads durations, numbers and sections from the file", () => {
  const config = parseSimConfig(
    "duration: 1m30s\nheartbeat: 500ms\nmaxPeers: 8\nactions:\n  gc: 0\n  addPeer: 1.5\n" +
      "metrics:\n  port: 0\n  pushgateway: http://127.0.0.1:9091\njournal:\n",
    "sim.yml",
  );
  strictEqual(config.durationMs, 90_000);
  strictEqual(config.heartbeatMs, 500);
  strictEqual(config.maxPeers, 8);
  strictEqual(config.actions.gc, 0);
  strictEqual(config.actions.addPeer, 1.5);
  strictEqual(config.actions.removePeer, DEFAULT_SIM_CONFIG.actions.removePeer);
  assertEquals(config.metrics, {
    ...DEFAULT_SIM_CONFIG.metrics,
    port: 0,
    pushgateway: "http://127.0.0.1:9091",
  });
  assertEquals(config.journal, DEFAULT_SIM_CONFIG.journal);
});

Deno.test("parseSimConfig takes the Go project's variable names", () => {
  const config = parseSimConfig("", "sim.yml", {
    env: {
      SIM_DURATION: "2m",
      SIM_MAX_PEERS: "12",
      SIM_MAX_TOPICS: "4",
      SIM_METRICS: "0",
      SIM_AM_DEBUG: "1",
    },
  });
  assertEquals(
    [
      config.durationMs,
      config.maxPeers,
      config.maxTopics,
      config.metrics.enabled,
      config.journal.enabled,
    ],
    [120_000, 12, 4, false, true],
  );
  strictEqual(
    parseSimConfig("", "sim.yml", { env: { PS_AM_DEBUG: "true" } }).journal.enabled,
    true,
  );
  // SIM_AM_DEBUG is the simulator's own name: it wins over PS_AM_DEBUG.
  strictEqual(
    parseSimConfig("", "sim.yml", { env: { PS_AM_DEBUG: "1", SIM_AM_DEBUG: "0" } }).journal.enabled,
    false,
  );
});

Deno.test("parseSimConfig names every key's variable SIM_ and its path in upper snake case", () => {
  const names = Object.fromEntries(SIM_CONFIG_KEYS.map((key) => [key.path.join("."), key.env]));
  assertEquals(names["metrics.port"], ["SIM_METRICS_PORT"]);
  assertEquals(names["actions.joinFriendsTopic"], ["SIM_ACTIONS_JOIN_FRIENDS_TOPIC"]);
  assertEquals(names["maxTopicsPerPeer"], ["SIM_MAX_TOPICS_PER_PEER"]);
  strictEqual(new Set(SIM_ENV_NAMES).size, SIM_ENV_NAMES.length);
  const config = parseSimConfig("", "sim.yml", {
    env: { SIM_ACTIONS_GC: "7", SIM_NETWORK_DISCOVERY_TTL: "30s", SIM_SEED: "-4" },
  });
  assertEquals([config.actions.gc, config.network.discoveryTtlMs, config.seed], [7, 30_000, -4]);
});

Deno.test("parseSimConfig applies flags over the environment over the file; empty variables are ignored", () => {
  const config = parseSimConfig("maxPeers: 5\nseed: 3\n", "sim.yml", {
    env: { SIM_MAX_PEERS: "6", SIM_SEED: "" },
    flags: { maxPeers: "7", duration: "30s", metricsPort: "0", journal: "true" },
  });
  assertEquals(
    [config.maxPeers, config.seed, config.durationMs, config.metrics.port, config.journal.enabled],
    [7, 3, 30_000, 0, true],
  );
});

Deno.test("parseSimConfig lowers values that would contradict one set in a later layer", () => {
  const config = parseSimConfig("", "sim.yml", { flags: { maxPeers: "4" } });
  assertEquals([config.maxPeers, config.initialPeers, config.minPeers, config.notes], [
    4,
    4,
    3,
    [],
  ]);
  const topics = parseSimConfig("maxPeersPerTopic: 3\n", "sim.yml");
  assertEquals([topics.initialPeersPerTopic, topics.topicPeakingMinPeers], [3, 3]);
  // The file states every cap (as sim.yml does): a flag still shrinks the world, with a note.
  const fitted = parseSimConfig("initialPeers: 20\nminPeers: 10\n", "sim.yml", {
    env: { SIM_MAX_PEERS: "6" },
  });
  assertEquals([fitted.initialPeers, fitted.minPeers], [6, 5]);
  assertEquals(fitted.notes, [
    "initialPeers 20 (sim.yml:1) lowered to 6 to fit maxPeers 6 (env SIM_MAX_PEERS)",
    "minPeers 10 (sim.yml:2) lowered to 5 to fit maxPeers 6 (env SIM_MAX_PEERS)",
  ]);
});

Deno.test("parseSimConfig reports a bad file value with its line, rule and value", () => {
  assertConfigError(
    () => parseSimConfig("seed: 1\nmaxPeers: -3\n", "sim.yml"),
    "sim.yml:2: maxPeers must be an integer from 1 to 10000, got -3",
  );
  assertConfigError(
    () => parseSimConfig("duration: 5 minutes\n", "sim.yml"),
    'sim.yml:1: duration must be a duration like 500ms, 30s, 5m or 1h30m, from 1ms to 168h, got "5 minutes"',
  );
  assertConfigError(
    () => parseSimConfig("metrics:\n  port: 70000\n", "sim.yml"),
    "sim.yml:2: metrics.port must be an integer from 0 to 65535, got 70000",
  );
  assertConfigError(
    () => parseSimConfig("actions:\n  gc: -1\n", "sim.yml"),
    "sim.yml:2: actions.gc must be a number of seconds from 0 to 86400 (0: never), got -1",
  );
  assertConfigError(
    () => parseSimConfig("heartbeat: 1ms\n", "sim.yml"),
    'sim.yml:1: heartbeat must be a duration like 500ms, 30s, 5m or 1h30m, from 10ms to 1h, got "1ms"',
  );
});

Deno.test("parseSimConfig reports an unknown key with the keys allowed there", () => {
  assertConfigError(
    () => parseSimConfig("metrics:\n  prot: 1\n", "sim.yml"),
    'sim.yml:2: unknown key "prot" in metrics (allowed: enabled, port, pushgateway, pushInterval)',
  );
  throws(() => parseSimConfig("max_peers: 1\n", "sim.yml"), {
    name: "ConfigError",
    message:
      /^sim\.yml:1: unknown key "max_peers" in the top level \(allowed: duration, seed, heartbeat, .*maxPeers, .*journal\)$/,
  });
});

Deno.test("parseSimConfig reports a bad variable or flag by its name, with the text it got", () => {
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { env: { SIM_MAX_PEERS: "many" } }),
    'env SIM_MAX_PEERS must be an integer from 1 to 10000, got "many"',
  );
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { env: { SIM_METRICS: "maybe" } }),
    'env SIM_METRICS must be true or false, got "maybe"',
  );
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { flags: { duration: "soon" } }),
    'flag --duration must be a duration like 500ms, 30s, 5m or 1h30m, from 1ms to 168h, got "soon"',
  );
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { flags: { metricsPort: "-1" } }),
    'flag --metrics-port must be an integer from 0 to 65535, got "-1"',
  );
});

Deno.test("parseSimConfig blames the dependent value when it contradicts a bound of its layer or an earlier one", () => {
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { flags: { initialPeers: "40" } }),
    "flag --initial-peers: initialPeers must be <= maxPeers (30, the default), got 40",
  );
  assertConfigError(
    () => parseSimConfig("maxPeers: 5\ninitialPeers: 8\n", "sim.yml"),
    "sim.yml:2: initialPeers must be <= maxPeers (5), got 8",
  );
  assertConfigError(
    () => parseSimConfig("minPeers: 30\n", "sim.yml"),
    "sim.yml:1: minPeers must be < maxPeers (30, the default), or removePeer could never run, got 30",
  );
  assertConfigError(
    () => parseSimConfig("actionSpread:\n  min: 2\n", "sim.yml"),
    "sim.yml:2: actionSpread.min must be <= actionSpread.max, got 2 > 1.25",
  );
});

Deno.test("loadSimConfig without a file uses the defaults, and a named missing file is an error", async () => {
  const dir = await Deno.makeTempDir();
  const cwd = Deno.cwd();
  Deno.chdir(dir);
  try {
    strictEqual((await loadSimConfig({ env: {} })).maxPeers, DEFAULT_SIM_CONFIG.maxPeers);
    await assertConfigErrorAsync(
      loadSimConfig({ file: "nope.yml", env: {} }),
      'cannot read config file "nope.yml": No such file or directory',
    );
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseDurationMs reads Go durations and bare seconds; formatDurationMs writes them back", () => {
  assertEquals(
    ["300ms", "30s", "5m", "1h30m", "1.5h", "2", 2.5, "", "5 m", "-1s", -1, true].map(
      parseDurationMs,
    ),
    [
      300,
      30_000,
      300_000,
      5_400_000,
      5_400_000,
      2_000,
      2_500,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ],
  );
  assertEquals([250, 1_500, 90_000, 3_600_000, 0].map(formatDurationMs), [
    "250ms",
    "1.5s",
    "1m30s",
    "1h",
    "0ms",
  ]);
});

Deno.test("parseSimConfig names the upper bound of every kind of number past it", () => {
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { flags: { duration: "169h" } }),
    'flag --duration must be a duration like 500ms, 30s, 5m or 1h30m, from 1ms to 168h, got "169h"',
  );
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { flags: { maxPeers: "1000000" } }),
    'flag --max-peers must be an integer from 1 to 10000, got "1000000"',
  );
  assertConfigError(
    () => parseSimConfig("actions:\n  gc: 86401\n", "sim.yml"),
    "sim.yml:2: actions.gc must be a number of seconds from 0 to 86400 (0: never), got 86401",
  );
  assertConfigError(
    () => parseSimConfig("actionSpread:\n  max: 101\n", "sim.yml"),
    "sim.yml:2: actionSpread.max must be a number > 0 and <= 100, got 101",
  );
  assertConfigError(
    () => parseSimConfig("", "sim.yml", { env: { SIM_METRICS_PUSHGATEWAY: "file:///etc/passwd" } }),
    'env SIM_METRICS_PUSHGATEWAY must be an http(s) URL or empty, got "file:///etc/passwd"',
  );
  assertEquals(
    parseSimConfig("", "sim.yml", { flags: { duration: "168h" } }).durationMs,
    604_800_000,
  );
});
