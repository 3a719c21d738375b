// The settings of one big run: shards (from the file, the environment and the flags) and host 0's
// readiness target, and the rules between them and the matrix.
import assert from "node:assert/strict";
import { parseBenchConfig } from "./parse_bench_config.ts";
import { assertConfigError } from "./_test_util.ts";

const SHARDS_RULE = "must be an integer from 1 to 64, or auto (by host count and cores)";

Deno.test("parseBenchConfig() leaves shards and readyTopicPeers unset by default", () => {
  const config = parseBenchConfig("", "bench.yml");
  // Unset: one shard, and n-1 (up to 500 hosts, then 100); left out so saved configs read
  // back the same.
  assert.equal(config.shards, undefined);
  assert.equal(config.scenario.readyTopicPeers, undefined);
  assert.equal("readyTopicPeers" in config.scenario, false);
});

Deno.test("parseBenchConfig() reads shards and readyTopicPeers from the file", () => {
  const config = parseBenchConfig("shards: auto\nscenario: { readyTopicPeers: 3 }\n", "bench.yml");
  assert.equal(config.shards, "auto");
  assert.equal(config.scenario.readyTopicPeers, 3);
  assert.equal(parseBenchConfig("shards: 2\n", "bench.yml").shards, 2);
});

Deno.test("parseBenchConfig() takes --shards and --ready-topic-peers over the env", () => {
  const config = parseBenchConfig("shards: 1\n", "bench.yml", {
    env: { BENCH_SHARDS: "auto", BENCH_READY_TOPIC_PEERS: "2" },
    flags: { shards: "2", readyTopicPeers: "4" },
  });
  assert.equal(config.shards, 2);
  assert.equal(config.scenario.readyTopicPeers, 4);
  assert.equal(parseBenchConfig("", "x", { env: { BENCH_SHARDS: "auto" } }).shards, "auto");
});

for (const value of ["0", "-1", "65", "1.5", "two", ""]) {
  Deno.test(`parseBenchConfig() refuses --shards ${JSON.stringify(value)} with the rule`, () => {
    assertConfigError(
      () => parseBenchConfig("", "x", { flags: { shards: value } }),
      `flag --shards ${SHARDS_RULE}, got ${JSON.stringify(value)}`,
    );
  });
}

for (const value of [0, -2]) {
  Deno.test(`parseBenchConfig() refuses shards: ${value} in the file, at its line`, () => {
    assertConfigError(
      () => parseBenchConfig(`matrix: { hosts: [5] }\nshards: ${value}\n`, "bench.yml"),
      `bench.yml:2: shards ${SHARDS_RULE}, got ${value}`,
    );
  });
}

Deno.test("parseBenchConfig() refuses more shards than the smallest host count", () => {
  assertConfigError(
    () => parseBenchConfig("matrix: { hosts: [5, 10] }\nshards: 8\n", "bench.yml"),
    "bench.yml:2: shards must be at most the smallest host count of the matrix (5): every " +
      "shard holds at least one host, got 8",
  );
  // The flag that made it is named, not the file.
  assertConfigError(
    () => parseBenchConfig("", "bench.yml", { flags: { shards: "4", hosts: "3,20" } }),
    "flag --shards must be at most the smallest host count of the matrix (3): every shard " +
      "holds at least one host, got 4",
  );
  // A host count from a flag under a file's shards blames the file's key.
  assertConfigError(
    () => parseBenchConfig("\nshards: 4\n", "bench.yml", { flags: { hosts: "3" } }),
    "bench.yml:2: shards must be at most the smallest host count of the matrix (3): every " +
      "shard holds at least one host, got 4",
  );
});

Deno.test("parseBenchConfig() refuses shards above 1 with a memory-transport variant", () => {
  assertConfigError(
    () =>
      parseBenchConfig("", "bench.yml", { env: { BENCH_SHARDS: "2", BENCH_VARIANTS: "memory" } }),
    'env BENCH_SHARDS must be 1 or auto with variant "memory" in the matrix (the memory ' +
      "transport cannot connect hosts of different shards), got 2",
  );
  // auto is allowed: it keeps such a bench in one shard.
  assert.equal(
    parseBenchConfig("", "x", { flags: { shards: "auto", variants: "memory" } }).shards,
    "auto",
  );
});

Deno.test("parseBenchConfig() refuses a readiness target above n-1 of the smallest n", () => {
  assertConfigError(
    () => parseBenchConfig("", "bench.yml", { flags: { readyTopicPeers: "5", hosts: "5,50" } }),
    "flag --ready-topic-peers must be at most n-1 for every host count of the matrix (the " +
      "smallest is 5, so at most 4), got 5",
  );
  assertConfigError(
    () =>
      parseBenchConfig(
        "profiles:\n  big:\n    matrix: { hosts: [20] }\n    scenario: { readyTopicPeers: 20 }\n",
        "bench.yml",
      ),
    "bench.yml:4: profiles.big.scenario.readyTopicPeers must be at most n-1 for every host count " +
      "of the matrix (the smallest is 20, so at most 19), got 20",
  );
  assertConfigError(
    () => parseBenchConfig("", "x", { flags: { readyTopicPeers: "0" } }),
    'flag --ready-topic-peers must be an integer from 1 to 9999, got "0"',
  );
});

Deno.test("parseBenchConfig() reads a variant's own shards, to compare sharding in one bench", () => {
  const config = parseBenchConfig(
    "variants:\n  one: { shards: 1 }\n  two: { shards: 2 }\nmatrix: { variants: [one, two] }\n",
    "bench.yml",
  );
  assert.equal(config.variants.one.shards, 1);
  assert.equal(config.variants.two.shards, 2);
  assert.equal(config.variants.default.shards, undefined);
});

Deno.test("parseBenchConfig() refuses a variant's shards above the smallest host count", () => {
  assertConfigError(
    () =>
      parseBenchConfig(
        "variants:\n  two: { shards: 4 }\nmatrix: { hosts: [3, 20], variants: [two] }\n",
        "bench.yml",
      ),
    "bench.yml:2: variants.two.shards must be at most the smallest host count of the matrix " +
      "(3): every shard holds at least one host, got 4",
  );
});

Deno.test("parseBenchConfig() refuses a variant's shards above 1 with the memory transport", () => {
  assertConfigError(
    () =>
      parseBenchConfig(
        "variants:\n  mem: { transport: memory, shards: 2 }\nmatrix: { variants: [mem] }\n",
        "bench.yml",
      ),
    "bench.yml:2: variants.mem.shards must be 1 with transport memory (it cannot connect hosts " +
      "of different shards), got 2",
  );
});
