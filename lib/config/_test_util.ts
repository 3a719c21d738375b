/**
 * Assertions shared by the config tests.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ConfigError } from "./config_error.ts";

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
