import assert from "node:assert/strict";
import { BUILTIN_VARIANTS } from "./builtin_variants.ts";
import { parseBenchConfig } from "./parse_bench_config.ts";
import { findEnvironmentChanges } from "./_overrides.ts";
import { assertConfigError } from "./_test_util.ts";
import type { BenchConfig, VariantSpec } from "./types.ts";

const DEFAULT_VARIANT: VariantSpec = {
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
  memoryLatencyMs: 0,
  gossipsub: {},
};

/** Every default of types.ts, written out by hand. */
const DEFAULTS: BenchConfig = {
  scenario: {
    topic: "bench",
    pattern: "serial",
    payloadBytes: 128,
    deliveryTimeoutMs: 30000,
    dialsPerHost: 4,
    dialConcurrency: 32,
    discoveryTtlMs: 120000,
    bootstrapBackoffMs: 10,
    bootstrapMaxBackoffMs: 200,
    bootstrapMaxAttempts: 200,
    validationDelayMs: 0,
  },
  matrix: {
    hosts: [5, 15],
    msgs: [20],
    variants: ["default", "states"],
    iterations: 10,
    warmups: 1,
    seed: 1,
  },
  variants: {
    default: DEFAULT_VARIANT,
    floodsub: { ...DEFAULT_VARIANT, router: "floodsub" },
    chainsafe: { ...DEFAULT_VARIANT, stack: "libp2p2" },
    states: { ...DEFAULT_VARIANT, orchestration: "states" },
    memory: { ...DEFAULT_VARIANT, transport: "memory" },
    twin: DEFAULT_VARIANT,
  },
  runTimeoutMs: 180000,
  resultsRoot: "results",
  telemetry: {
    trace: false,
    tracingHost: 0,
    tracingMachines: 0,
    journal: false,
    journalMaxRecords: 200000,
    otlpEndpoint: "",
  },
  comparison: {
    minSamples: 5,
    primary: "activeMs",
    falseDiscoveryRate: 0.05,
    noiseFloor: 0.02,
    calibration: "",
  },
  source: { file: "bench.yml" },
};

const DEFINED = "(defined: chainsafe, default, floodsub, memory, states, twin)";

function parse(text: string, options?: Parameters<typeof parseBenchConfig>[2]): BenchConfig {
  return parseBenchConfig(text, "bench.yml", options);
}

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

Deno.test("parseBenchConfig() takes NUM_HOSTS and RAND_MSGS from env as lists or single numbers", () => {
  const config = parse("matrix: {hosts: [5], msgs: [20]}\n", {
    env: { NUM_HOSTS: "2, 4,8", RAND_MSGS: "7" },
  });
  assert.deepEqual(config.matrix.hosts, [2, 4, 8]);
  assert.deepEqual(config.matrix.msgs, [7]);
});

Deno.test("parseBenchConfig() applies env over the chosen profile", () => {
  const text = "profiles:\n  smoke:\n    matrix: {hosts: [3], msgs: [5]}\n";
  const config = parse(text, { profile: "smoke", env: { NUM_HOSTS: "6" } });
  assert.deepEqual(config.matrix.hosts, [6]);
  assert.deepEqual(config.matrix.msgs, [5]);
});

Deno.test("parseBenchConfig() applies every BENCH_* variable", () => {
  const config = parse("variants:\n  mine: {}\n", {
    env: {
      BENCH_VARIANTS: "mine,floodsub",
      BENCH_ITERATIONS: "9",
      BENCH_WARMUPS: "0",
      BENCH_SEED: "-7",
      BENCH_PATTERN: "burst",
      BENCH_RUN_TIMEOUT_MS: "5000",
      BENCH_RESULTS_ROOT: "/tmp/r",
    },
  });
  assert.deepEqual(config.matrix, {
    hosts: [5, 15],
    msgs: [20],
    variants: ["mine", "floodsub"],
    iterations: 9,
    warmups: 0,
    seed: -7,
  });
  assert.equal(config.scenario.pattern, "burst");
  assert.equal(config.runTimeoutMs, 5000);
  assert.equal(config.resultsRoot, "/tmp/r");
});

Deno.test("parseBenchConfig() ignores empty env values and variables it does not know", () => {
  const config = parse("", { env: { NUM_HOSTS: "", BENCH_PATTERN: "", HOME: "/root" } });
  assert.deepEqual(config, DEFAULTS);
});

Deno.test("parseBenchConfig() applies flags over env", () => {
  const config = parse("", {
    env: { NUM_HOSTS: "4", RAND_MSGS: "8", BENCH_SEED: "3" },
    flags: { hosts: "6,12", seed: "11" },
  });
  assert.deepEqual(config.matrix.hosts, [6, 12]);
  assert.deepEqual(config.matrix.msgs, [8]);
  assert.equal(config.matrix.seed, 11);
});

Deno.test("parseBenchConfig() applies every flag", () => {
  const config = parse("", {
    flags: {
      hosts: "3",
      msgs: "1,2",
      variants: "chainsafe",
      iterations: "2",
      warmups: "5",
      seed: "0",
      pattern: "burst",
      runTimeoutMs: "60000",
      resultsRoot: "elsewhere",
    },
  });
  assert.deepEqual(config.matrix, {
    hosts: [3],
    msgs: [1, 2],
    variants: ["chainsafe"],
    iterations: 2,
    warmups: 5,
    seed: 0,
  });
  assert.equal(config.scenario.pattern, "burst");
  assert.equal(config.runTimeoutMs, 60000);
  assert.equal(config.resultsRoot, "elsewhere");
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

// --- malformed YAML ------------------------------------------------------------------------

Deno.test("parseBenchConfig() reports an unclosed flow list with its line and column", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts: [5, 10\n  msgs: [20]\n"),
    "bench.yml:3:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  );
});

Deno.test("parseBenchConfig() reports a duplicate key with its line and column", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts: [5]\n  hosts: [6]\n"),
    "bench.yml:3:3: YAML syntax error: Map keys must be unique",
  );
});

Deno.test("parseBenchConfig() reports a tab used as indentation", () => {
  assertConfigError(
    () => parse("scenario:\n  topic: bench\n\tpattern: burst\n"),
    "bench.yml:3:1: YAML syntax error: Tabs are not allowed as indentation",
  );
});

Deno.test("parseBenchConfig() reports an alias without its anchor", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts: *hosts\n"),
    "bench.yml:2:10: YAML syntax error: alias *hosts has no anchor &hosts before it",
  );
});

Deno.test("parseBenchConfig() rejects a document that is not a mapping", () => {
  assertConfigError(
    () => parse("- 5\n- 10\n"),
    "bench.yml:1: the top level must be a mapping, got [5, 10]",
  );
});

// --- unknown keys --------------------------------------------------------------------------

Deno.test("parseBenchConfig() rejects an unknown top-level key", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts: [5]\nscenaro:\n  topic: x\n"),
    'bench.yml:3: unknown key "scenaro" in the top level (allowed: scenario, matrix, variants, runTimeoutMs, resultsRoot, telemetry, comparison, jobs, shard, childModules, profiles)',
  );
});

Deno.test("parseBenchConfig() rejects an unknown key in a section", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts: [5]\n  host: [6]\n"),
    'bench.yml:3: unknown key "host" in matrix (allowed: hosts, msgs, variants, iterations, warmups, warmupsPerVariant, seed)',
  );
});

Deno.test("parseBenchConfig() rejects an unknown key in a variant's gossipsub options", () => {
  assertConfigError(
    () => parse("variants:\n  tight:\n    gossipsub:\n      D: 4\n      d_low: 3\n"),
    'bench.yml:5: unknown key "d_low" in variants.tight.gossipsub (allowed: D, Dlo, Dhi, heartbeatIntervalMs, floodPublish)',
  );
});

Deno.test("parseBenchConfig() rejects profiles inside a profile", () => {
  assertConfigError(
    () => parse("profiles:\n  full:\n    profiles: {}\n"),
    'bench.yml:3: unknown key "profiles" in profiles.full (allowed: scenario, matrix, variants, runTimeoutMs, resultsRoot, telemetry, comparison, jobs, shard, childModules)',
  );
});

Deno.test("parseBenchConfig() reports the problem that comes first in the file", () => {
  assertConfigError(
    () => parse("scenario:\n  bogus: 1\nmatrix:\n  hosts: [1]\n"),
    'bench.yml:2: unknown key "bogus" in scenario (allowed: topic, pattern, payloadBytes, deliveryTimeoutMs, dialsPerHost, dialConcurrency, discoveryTtlMs, bootstrapBackoffMs, bootstrapMaxBackoffMs, bootstrapMaxAttempts, validationDelayMs)',
  );
  assertConfigError(
    () => parse("matrix:\n  hosts: [1]\nscenario:\n  bogus: 1\n"),
    "bench.yml:2: matrix.hosts[0] must be an integer from 2 to 10000, got 1",
  );
});

// --- bad values ----------------------------------------------------------------------------

Deno.test("parseBenchConfig() rejects a host count below 2", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts:\n    - 5\n    - -3\n"),
    "bench.yml:4: matrix.hosts[1] must be an integer from 2 to 10000, got -3",
  );
  assertConfigError(
    () => parse("matrix:\n  hosts: [5, 0]\n"),
    "bench.yml:2: matrix.hosts[1] must be an integer from 2 to 10000, got 0",
  );
});

Deno.test("parseBenchConfig() rejects an empty, repeating or scalar host list", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts: []\n"),
    "bench.yml:2: matrix.hosts must be a non-empty list of integers from 2 to 10000, got []",
  );
  assertConfigError(
    () => parse("matrix:\n  hosts: [5, 5]\n"),
    "bench.yml:2: matrix.hosts must not repeat a value, got [5, 5]",
  );
  assertConfigError(
    () => parse("matrix:\n  hosts: 5\n"),
    "bench.yml:2: matrix.hosts must be a non-empty list of integers from 2 to 10000, got 5",
  );
});

Deno.test("parseBenchConfig() rejects a non-integer message count", () => {
  assertConfigError(
    () => parse("matrix:\n  msgs: [20, 2.5]\n"),
    "bench.yml:2: matrix.msgs[1] must be an integer from 1 to 100000, got 2.5",
  );
  assertConfigError(
    () => parse('matrix:\n  msgs: ["20"]\n'),
    'bench.yml:2: matrix.msgs[0] must be an integer from 1 to 100000, got "20"',
  );
});

Deno.test("parseBenchConfig() rejects bad iterations, warmups and seed", () => {
  assertConfigError(
    () => parse("matrix:\n  iterations: 0\n"),
    "bench.yml:2: matrix.iterations must be an integer from 1 to 10000, got 0",
  );
  assertConfigError(
    () => parse("matrix:\n  warmups: -1\n"),
    "bench.yml:2: matrix.warmups must be an integer from 0 to 1000, got -1",
  );
  assertConfigError(
    () => parse("matrix:\n  seed: 0.5\n"),
    "bench.yml:2: matrix.seed must be an integer from -9007199254740991 to 9007199254740991, got 0.5",
  );
});

Deno.test("parseBenchConfig() rejects an unknown variant in matrix.variants", () => {
  assertConfigError(
    () => parse("matrix:\n  variants:\n    - default\n    - stats\n"),
    `bench.yml:4: matrix.variants[1]: unknown variant "stats" ${DEFINED}`,
  );
});

Deno.test("parseBenchConfig() names file-defined variants among the defined ones", () => {
  assertConfigError(
    () => parse("variants:\n  tight: {}\nmatrix:\n  variants: [tigth]\n"),
    'bench.yml:4: matrix.variants[0]: unknown variant "tigth" (defined: chainsafe, default, floodsub, memory, states, tight, twin)',
  );
});

Deno.test("parseBenchConfig() rejects an unknown variant in a profile's matrix", () => {
  assertConfigError(
    () => parse("profiles:\n  full:\n    matrix:\n      variants: [stats]\n"),
    `bench.yml:4: profiles.full.matrix.variants[0]: unknown variant "stats" ${DEFINED}`,
  );
});

Deno.test("parseBenchConfig() checks every profile, not only the chosen one", () => {
  const text = "profiles:\n  smoke: {}\n  full:\n    matrix: {hosts: [1]}\n";
  assertConfigError(
    () => parse(text, { profile: "smoke" }),
    "bench.yml:4: profiles.full.matrix.hosts[0] must be an integer from 2 to 10000, got 1",
  );
});

Deno.test("parseBenchConfig() rejects an unknown router, stack, transport and encryption", () => {
  assertConfigError(
    () => parse("variants:\n  x:\n    router: meshsub\n"),
    'bench.yml:3: variants.x.router must be one of gossipsub, floodsub, got "meshsub"',
  );
  assertConfigError(
    () => parse("variants:\n  x: {stack: libp2p1}\n"),
    'bench.yml:2: variants.x.stack must be one of libp2p3, libp2p2, got "libp2p1"',
  );
  assertConfigError(
    () => parse("variants:\n  x: {transport: quic}\n"),
    'bench.yml:2: variants.x.transport must be one of tcp, memory, got "quic"',
  );
  assertConfigError(
    () => parse("variants:\n  x: {encryption: tls}\n"),
    'bench.yml:2: variants.x.encryption must be one of noise, plaintext, got "tls"',
  );
});

Deno.test("parseBenchConfig() rejects an unknown pattern", () => {
  assertConfigError(
    () => parse("scenario:\n  pattern: random\n"),
    'bench.yml:2: scenario.pattern must be one of serial, burst, got "random"',
  );
});

Deno.test("parseBenchConfig() rejects an empty topic, a small payload and a zero timeout", () => {
  assertConfigError(
    () => parse('scenario:\n  topic: ""\n'),
    'bench.yml:2: scenario.topic must be a non-empty string, got ""',
  );
  assertConfigError(
    () => parse("scenario:\n  payloadBytes: 8\n"),
    "bench.yml:2: scenario.payloadBytes must be an integer from 16 to 1048576, got 8",
  );
  assertConfigError(
    () => parse("scenario:\n  deliveryTimeoutMs: 0\n"),
    "bench.yml:2: scenario.deliveryTimeoutMs must be an integer from 1 to 3600000, got 0",
  );
  assertConfigError(
    () => parse("runTimeoutMs: -1\n"),
    "bench.yml:1: runTimeoutMs must be an integer from 1 to 86400000, got -1",
  );
});

Deno.test("parseBenchConfig() rejects a bootstrap back-off above its maximum", () => {
  assertConfigError(
    () => parse("scenario:\n  bootstrapBackoffMs: 500\n"),
    "bench.yml:2: scenario.bootstrapBackoffMs must be <= scenario.bootstrapMaxBackoffMs (200, the default), got 500",
  );
  assertConfigError(
    () => parse("scenario:\n  bootstrapBackoffMs: 50\n  bootstrapMaxBackoffMs: 40\n"),
    "bench.yml:3: scenario.bootstrapMaxBackoffMs must be >= scenario.bootstrapBackoffMs (50), got 40",
  );
});

Deno.test("parseBenchConfig() rejects Dlo above D", () => {
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub: {D: 4, Dlo: 5}\n"),
    "bench.yml:3: variants.x.gossipsub.Dlo must be <= D (4), got 5",
  );
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub:\n      Dlo: 8\n"),
    "bench.yml:4: variants.x.gossipsub.Dlo must be <= D (6, the default), got 8",
  );
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub:\n      D: 3\n"),
    "bench.yml:4: variants.x.gossipsub.D must be >= Dlo (4, the default), got 3",
  );
});

Deno.test("parseBenchConfig() rejects D above Dhi", () => {
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub: {D: 8, Dhi: 7}\n"),
    "bench.yml:3: variants.x.gossipsub.Dhi must be >= D (8), got 7",
  );
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub: {D: 13}\n"),
    "bench.yml:3: variants.x.gossipsub.D must be <= Dhi (12, the default), got 13",
  );
});

Deno.test("parseBenchConfig() rejects bad gossipsub option values", () => {
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub: {D: 0}\n"),
    "bench.yml:3: variants.x.gossipsub.D must be an integer from 1 to 1000, got 0",
  );
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub: {heartbeatIntervalMs: 0}\n"),
    "bench.yml:3: variants.x.gossipsub.heartbeatIntervalMs must be an integer from 1 to 600000, got 0",
  );
  assertConfigError(
    () => parse("variants:\n  x:\n    gossipsub: {floodPublish: yes}\n"),
    'bench.yml:3: variants.x.gossipsub.floodPublish must be true or false, got "yes"',
  );
});

Deno.test("parseBenchConfig() rejects a link latency without the memory transport", () => {
  assertConfigError(
    () => parse("variants:\n  slow:\n    memoryLatencyMs: 5\n"),
    "bench.yml:3: variants.slow.memoryLatencyMs must be 0 unless transport is memory (transport is tcp), got 5",
  );
  assertConfigError(
    () => parse("variants:\n  memory:\n    memoryLatencyMs: -1\n"),
    "bench.yml:3: variants.memory.memoryLatencyMs must be an integer from 0 to 60000, got -1",
  );
});

Deno.test("parseBenchConfig() locates a cross-field problem in the profile that causes it", () => {
  const text = [
    "variants:",
    "  memory: {memoryLatencyMs: 5}",
    "profiles:",
    "  tcp:",
    "    variants:",
    "      memory: {transport: tcp}",
  ].join("\n");
  assertConfigError(
    () => parse(text),
    "bench.yml:2: variants.memory.memoryLatencyMs must be 0 unless transport is memory (transport is tcp), got 5",
  );
});

Deno.test("parseBenchConfig() rejects stack libp2p2 without the tcp transport", () => {
  assertConfigError(
    () => parse("variants:\n  chainsafe:\n    transport: memory\n"),
    'bench.yml:3: variants.chainsafe.transport must be tcp with stack libp2p2, got "memory"',
  );
  assertConfigError(
    () => parse("variants:\n  memory:\n    stack: libp2p2\n"),
    'bench.yml:3: variants.memory.stack must be libp2p3 with transport memory, got "libp2p2"',
  );
});

Deno.test("parseBenchConfig() accepts stack libp2p2 with either router", () => {
  const config = parse("variants:\n  chainsafe-flood: {stack: libp2p2, router: floodsub}\n");
  assert.deepEqual(config.variants["chainsafe-flood"], {
    ...DEFAULT_VARIANT,
    stack: "libp2p2",
    router: "floodsub",
  });
});

Deno.test("parseBenchConfig() rejects gossipsub options on a floodsub variant", () => {
  assertConfigError(
    () => parse("variants:\n  floodsub:\n    gossipsub: {D: 8}\n"),
    "bench.yml:3: variants.floodsub.gossipsub must be empty with router floodsub (its options are for gossipsub only), got {D: 8}",
  );
});

Deno.test("parseBenchConfig() rejects a variant name that cannot go in a comma list", () => {
  assertConfigError(
    () => parse("variants:\n  'a,b': {}\n"),
    'bench.yml:2: variants key "a,b" must be a name of letters, digits, ".", "_" and "-", not starting with a symbol',
  );
});

// --- profiles, env and flags ---------------------------------------------------------------

Deno.test("parseBenchConfig() rejects an unknown profile and lists the defined ones", () => {
  const text = "profiles:\n  smoke: {}\n  full: {}\n";
  assertConfigError(
    () => parse(text, { profile: "ful" }),
    'bench.yml: unknown profile "ful" (defined: full, smoke)',
  );
  assertConfigError(
    () => parse("", { profile: "full" }),
    'bench.yml: unknown profile "full" (defined: none)',
  );
});

Deno.test("parseBenchConfig() rejects a bad NUM_HOSTS", () => {
  assertConfigError(
    () => parse("", { env: { NUM_HOSTS: "5,x" } }),
    'env NUM_HOSTS must be a comma-separated list of integers from 2 to 10000, got "5,x"',
  );
  assertConfigError(
    () => parse("", { env: { NUM_HOSTS: "5,,10" } }),
    'env NUM_HOSTS must be a comma-separated list of integers from 2 to 10000, got "5,,10"',
  );
  assertConfigError(
    () => parse("", { env: { NUM_HOSTS: "1" } }),
    'env NUM_HOSTS must be a comma-separated list of integers from 2 to 10000, got "1"',
  );
});

Deno.test("parseBenchConfig() rejects bad RAND_MSGS and BENCH_* values", () => {
  assertConfigError(
    () => parse("", { env: { RAND_MSGS: "0" } }),
    'env RAND_MSGS must be a comma-separated list of integers from 1 to 100000, got "0"',
  );
  assertConfigError(
    () => parse("", { env: { BENCH_ITERATIONS: "1.5" } }),
    'env BENCH_ITERATIONS must be an integer from 1 to 10000, got "1.5"',
  );
  assertConfigError(
    () => parse("", { env: { BENCH_SEED: "abc" } }),
    'env BENCH_SEED must be an integer from -9007199254740991 to 9007199254740991, got "abc"',
  );
  assertConfigError(
    () => parse("", { env: { BENCH_PATTERN: "random" } }),
    'env BENCH_PATTERN must be one of serial, burst, got "random"',
  );
  assertConfigError(
    () => parse("", { env: { BENCH_RUN_TIMEOUT_MS: "0" } }),
    'env BENCH_RUN_TIMEOUT_MS must be an integer from 1 to 86400000, got "0"',
  );
});

Deno.test("parseBenchConfig() rejects a bad env value even when a flag overrides it", () => {
  assertConfigError(
    () => parse("", { env: { NUM_HOSTS: "x" }, flags: { hosts: "4" } }),
    'env NUM_HOSTS must be a comma-separated list of integers from 2 to 10000, got "x"',
  );
});

Deno.test("parseBenchConfig() rejects an unknown variant in BENCH_VARIANTS", () => {
  assertConfigError(
    () => parse("", { env: { BENCH_VARIANTS: "default,stats" } }),
    `env BENCH_VARIANTS: unknown variant "stats" ${DEFINED}`,
  );
});

Deno.test("parseBenchConfig() rejects an unknown variant in --variants", () => {
  assertConfigError(
    () => parse("", { flags: { variants: "stats" } }),
    `flag --variants: unknown variant "stats" ${DEFINED}`,
  );
});

Deno.test("parseBenchConfig() rejects bad flag values, naming the flag", () => {
  assertConfigError(
    () => parse("", { flags: { hosts: "1" } }),
    'flag --hosts must be a comma-separated list of integers from 2 to 10000, got "1"',
  );
  assertConfigError(
    () => parse("", { flags: { msgs: "20,20" } }),
    'flag --msgs must not repeat a value, got "20,20"',
  );
  assertConfigError(
    () => parse("", { flags: { variants: "default," } }),
    'flag --variants must be a comma-separated list of variant names, got "default,"',
  );
  assertConfigError(
    () => parse("", { flags: { warmups: "-1" } }),
    'flag --warmups must be an integer from 0 to 1000, got "-1"',
  );
  assertConfigError(
    () => parse("", { flags: { iterations: "" } }),
    'flag --iterations must be an integer from 1 to 10000, got ""',
  );
  assertConfigError(
    () => parse("", { flags: { seed: "1e3" } }),
    'flag --seed must be an integer from -9007199254740991 to 9007199254740991, got "1e3"',
  );
  assertConfigError(
    () => parse("", { flags: { pattern: "Serial" } }),
    'flag --pattern must be one of serial, burst, got "Serial"',
  );
  assertConfigError(
    () => parse("", { flags: { runTimeoutMs: "10s" } }),
    'flag --run-timeout-ms must be an integer from 1 to 86400000, got "10s"',
  );
  assertConfigError(
    () => parse("", { flags: { resultsRoot: "" } }),
    'flag --results-root must be a non-empty path, got ""',
  );
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

Deno.test("parseBenchConfig() rejects a tracing level out of range, naming the input", () => {
  assertConfigError(
    () => parse("", { env: { PS_TRACING_AM: "3" } }),
    'env PS_TRACING_AM must be an integer from 0 to 2, got "3"',
  );
  assertConfigError(
    () => parse("telemetry:\n  tracingMachines: 5\n"),
    "bench.yml:2: telemetry.tracingMachines must be 0, 1 or 2, got 5",
  );
  assertConfigError(
    () => parse("", { env: { PS_AM_DEBUG: "maybe" } }),
    'env PS_AM_DEBUG must be 1 or 0 (or true / false), got "maybe"',
  );
});

// --- upper bounds and endpoints -----------------------------------------------------------

Deno.test("parseBenchConfig() names the upper bound of a number past it, from any layer", () => {
  assertConfigError(
    () => parse("", { flags: { hosts: "1000000" } }),
    'flag --hosts must be a comma-separated list of integers from 2 to 10000, got "1000000"',
  );
  assertConfigError(
    () => parse("", { flags: { iterations: "100000000" } }),
    'flag --iterations must be an integer from 1 to 10000, got "100000000"',
  );
  assertConfigError(
    () => parse("", { env: { BENCH_WARMUPS: "1001" } }),
    'env BENCH_WARMUPS must be an integer from 0 to 1000, got "1001"',
  );
  assertConfigError(
    () => parse("runTimeoutMs: 86400001\n"),
    "bench.yml:1: runTimeoutMs must be an integer from 1 to 86400000, got 86400001",
  );
  assertConfigError(
    () => parse("matrix:\n  msgs: [20, 100001]\n"),
    "bench.yml:2: matrix.msgs[1] must be an integer from 1 to 100000, got 100001",
  );
  assertConfigError(
    () => parse("scenario:\n  payloadBytes: 2000000\n"),
    "bench.yml:2: scenario.payloadBytes must be an integer from 16 to 1048576, got 2000000",
  );
  // The bounds themselves are allowed.
  const config = parse("", { flags: { hosts: "2,10000", warmups: "1000" } });
  assert.deepEqual([config.matrix.hosts, config.matrix.warmups], [[2, 10000], 1000]);
});

Deno.test("parseBenchConfig() takes only an http(s) URL as the OTLP endpoint", () => {
  const rule = "must be an http(s) URL such as http://127.0.0.1:4318";
  assertConfigError(
    () => parse("", { env: { OTEL_EXPORTER_OTLP_ENDPOINT: "file:///etc/passwd" } }),
    `env OTEL_EXPORTER_OTLP_ENDPOINT ${rule}, got "file:///etc/passwd"`,
  );
  assertConfigError(
    () => parse("telemetry:\n  otlpEndpoint: ftp://collector\n"),
    `bench.yml:2: telemetry.otlpEndpoint ${rule}, or empty, got "ftp://collector"`,
  );
  assert.equal(
    parse("", { env: { OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector:4318" } }).telemetry
      .otlpEndpoint,
    "https://collector:4318",
  );
});

Deno.test("findEnvironmentChanges() names the variables that would change a saved config", () => {
  const saved = parse("matrix:\n  hosts: [5]\n");
  assert.deepEqual(findEnvironmentChanges(saved, { NUM_HOSTS: "5", RAND_MSGS: "" }), []);
  assert.deepEqual(findEnvironmentChanges(saved, { NUM_HOSTS: "6", BENCH_SEED: "2" }), [
    "NUM_HOSTS",
    "BENCH_SEED",
  ]);
  // Where benches are looked for is not part of what a bench runs.
  assert.deepEqual(findEnvironmentChanges(saved, { BENCH_RESULTS_ROOT: "elsewhere" }), []);
  assertConfigError(
    () => findEnvironmentChanges(saved, { NUM_HOSTS: "garbage" }),
    'env NUM_HOSTS must be a comma-separated list of integers from 2 to 10000, got "garbage"',
  );
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
