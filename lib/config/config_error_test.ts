import assert from "node:assert/strict";
import { ConfigError } from "./config_error.ts";

Deno.test("ConfigError is an Error named ConfigError with the given message", () => {
  const error = new ConfigError("bench.yml:14: matrix.hosts[1] must be an integer >= 2, got -3");
  assert.ok(error instanceof Error);
  assert.ok(error instanceof ConfigError);
  assert.equal(error.name, "ConfigError");
  assert.equal(error.message, "bench.yml:14: matrix.hosts[1] must be an integer >= 2, got -3");
  assert.equal(error.cause, undefined);
});

Deno.test("ConfigError keeps its cause", () => {
  const cause = new Error("No such file or directory");
  const error = new ConfigError('cannot read config file "nope.yml": No such file', { cause });
  assert.equal(error.cause, cause);
});
