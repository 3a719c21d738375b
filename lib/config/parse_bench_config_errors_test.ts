// parseBenchConfig on bad files: malformed YAML, unknown keys, bad values (the valid input:
// parse_bench_config_test.ts; profiles, env and flags: parse_bench_config_layers_test.ts).
import { assertConfigError, DEFINED, parse } from "./_test_util.ts";

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
    'bench.yml:3: unknown key "scenaro" in the top level (allowed: scenario, matrix, variants, runTimeoutMs, resultsRoot, telemetry, comparison, jobs, shard, shards, childModules, v8Flags, profiles)',
  );
});

Deno.test("parseBenchConfig() rejects an unknown key in a section", () => {
  assertConfigError(
    () => parse("matrix:\n  hosts: [5]\n  host: [6]\n"),
    'bench.yml:3: unknown key "host" in matrix (allowed: hosts, msgs, variants, iterations, warmups, warmupsPerVariant, seed, untilCiWidth, maxIterations)',
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
    'bench.yml:3: unknown key "profiles" in profiles.full (allowed: scenario, matrix, variants, runTimeoutMs, resultsRoot, telemetry, comparison, jobs, shard, shards, childModules, v8Flags)',
  );
});

Deno.test("parseBenchConfig() reports the problem that comes first in the file", () => {
  assertConfigError(
    () => parse("scenario:\n  bogus: 1\nmatrix:\n  hosts: [1]\n"),
    'bench.yml:2: unknown key "bogus" in scenario (allowed: topic, pattern, payloadBytes, deliveryTimeoutMs, dialsPerHost, dialConcurrency, discoveryTtlMs, bootstrapBackoffMs, bootstrapMaxBackoffMs, bootstrapMaxAttempts, validationDelayMs, readyTopicPeers)',
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
    'bench.yml:4: matrix.variants[0]: unknown variant "tigth" (defined: chainsafe, default, deno-native, deno-tcp, floodsub, memory, states, tight, twin)',
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
    'bench.yml:2: variants.x.transport must be one of tcp, deno-tcp, memory, got "quic"',
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

Deno.test("parseBenchConfig() rejects stack libp2p2 with WebCrypto Ed25519", () => {
  assertConfigError(
    () => parse("variants:\n  chainsafe:\n    ed25519: webcrypto\n"),
    'bench.yml:3: variants.chainsafe.ed25519 must be node with stack libp2p2, got "webcrypto"',
  );
  assertConfigError(
    () => parse("variants:\n  deno-native:\n    stack: libp2p2\n    transport: tcp\n"),
    'bench.yml:3: variants.deno-native.stack must be libp2p3 with ed25519 keyobject, got "libp2p2"',
  );
  assertConfigError(
    () => parse("variants:\n  x: {ed25519: openssl}\n"),
    'bench.yml:2: variants.x.ed25519 must be one of node, keyobject, webcrypto, got "openssl"',
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
