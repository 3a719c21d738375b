// v8Flags, the V8 flags of every run's process: from the file, a profile, the environment and the
// flags, and the shape each flag must have.
import assert from "node:assert/strict";
import { parseBenchConfig } from "./parse_bench_config.ts";
import { assertConfigError } from "./_test_util.ts";

const RULE = 'must be a V8 flag: "--name" or "--name=value", no spaces or commas';

Deno.test("parseBenchConfig() leaves v8Flags out by default", () => {
  const config = parseBenchConfig("", "bench.yml");
  assert.equal("v8Flags" in config, false);
});

Deno.test("parseBenchConfig() reads v8Flags from the file and from a profile", () => {
  const text = "v8Flags: [--heap-growing-percent=50]\n" +
    "profiles:\n  lean: { v8Flags: [--heap-growing-percent=20, --max-semi-space-size=8] }\n";
  assert.deepEqual(parseBenchConfig(text, "bench.yml").v8Flags, ["--heap-growing-percent=50"]);
  assert.deepEqual(
    parseBenchConfig(text, "bench.yml", { profile: "lean" }).v8Flags,
    ["--heap-growing-percent=20", "--max-semi-space-size=8"],
  );
});

Deno.test("parseBenchConfig() takes --v8-flags over BENCH_V8_FLAGS over the file", () => {
  const text = "v8Flags: [--heap-growing-percent=50]\n";
  const fromEnv = parseBenchConfig(text, "x", {
    env: { BENCH_V8_FLAGS: "--heap-growing-percent=30 --max-semi-space-size=8" },
  });
  assert.deepEqual(fromEnv.v8Flags, ["--heap-growing-percent=30", "--max-semi-space-size=8"]);
  const fromFlag = parseBenchConfig(text, "x", {
    env: { BENCH_V8_FLAGS: "--heap-growing-percent=30" },
    flags: { v8Flags: "--heap-growing-percent=40,--max-semi-space-size=4" },
  });
  assert.deepEqual(fromFlag.v8Flags, ["--heap-growing-percent=40", "--max-semi-space-size=4"]);
  // An empty value clears the file's flags.
  assert.equal("v8Flags" in parseBenchConfig(text, "x", { flags: { v8Flags: "" } }), false);
});

Deno.test("parseBenchConfig() refuses a v8Flags entry that is not a flag, at its line", () => {
  assertConfigError(
    () => parseBenchConfig("v8Flags:\n  - --heap-growing-percent=50\n  - expose-gc\n", "bench.yml"),
    `bench.yml:3: v8Flags[1] ${RULE}, got "expose-gc"`,
  );
  assertConfigError(
    () => parseBenchConfig("v8Flags: --expose-gc\n", "bench.yml"),
    'bench.yml:1: v8Flags must be a list of V8 flags, got "--expose-gc"',
  );
});

Deno.test("parseBenchConfig() refuses --v8-flags with a word that is not a flag", () => {
  assertConfigError(
    () => parseBenchConfig("", "x", { flags: { v8Flags: "--expose-gc,max-heap-size=8" } }),
    `flag --v8-flags "max-heap-size=8" ${RULE}, got "--expose-gc,max-heap-size=8"`,
  );
});
