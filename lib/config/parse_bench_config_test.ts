import assert from "node:assert/strict";
import { BUILTIN_VARIANTS } from "./builtin_variants.ts";
import { parse } from "./_test_util.ts";
import { DEFAULT_VARIANT, DEFAULTS } from "./testdata/bench_config_defaults.ts";

// --- valid input -------------------------------------------------------------------------

Deno.test("parseBenchConfig() gives every default for an empty file", () => {
  assert.deepEqual(parse(""), DEFAULTS);
});

Deno.test("parseBenchConfig() gives every default for comments and empty sections", () => {
  const text = "# nothing yet\nscenario:\nmatrix:\n  # hosts: [5]\nvariants:\nprofiles:\n";
  assert.deepEqual(parse(text), DEFAULTS);
});

Deno.test("parseBenchConfig() keeps unset fields of a section at their defaults", () => {
  const config = parse("scenario:\n  pattern: burst\nmatrix:\n  hosts: [2]\n");
  assert.deepEqual(config.scenario, { ...DEFAULTS.scenario, pattern: "burst" });
  assert.deepEqual(config.matrix, { ...DEFAULTS.matrix, hosts: [2] });
});

Deno.test("parseBenchConfig() reads every top-level key", () => {
  const text = [
    "scenario: {topic: t, payloadBytes: 16, deliveryTimeoutMs: 1, dialsPerHost: 1,",
    "  dialConcurrency: 1, discoveryTtlMs: 5, bootstrapBackoffMs: 7, bootstrapMaxBackoffMs: 7,",
    "  bootstrapMaxAttempts: 1, pattern: burst}",
    "matrix: {hosts: [2, 3], msgs: [1], variants: [memory, default], iterations: 1, warmups: 0,",
    "  seed: -4}",
    "runTimeoutMs: 1000",
    "resultsRoot: out/bench",
  ].join("\n");
  const config = parse(text);
  assert.deepEqual(config.scenario, {
    topic: "t",
    pattern: "burst",
    payloadBytes: 16,
    deliveryTimeoutMs: 1,
    dialsPerHost: 1,
    dialConcurrency: 1,
    discoveryTtlMs: 5,
    bootstrapBackoffMs: 7,
    bootstrapMaxBackoffMs: 7,
    bootstrapMaxAttempts: 1,
    validationDelayMs: 0,
  });
  assert.deepEqual(config.matrix, {
    hosts: [2, 3],
    msgs: [1],
    variants: ["memory", "default"],
    iterations: 1,
    warmups: 0,
    seed: -4,
  });
  assert.equal(config.runTimeoutMs, 1000);
  assert.equal(config.resultsRoot, "out/bench");
});

Deno.test("parseBenchConfig() merges the chosen profile over the file: full gives the Go grid", () => {
  const text = [
    "matrix:",
    "  hosts: [5, 10, 20]",
    "  variants: [floodsub]",
    "profiles:",
    "  full:",
    "    matrix:",
    "      hosts: [5, 10, 15, 20]",
    "      msgs: [20, 40, 60, 80, 100]",
    "      iterations: 15",
    "      warmups: 0",
    "      warmupsPerVariant: 10",
  ].join("\n");
  const config = parse(text, { profile: "full" });
  assert.deepEqual(config.matrix, {
    hosts: [5, 10, 15, 20],
    msgs: [20, 40, 60, 80, 100],
    variants: ["floodsub"],
    iterations: 15,
    warmups: 0,
    warmupsPerVariant: 10,
    seed: 1,
  });
  assert.deepEqual(config.source, { file: "bench.yml", profile: "full" });
});

Deno.test("parseBenchConfig() ignores the profiles that are not chosen", () => {
  const text = "profiles:\n  smoke:\n    matrix: {hosts: [3]}\n";
  assert.deepEqual(parse(text), DEFAULTS);
});

Deno.test("parseBenchConfig() deep-merges a profile's variant fields over the file's", () => {
  const text = [
    "variants:",
    "  tight: {encryption: plaintext, gossipsub: {D: 4, Dlo: 3, Dhi: 6}}",
    "profiles:",
    "  slow:",
    "    scenario: {payloadBytes: 1024}",
    "    variants:",
    "      tight: {gossipsub: {heartbeatIntervalMs: 500}}",
  ].join("\n");
  const config = parse(text, { profile: "slow" });
  assert.deepEqual(config.variants.tight, {
    ...DEFAULT_VARIANT,
    encryption: "plaintext",
    gossipsub: { D: 4, Dlo: 3, Dhi: 6, heartbeatIntervalMs: 500 },
  });
  assert.deepEqual(config.scenario, { ...DEFAULTS.scenario, payloadBytes: 1024 });
});

Deno.test("parseBenchConfig() overrides the fields a file sets on a built-in variant", () => {
  const config = parse("variants:\n  memory:\n    memoryLatencyMs: 5\n");
  assert.deepEqual(config.variants.memory, {
    ...DEFAULT_VARIANT,
    transport: "memory",
    memoryLatencyMs: 5,
  });
  assert.deepEqual(config.variants.default, DEFAULT_VARIANT);
});

Deno.test("parseBenchConfig() starts a new variant from the built-in default", () => {
  const text = [
    "variants:",
    "  tight:",
    "    orchestration: states",
    "    gossipsub: {D: 4, Dlo: 3, Dhi: 6, floodPublish: false}",
    "matrix:",
    "  variants: [default, tight]",
  ].join("\n");
  const config = parse(text);
  assert.deepEqual(config.variants.tight, {
    ...DEFAULT_VARIANT,
    orchestration: "states",
    gossipsub: { D: 4, Dlo: 3, Dhi: 6, floodPublish: false },
  });
  assert.deepEqual(Object.keys(config.variants), [
    "default",
    "floodsub",
    "chainsafe",
    "states",
    "memory",
    "deno-tcp",
    "deno-native",
    "twin",
    "tight",
  ]);
  assert.deepEqual(config.matrix.variants, ["default", "tight"]);
});

Deno.test("parseBenchConfig() starts a new variant from the built-in default, not the file's", () => {
  const config = parse("variants:\n  default: {encryption: plaintext}\n  other: {}\n");
  assert.equal(config.variants.default.encryption, "plaintext");
  assert.deepEqual(config.variants.other, DEFAULT_VARIANT);
});

Deno.test("parseBenchConfig() neither changes its inputs nor shares objects between results", () => {
  const env = Object.freeze({ NUM_HOSTS: "4" });
  const flags = Object.freeze({ msgs: "3" });
  const builtins = structuredClone(BUILTIN_VARIANTS);
  const first = parse("variants:\n  default: {gossipsub: {D: 8}}\n", { env, flags });
  first.matrix.hosts.push(99);
  first.variants.memory.gossipsub.D = 1;
  first.scenario.topic = "changed";
  const second = parse("variants:\n  default: {gossipsub: {D: 8}}\n", { env, flags });
  assert.deepEqual(second.matrix.hosts, [4]);
  assert.deepEqual(second.variants.memory.gossipsub, {});
  assert.equal(second.scenario.topic, "bench");
  assert.deepEqual(BUILTIN_VARIANTS, builtins);
  assert.deepEqual(parse(""), DEFAULTS);
});

// --- bad values ----------------------------------------------------------------------------

Deno.test("parseBenchConfig() accepts stack libp2p2 with either router", () => {
  const config = parse("variants:\n  chainsafe-flood: {stack: libp2p2, router: floodsub}\n");
  assert.deepEqual(config.variants["chainsafe-flood"], {
    ...DEFAULT_VARIANT,
    stack: "libp2p2",
    router: "floodsub",
  });
});

// --- telemetry -----------------------------------------------------------------------------

Deno.test("parseBenchConfig() reads the telemetry section", () => {
  const config = parse("telemetry:\n  tracingHost: 1\n  tracingMachines: 2\n  journal: true\n");
  assert.deepEqual(config.telemetry, {
    ...DEFAULTS.telemetry,
    tracingHost: 1,
    tracingMachines: 2,
    journal: true,
  });
});

Deno.test("parseBenchConfig() takes the Go project's tracing variables", () => {
  const config = parse("", {
    env: {
      PS_TRACING_HOST: "1",
      PS_TRACING_AM: "2",
      PS_AM_DEBUG: "1",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
    },
  });
  assert.deepEqual(config.telemetry, {
    ...DEFAULTS.telemetry,
    tracingHost: 1,
    tracingMachines: 2,
    journal: true,
    otlpEndpoint: "http://127.0.0.1:4318",
  });
});

Deno.test("parseBenchConfig() lets --trace and --tracing-machines override the environment", () => {
  const config = parse("", {
    env: { PS_TRACING_AM: "2", BENCH_TRACE: "0" },
    flags: { trace: "true", tracingMachines: "1" },
  });
  assert.equal(config.telemetry.trace, true);
  assert.equal(config.telemetry.tracingMachines, 1);
});

// --- comparison settings and the A/A twin ---------------------------------------------------

Deno.test("parseBenchConfig() reads the comparison section and its flags", () => {
  const config = parse(
    "comparison:\n  minSamples: 8\n  primary: cpuMs\n  noiseFloor: 0.05\n",
    { flags: { minSamples: "6" }, env: {} },
  );
  assert.deepEqual(config.comparison, {
    ...DEFAULTS.comparison,
    minSamples: 6,
    primary: "cpuMs",
    noiseFloor: 0.05,
  });
});

Deno.test("parseBenchConfig() rejects a comparison.primary that is not a timing figure", () => {
  assert.throws(() => parse("comparison:\n  primary: peakRssBytes\n"), {
    name: "ConfigError",
    message: /comparison\.primary must be one of activeMs, cpuMs/,
  });
  assert.throws(() => parse("", { flags: { minSamples: "1" }, env: {} }), {
    name: "ConfigError",
    message: 'flag --min-samples must be an integer from 2 to 10000, got "1"',
  });
});

Deno.test("parseBenchConfig() makes twin a copy of the file's default unless the file defines twin", () => {
  const config = parse("variants:\n  default:\n    transport: memory\n");
  assert.deepEqual(config.variants.twin, config.variants.default);
  assert.equal(config.variants.twin.transport, "memory");
  const own = parse("variants:\n  twin:\n    router: floodsub\n");
  assert.equal(own.variants.twin.router, "floodsub");
});

Deno.test("parseBenchConfig() takes a variant's validationDelayMs", () => {
  const config = parse("variants:\n  slow:\n    validationDelayMs: 20\n");
  assert.equal(config.variants.slow.validationDelayMs, 20);
  assert.equal(config.variants.default.validationDelayMs, undefined);
});
