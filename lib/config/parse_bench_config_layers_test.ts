// parseBenchConfig on bad profiles, environment variables and flags, tracing levels, upper
// bounds and endpoints; and findEnvironmentChanges.
import assert from "node:assert/strict";
import { findEnvironmentChanges } from "./_overrides.ts";
import { assertConfigError, DEFINED, parse } from "./_test_util.ts";

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
