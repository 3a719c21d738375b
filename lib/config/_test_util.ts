/**
 * Assertions shared by the config tests.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ConfigError } from "./config_error.ts";
import { parseBenchConfig } from "./parse_bench_config.ts";
import type { BenchConfig } from "./types.ts";

/** How an unknown-variant error lists the built-in variants. */
export const DEFINED =
  "(defined: chainsafe, default, deno-native, deno-tcp, floodsub, memory, states, twin)";

/** `text` parsed as the file bench.yml. */
export function parse(text: string, options?: Parameters<typeof parseBenchConfig>[2]): BenchConfig {
  return parseBenchConfig(text, "bench.yml", options);
}

/** Asserts that `fn` throws a {@linkcode ConfigError} whose message is exactly `message`. */
export function assertConfigError(fn: () => unknown, message: string): void {
  let thrown: unknown = undefined;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  _check(thrown, message);
}

/** Asserts that `promise` rejects with a {@linkcode ConfigError} whose message is `message`. */
export async function assertConfigErrorAsync(
  promise: Promise<unknown>,
  message: string,
): Promise<void> {
  let thrown: unknown = undefined;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  _check(thrown, message);
}

function _check(thrown: unknown, message: string): void {
  assert.ok(thrown instanceof ConfigError, `expected a ConfigError, got ${String(thrown)}`);
  assert.equal(thrown.name, "ConfigError");
  assert.equal(thrown.message, message);
}
