// parseBenchConfig's environment variables and flags, and their order over the file and profile.
import assert from "node:assert/strict";
import { parse } from "./_test_util.ts";
import { DEFAULTS } from "./testdata/bench_config_defaults.ts";

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
