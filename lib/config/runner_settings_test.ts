// The runner's settings in the config: jobs, shard and warmupsPerVariant, from the file, the
// environment and the flags, and their rules.
import assert from "node:assert/strict";
import { parseBenchConfig } from "./parse_bench_config.ts";
import { assertConfigError } from "./_test_util.ts";

const JOBS_RULE = "must be an integer from 1 to 256, or auto (one per core)";
const SHARD_RULE = "must be I/N: integers with 1 <= I <= N <= 10000";

Deno.test("parseBenchConfig() runs one job at a time and the whole matrix by default", () => {
  const config = parseBenchConfig("", "bench.yml");
  assert.equal(config.jobs, undefined); // unset: one at a time
  assert.equal(config.shard, undefined);
  // Unset means none; left out so that configs saved before it existed read back the same.
  assert.equal(config.matrix.warmupsPerVariant, undefined);
});

Deno.test("parseBenchConfig() reads jobs, shard and warmupsPerVariant from the file", () => {
  const config = parseBenchConfig(
    "jobs: auto\nshard: 2/4\nmatrix: { warmupsPerVariant: 10 }\n",
    "bench.yml",
  );
  assert.equal(config.jobs, "auto");
  assert.deepEqual(config.shard, { index: 2, count: 4 });
  assert.equal(config.matrix.warmupsPerVariant, 10);
});

Deno.test("parseBenchConfig() reads back the shard config.json stores", () => {
  const config = parseBenchConfig('{"shard": {"index": 3, "count": 3}, "jobs": 2}', "config.json");
  assert.deepEqual(config.shard, { index: 3, count: 3 });
  assert.equal(config.jobs, 2);
});

Deno.test("parseBenchConfig() takes --jobs, --shard and --warmups-per-variant over the env", () => {
  const config = parseBenchConfig("jobs: 1\n", "bench.yml", {
    env: { BENCH_JOBS: "4", BENCH_SHARD: "1/2", BENCH_WARMUPS_PER_VARIANT: "3" },
    flags: { jobs: "2", shard: "2/2", warmupsPerVariant: "5" },
  });
  assert.equal(config.jobs, 2);
  assert.deepEqual(config.shard, { index: 2, count: 2 });
  assert.equal(config.matrix.warmupsPerVariant, 5);
});

Deno.test("parseBenchConfig() takes BENCH_JOBS auto", () => {
  assert.equal(parseBenchConfig("", "x", { env: { BENCH_JOBS: "auto" } }).jobs, "auto");
});

for (const value of ["0", "-1", "abc", "257", "1.5", "", " "]) {
  Deno.test(`parseBenchConfig() refuses --jobs ${JSON.stringify(value)} with the rule`, () => {
    assertConfigError(
      () => parseBenchConfig("", "x", { flags: { jobs: value } }),
      `flag --jobs ${JOBS_RULE}, got ${JSON.stringify(value)}`,
    );
  });
}

for (const value of ["3/2", "0/4", "x", "1/0", "1/10001", "-1/2", "1/2/3", "2"]) {
  Deno.test(`parseBenchConfig() refuses --shard ${JSON.stringify(value)} with the rule`, () => {
    assertConfigError(
      () => parseBenchConfig("", "x", { flags: { shard: value } }),
      `flag --shard ${SHARD_RULE}, got ${JSON.stringify(value)}`,
    );
  });
}

Deno.test("parseBenchConfig() refuses a bad jobs or shard in the file, naming the line", () => {
  assertConfigError(
    () => parseBenchConfig("matrix: {}\njobs: 0\n", "bench.yml"),
    `bench.yml:2: jobs ${JOBS_RULE}, got 0`,
  );
  assertConfigError(
    () => parseBenchConfig("shard: 5/4\n", "bench.yml"),
    `bench.yml:1: shard ${SHARD_RULE}, got "5/4"`,
  );
});

Deno.test("parseBenchConfig() refuses warmupsPerVariant outside 0..1000", () => {
  assertConfigError(
    () => parseBenchConfig("", "x", { flags: { warmupsPerVariant: "1001" } }),
    'flag --warmups-per-variant must be an integer from 0 to 1000, got "1001"',
  );
  assertConfigError(
    () => parseBenchConfig("matrix:\n  warmupsPerVariant: -1\n", "bench.yml"),
    "bench.yml:2: matrix.warmupsPerVariant must be an integer from 0 to 1000, got -1",
  );
});

Deno.test("parseBenchConfig() leaves childModules unset (the bundle) by default", () => {
  // Unset means the bundle; left out so that configs saved before it existed read back the same.
  assert.equal(parseBenchConfig("", "bench.yml").childModules, undefined);
});

Deno.test("parseBenchConfig() takes childModules from the file, the env, then --child-modules", () => {
  assert.equal(parseBenchConfig("childModules: source\n", "x").childModules, "source");
  assert.equal(
    parseBenchConfig("childModules: source\n", "x", { env: { BENCH_CHILD_MODULES: "bundle" } })
      .childModules,
    "bundle",
  );
  assert.equal(
    parseBenchConfig("", "x", {
      env: { BENCH_CHILD_MODULES: "bundle" },
      flags: { childModules: "source" },
    }).childModules,
    "source",
  );
});

Deno.test("parseBenchConfig() refuses a childModules other than bundle or source", () => {
  assertConfigError(
    () => parseBenchConfig("", "x", { flags: { childModules: "bundled" } }),
    'flag --child-modules must be bundle or source, got "bundled"',
  );
  assertConfigError(
    () => parseBenchConfig("", "x", { env: { BENCH_CHILD_MODULES: "src" } }),
    'env BENCH_CHILD_MODULES must be bundle or source, got "src"',
  );
  assertConfigError(
    () => parseBenchConfig("childModules: 1\n", "bench.yml"),
    "bench.yml:1: childModules must be bundle or source, got 1",
  );
});
