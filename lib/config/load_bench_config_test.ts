import assert from "node:assert/strict";
import { loadBenchConfig } from "./load_bench_config.ts";
import { parseBenchConfig } from "./parse_bench_config.ts";
import { assertConfigErrorAsync } from "./_test_util.ts";

const BENCH_YML = new URL("../../bench.yml", import.meta.url).pathname;

async function withTempFile(text: string, fn: (file: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "load_bench_config_test_" });
  try {
    const file = `${dir}/bench.yml`;
    await Deno.writeTextFile(file, text);
    await fn(file);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadBenchConfig() reads the repository's bench.yml as exactly the defaults", async () => {
  const config = await loadBenchConfig({ file: BENCH_YML, env: {} });
  assert.deepEqual(config, { ...parseBenchConfig("", BENCH_YML), source: { file: BENCH_YML } });
  assert.deepEqual(config.matrix, {
    hosts: [5, 15],
    msgs: [20],
    variants: ["default", "states"],
    iterations: 10,
    warmups: 1,
    seed: 1,
  });
  assert.equal(config.runTimeoutMs, 180000);
  assert.equal(config.resultsRoot, "results");
});

Deno.test("loadBenchConfig() gives the Go project's grid for bench.yml's full profile", async () => {
  const config = await loadBenchConfig({ file: BENCH_YML, profile: "full", env: {} });
  assert.deepEqual(config.matrix, {
    hosts: [5, 10, 15, 20],
    msgs: [20, 40, 60, 80, 100],
    variants: ["default", "states"],
    iterations: 15,
    warmups: 0,
    warmupsPerVariant: 10,
    seed: 1,
  });
  assert.deepEqual(config.source, { file: BENCH_YML, profile: "full" });
});

Deno.test("loadBenchConfig() gives one tiny run for bench.yml's smoke profile", async () => {
  const config = await loadBenchConfig({ file: BENCH_YML, profile: "smoke", env: {} });
  assert.deepEqual(config.matrix, {
    hosts: [3],
    msgs: [5],
    variants: ["default", "states"],
    iterations: 1,
    warmups: 0,
    seed: 1,
  });
});

Deno.test("loadBenchConfig() applies the profile, env and flags to the file it reads", async () => {
  const text = "matrix:\n  hosts: [5]\nprofiles:\n  p:\n    matrix: {msgs: [9]}\n";
  await withTempFile(text, async (file) => {
    const config = await loadBenchConfig({
      file,
      profile: "p",
      env: { BENCH_SEED: "42" },
      flags: { iterations: "2" },
    });
    assert.deepEqual(config.matrix, {
      hosts: [5],
      msgs: [9],
      variants: ["default", "states"],
      iterations: 2,
      warmups: 1,
      seed: 42,
    });
    assert.deepEqual(config.source, { file, profile: "p" });
  });
});

Deno.test("loadBenchConfig() reads the environment when no env is given", async () => {
  const before = Deno.env.get("NUM_HOSTS");
  Deno.env.set("NUM_HOSTS", "7,8");
  try {
    await withTempFile("", async (file) => {
      const config = await loadBenchConfig({ file });
      assert.deepEqual(config.matrix.hosts, [7, 8]);
    });
  } finally {
    if (before === undefined) Deno.env.delete("NUM_HOSTS");
    else Deno.env.set("NUM_HOSTS", before);
  }
});

Deno.test("loadBenchConfig() names the file in a parse error", async () => {
  await withTempFile("matrix:\n  hosts: [1]\n", async (file) => {
    await assertConfigErrorAsync(
      loadBenchConfig({ file, env: {} }),
      `${file}:2: matrix.hosts[0] must be an integer from 2 to 10000, got 1`,
    );
  });
});

Deno.test("loadBenchConfig() rejects a missing file, naming it and the OS reason", async () => {
  const dir = await Deno.makeTempDir({ prefix: "load_bench_config_test_" });
  try {
    await assertConfigErrorAsync(
      loadBenchConfig({ file: `${dir}/nope.yml`, env: {} }),
      `cannot read config file "${dir}/nope.yml": No such file or directory`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadBenchConfig() reads bench.yml in the working directory by default", async () => {
  const dir = await Deno.makeTempDir({ prefix: "load_bench_config_test_" });
  const cwd = Deno.cwd();
  try {
    Deno.chdir(dir);
    await assertConfigErrorAsync(
      loadBenchConfig({ env: {} }),
      'cannot read config file "bench.yml": No such file or directory',
    );
    await Deno.writeTextFile("bench.yml", "matrix: {seed: 5}\n");
    const config = await loadBenchConfig({ env: {} });
    assert.equal(config.matrix.seed, 5);
    assert.deepEqual(config.source, { file: "bench.yml" });
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});
