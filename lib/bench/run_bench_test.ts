// serializeConfig writes the config.json that `bench --resume` parses back: the round trip is
// what matters, with a config that differs from the defaults everywhere it can, so a field that
// is lost or changes its meaning on the way shows up.
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import {
  deepStrictEqual as assertEquals,
  notDeepStrictEqual as assertNotEquals,
  ok as assert,
} from "node:assert/strict";
import { parseBenchConfig } from "../config/mod.ts";
import { serializeConfig } from "./run_bench.ts";

/** Sets every section away from its defaults, with a profile and a variant of its own. */
const RICH_YAML = `
scenario:
  topic: t
  pattern: burst
  payloadBytes: 16
  deliveryTimeoutMs: 900
  dialsPerHost: 2
  dialConcurrency: 3
  discoveryTtlMs: 5000
  bootstrapBackoffMs: 7
  bootstrapMaxBackoffMs: 70
  bootstrapMaxAttempts: 9
  validationDelayMs: 4
matrix: {hosts: [2, 3], msgs: [1], variants: [mine, states], iterations: 2, warmups: 0, seed: -4}
variants:
  mine:
    router: floodsub
    transport: memory
    encryption: plaintext
    memoryLatencyMs: 3
  states:
    gossipsub: {D: 4, Dlo: 3, Dhi: 6, heartbeatIntervalMs: 250, floodPublish: false}
runTimeoutMs: 1000
resultsRoot: out/bench
telemetry:
  tracingHost: 1
  tracingMachines: 2
  journal: true
  journalMaxRecords: 10
  otlpEndpoint: http://127.0.0.1:4318
comparison:
  minSamples: 8
  primary: cpuMs
  falseDiscoveryRate: 0.1
  noiseFloor: 0.05
  calibration: results/calibration-aa.json
profiles:
  quick:
    matrix: {iterations: 1}
`;

Deno.test("serializeConfig output parses back into the same config apart from source", () => {
  // `deno task test` grants --allow-env, which the yaml package needs for its LOG_* variables.
  const config = parseBenchConfig(RICH_YAML, "bench.yml", {
    profile: "quick",
    env: { BENCH_WARMUPS: "1" },
    flags: { msgs: "3,4" },
  });
  const { source: _source, ...expected } = config;
  const { source: _default, ...defaults } = parseBenchConfig("", "bench.yml");
  for (const key of Object.keys(defaults) as Array<keyof typeof defaults>) {
    assertNotEquals(expected[key], defaults[key], `the test config leaves ${key} at its default`);
  }
  const reparsed = parseBenchConfig(serializeConfig(config), "config.json");
  const { source, ...rest } = reparsed;
  assertEquals(rest, expected);
  assertEquals(source, { file: "config.json" });
});

Deno.test("serializeConfig leaves out where the config came from and leaves its input unchanged", () => {
  const config = parseBenchConfig(RICH_YAML, "bench.yml", { profile: "quick" });
  const before = structuredClone(config);
  const text = serializeConfig(config);
  assert(!Object.hasOwn(JSON.parse(text), "source"));
  assert(text.endsWith("}\n"), "a text file ends with a newline");
  assertEquals(config, before);
});
