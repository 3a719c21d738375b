// Sequential sampling's settings in the config: matrix.untilCiWidth and matrix.maxIterations from
// the file, the environment and the flags, their defaults and their rules.
import assert from "node:assert/strict";
import { parseBenchConfig } from "./parse_bench_config.ts";
import { assertConfigError } from "./_test_util.ts";

const WIDTH_RULE =
  "must be a number > 0 and < 10 (the widest 95% CI of a ratio to stop at, e.g. 0.1)";

Deno.test("parseBenchConfig() leaves sequential sampling off by default", () => {
  const config = parseBenchConfig("", "bench.yml");
  // Left out, so that configs saved before it existed read back the same.
  assert.equal(Object.hasOwn(config.matrix, "untilCiWidth"), false);
  assert.equal(Object.hasOwn(config.matrix, "maxIterations"), false);
});

Deno.test("parseBenchConfig() reads untilCiWidth and maxIterations from the file", () => {
  const config = parseBenchConfig(
    "matrix: { iterations: 5, untilCiWidth: 0.1, maxIterations: 40 }\n",
    "bench.yml",
  );
  assert.equal(config.matrix.untilCiWidth, 0.1);
  assert.equal(config.matrix.maxIterations, 40);
  assert.equal(config.matrix.iterations, 5);
});

Deno.test("parseBenchConfig() caps a sequential cell at 50 rounds, or iterations when more", () => {
  assert.equal(
    parseBenchConfig("matrix: { untilCiWidth: 0.2 }\n", "x").matrix.maxIterations,
    50,
  );
  assert.equal(
    parseBenchConfig("matrix: { untilCiWidth: 0.2, iterations: 60 }\n", "x").matrix.maxIterations,
    60,
  );
});

Deno.test("parseBenchConfig() takes --until-ci-width and --max-iterations over the env", () => {
  const config = parseBenchConfig("matrix: { untilCiWidth: 0.3 }\n", "bench.yml", {
    env: { BENCH_UNTIL_CI_WIDTH: "0.2", BENCH_MAX_ITERATIONS: "30" },
    flags: { untilCiWidth: ".05", maxIterations: "40" },
  });
  assert.equal(config.matrix.untilCiWidth, 0.05);
  assert.equal(config.matrix.maxIterations, 40);
});

Deno.test("parseBenchConfig() reads back the sequential settings config.json stores", () => {
  const config = parseBenchConfig(
    JSON.stringify({ matrix: { iterations: 6, untilCiWidth: 0.1, maxIterations: 50 } }),
    "config.json",
  );
  assert.equal(config.matrix.untilCiWidth, 0.1);
  assert.equal(config.matrix.maxIterations, 50);
});

for (const value of ["0", "-0.1", "10", "12", "abc", "0.1x", "", "NaN", "Infinity"]) {
  Deno.test(`parseBenchConfig() refuses --until-ci-width ${JSON.stringify(value)}`, () => {
    assertConfigError(
      () => parseBenchConfig("", "x", { flags: { untilCiWidth: value } }),
      `flag --until-ci-width ${WIDTH_RULE}, got ${JSON.stringify(value)}`,
    );
  });
}

Deno.test("parseBenchConfig() refuses a bad BENCH_UNTIL_CI_WIDTH, naming the variable", () => {
  assertConfigError(
    () => parseBenchConfig("", "x", { env: { BENCH_UNTIL_CI_WIDTH: "0" } }),
    `env BENCH_UNTIL_CI_WIDTH ${WIDTH_RULE}, got "0"`,
  );
});

Deno.test("parseBenchConfig() refuses a bad untilCiWidth in the file, naming the line", () => {
  assertConfigError(
    () => parseBenchConfig("matrix:\n  untilCiWidth: 10\n", "bench.yml"),
    `bench.yml:2: matrix.untilCiWidth ${WIDTH_RULE}, got 10`,
  );
  assertConfigError(
    () => parseBenchConfig('matrix:\n  untilCiWidth: "0.1"\n', "bench.yml"),
    `bench.yml:2: matrix.untilCiWidth ${WIDTH_RULE}, got "0.1"`,
  );
});

Deno.test("parseBenchConfig() refuses --max-iterations below --iterations, naming both", () => {
  assertConfigError(
    () =>
      parseBenchConfig("", "x", {
        flags: { untilCiWidth: "0.1", iterations: "5", maxIterations: "3" },
      }),
    "flag --max-iterations must be >= matrix.iterations (5, from flag --iterations), the " +
      "rounds every cell runs first, got 3",
  );
});

Deno.test("parseBenchConfig() blames the file's maxIterations when --iterations passes it", () => {
  assertConfigError(
    () =>
      parseBenchConfig("matrix:\n  untilCiWidth: 0.1\n  maxIterations: 8\n", "bench.yml", {
        flags: { iterations: "12" },
      }),
    "bench.yml:3: matrix.maxIterations must be >= matrix.iterations (12, from flag " +
      "--iterations), the rounds every cell runs first, got 8",
  );
});

Deno.test("parseBenchConfig() refuses maxIterations below iterations in the file", () => {
  assertConfigError(
    () =>
      parseBenchConfig(
        "matrix:\n  iterations: 10\n  untilCiWidth: 0.1\n  maxIterations: 8\n",
        "bench.yml",
      ),
    "bench.yml:4: matrix.maxIterations must be >= matrix.iterations (10), the rounds every " +
      "cell runs first, got 8",
  );
});

Deno.test("parseBenchConfig() refuses maxIterations without untilCiWidth", () => {
  assertConfigError(
    () => parseBenchConfig("", "x", { flags: { maxIterations: "40" } }),
    "flag --max-iterations needs matrix.untilCiWidth: it caps the rounds of sequential " +
      "sampling (set untilCiWidth, e.g. --until-ci-width 0.1, or drop maxIterations), got 40",
  );
});

Deno.test("parseBenchConfig() refuses untilCiWidth with a single variant", () => {
  assertConfigError(
    () => parseBenchConfig("", "x", { flags: { untilCiWidth: "0.1", variants: "default" } }),
    "flag --until-ci-width needs at least two variants: it watches the CI of their ratio " +
      "(matrix.variants is [default], from flag --variants), got 0.1",
  );
  assertConfigError(
    () => parseBenchConfig("matrix:\n  variants: [states]\n  untilCiWidth: 0.1\n", "bench.yml"),
    "bench.yml:3: matrix.untilCiWidth needs at least two variants: it watches the CI of their " +
      "ratio (matrix.variants is [states]), got 0.1",
  );
});

Deno.test("parseBenchConfig() lets a flag mend what the file's sequential settings lack", () => {
  const config = parseBenchConfig(
    "matrix:\n  variants: [default]\n  untilCiWidth: 0.1\n",
    "bench.yml",
    { flags: { variants: "default,states" } },
  );
  assert.deepEqual(config.matrix.variants, ["default", "states"]);
  assert.equal(config.matrix.untilCiWidth, 0.1);
});

Deno.test("parseBenchConfig() locates a profile's sequential problem in the profile", () => {
  assertConfigError(
    () =>
      parseBenchConfig(
        "matrix:\n  untilCiWidth: 0.1\nprofiles:\n  p:\n    matrix:\n      iterations: 9\n" +
          "      maxIterations: 4\n",
        "bench.yml",
        { profile: "p" },
      ),
    "bench.yml:7: profiles.p.matrix.maxIterations must be >= matrix.iterations (9), the " +
      "rounds every cell runs first, got 4",
  );
});
