// ConfigError as the config layer really throws it: from bad YAML, bad values, bad env and flags,
// and a missing file. What is checked is what main.ts and a user rely on: the class and name, one
// line naming the place, the rule and the value, and the underlying error kept as the cause.
import assert from "node:assert/strict";
import { YAMLParseError } from "yaml";
import { z } from "zod";
import { ConfigError } from "./config_error.ts";
import { loadBenchConfig } from "./load_bench_config.ts";
import { parseBenchConfig, type ParseBenchConfigOptions } from "./parse_bench_config.ts";

/** The ConfigError that parsing `text` throws; fails when it throws nothing or something else. */
function errorOf(text: string, options: ParseBenchConfigOptions = {}): ConfigError {
  try {
    parseBenchConfig(text, "bench.yml", options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `threw ${error}`);
    return error;
  }
  assert.fail(`parsing ${JSON.stringify(text)} threw nothing`);
}

Deno.test("ConfigError from a bad value names file, line, key, rule and value, with the schema's error as cause", () => {
  const error = errorOf("matrix:\n  iterations: 3\n  hosts: [4, 1]\n");
  assert.equal(error.name, "ConfigError");
  assert.equal(
    error.message,
    "bench.yml:3: matrix.hosts[1] must be an integer from 2 to 10000, got 1",
  );
  assert.ok(error.cause instanceof z.ZodError, `cause ${error.cause}`);
  assert.deepEqual(error.cause.issues[0].path, ["matrix", "hosts", 1]);
});

Deno.test("ConfigError from a YAML syntax error gives line and column, with the parser's error as cause", () => {
  const error = errorOf("matrix:\n  hosts: [2, 3\n");
  assert.match(
    error.message,
    /^bench\.yml:3:1: YAML syntax error: Flow sequence .* end with a \]$/,
  );
  assert.ok(error.cause instanceof YAMLParseError, `cause ${error.cause}`);
});

Deno.test("ConfigError from env and flags names the variable or flag and the value got", () => {
  assert.equal(
    errorOf("", { env: { NUM_HOSTS: "x" } }).message,
    'env NUM_HOSTS must be a comma-separated list of integers from 2 to 10000, got "x"',
  );
  assert.equal(
    errorOf("", { flags: { hosts: "1" } }).message,
    'flag --hosts must be a comma-separated list of integers from 2 to 10000, got "1"',
  );
});

Deno.test("ConfigError from a file that cannot be read names it and keeps the OS error as cause", async () => {
  const dir = await Deno.makeTempDir({ prefix: "config_error_test_" });
  try {
    const file = `${dir}/missing.yml`;
    const error = await loadBenchConfig({ file, env: {} }).then(
      () => assert.fail("loading a missing file succeeded"),
      (error: unknown) => error,
    );
    assert.ok(error instanceof ConfigError, `threw ${error}`);
    assert.equal(error.message, `cannot read config file "${file}": No such file or directory`);
    assert.ok(error.cause instanceof Deno.errors.NotFound, `cause ${error.cause}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ConfigError is one line for every kind of bad input, and keeps its name in JSON", () => {
  const inputs: Array<[string, ParseBenchConfigOptions]> = [
    ["matrix:\n  hosts: [1]\n", {}],
    ["matrix:\n  hosts: [2, 3\n", {}],
    ["a: &x 1\nb: *y\n", {}],
    ["unknown: 1\n", {}],
    ["- a list\n", {}],
    ["", { env: { BENCH_ITERATIONS: "-1" } }],
    ["", { flags: { msgs: "many" } }],
  ];
  for (const [text, options] of inputs) {
    const error = errorOf(text, options);
    assert.ok(!error.message.includes("\n"), `two lines: ${JSON.stringify(error.message)}`);
    assert.ok(error.message.length > 0);
    // A serialised error (a worker's message, a results line) still says what kind it was.
    assert.equal(JSON.parse(JSON.stringify(error)).name, "ConfigError");
  }
});
