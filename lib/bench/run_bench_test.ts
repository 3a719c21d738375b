// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseBenchConfig } from "../config/mod.ts";
import { serializeConfig } from "./run_bench.ts";

/**
 * Whether the `yaml` package may read the variables it checks while parsing (`LOG_TOKENS`,
 * `LOG_STREAM`). `deno task test` grants them; a run with only --allow-read --allow-write does
 * not, and parsing a non-empty text would then fail on permissions rather than on the config.
 */
const YAML_ENV_GRANTED = ["LOG_TOKENS", "LOG_STREAM"].every((variable) =>
  Deno.permissions.querySync({ name: "env", variable }).state === "granted"
);

Deno.test({
  name: "serializeConfig output parses back into the same config apart from source",
  ignore: !YAML_ENV_GRANTED,
  fn() {
    const config = parseBenchConfig("", "bench.yml");
    const { source: _source, ...rest } = parseBenchConfig(serializeConfig(config), "config.json");
    const { source: _original, ...expected } = config;
    assertEquals(rest, expected);
  },
});

Deno.test("serializeConfig writes every field but source as JSON", () => {
  // Runs under any permissions; the test above adds the trip through parseBenchConfig.
  const config = parseBenchConfig("", "bench.yml");
  const { source: _source, ...expected } = config;
  assertEquals(JSON.parse(serializeConfig(config)), expected);
});

Deno.test("serializeConfig leaves out where the config came from", () => {
  const config = parseBenchConfig("", "bench.yml");
  const document = JSON.parse(serializeConfig(config));
  assert(!Object.hasOwn(document, "source"));
});

Deno.test("serializeConfig ends its output with a newline", () => {
  const text = serializeConfig(parseBenchConfig("", "bench.yml"));
  assert(text.endsWith("}\n"));
});

Deno.test("serializeConfig leaves the config it is given unchanged", () => {
  const config = parseBenchConfig("", "bench.yml");
  const before = structuredClone(config);
  serializeConfig(config);
  assertEquals(config, before);
});
