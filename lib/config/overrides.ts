/**
 * Environment variables and flags that override a config file's settings: one reader for the
 * bench and the simulator, and the text parsers both use, so a value means the same thing and
 * breaks the same rule whichever command reads it.
 *
 * @module
 */
import { ConfigError } from "./config_error.ts";

/** A value read from text, or the text that follows the input's label in the error message. */
export type ParsedText<T> = { value: T } | { error: string };

/** One overridable setting: the variables and the flag that set it, and how its text is read. */
export interface OverrideKey<T = unknown> {
  /** Environment variables that set it, applied in this order (a later one wins). */
  env: readonly string[];
  /**
   * The flag that sets it, e.g. `--max-peers`; absent when only the environment does. Its value
   * is looked up in the flags record under the flag's camelCase name (`maxPeers`).
   */
  flag?: string;
  /** Reads the raw text; `{ error }` is the rest of the message after `env NAME` / `flag --x`. */
  parse(raw: string): ParsedText<T>;
}

/** Where an override came from. */
export type OverrideOrigin = { kind: "env"; name: string } | { kind: "flag"; name: string };

/** One given override, parsed. */
export interface OverrideValue<T = unknown> {
  key: OverrideKey<T>;
  value: T;
  origin: OverrideOrigin;
}

/** Options of {@linkcode readOverrides}. */
export interface ReadOverridesOptions {
  /** Environment variables by name; empty values are ignored (unset by blanking). @default {{}} */
  env?: Readonly<Record<string, string | undefined>>;
  /** Flag values by the flag's camelCase name; an empty value is an error. @default {{}} */
  flags?: Readonly<Record<string, string | undefined>>;
}

/**
 * The overrides given for `keys`, parsed, in the order they apply: every variable (in key order,
 * then each key's `env` order), then every flag. Every given value is checked, even one a later
 * layer then overrides.
 *
 * @throws {ConfigError} `env NUM_HOSTS must be ..., got "x"` or `flag --hosts must be ...`
 *
 * @example
 * ```ts
 * import { parseIntText, readOverrides } from "./overrides.ts";
 *
 * const hosts = { env: ["NUM_HOSTS"], flag: "--hosts", parse: (raw: string) => parseIntText(raw) };
 * const given = readOverrides([hosts], { env: { NUM_HOSTS: "4" }, flags: { hosts: "6" } });
 * console.assert(given.at(-1)?.value === 6);
 * ```
 */
export function readOverrides<K extends OverrideKey>(
  keys: readonly K[],
  options: ReadOverridesOptions = {},
): Array<OverrideValue & { key: K }> {
  const env = options.env ?? {};
  const flags = options.flags ?? {};
  const given: Array<OverrideValue & { key: K }> = [];
  const take = (key: K, raw: string, origin: OverrideOrigin): void => {
    const parsed = key.parse(raw);
    if ("error" in parsed) throw new ConfigError(`${origin.kind} ${origin.name}${parsed.error}`);
    given.push({ key, value: parsed.value, origin });
  };
  for (const key of keys) {
    for (const name of key.env) {
      const raw = env[name];
      if (raw !== undefined && raw !== "") take(key, raw, { kind: "env", name });
    }
  }
  for (const key of keys) {
    if (key.flag === undefined) continue;
    const raw = flags[flagField(key.flag)];
    if (raw !== undefined) take(key, raw, { kind: "flag", name: key.flag });
  }
  return given;
}

/** The field of a flag in a flags record: `--run-timeout-ms` -> `runTimeoutMs`. */
export function flagField(flag: string): string {
  return flag.replace(/^-+/, "").replace(
    /-([a-z0-9])/g,
    (_, letter: string) => letter.toUpperCase(),
  );
}

/** `{ error }` for text that breaks `rule`: ` <rule>, got "<raw>"`. */
export function rejectText(rule: string, raw: string): { error: string } {
  return { error: ` ${rule}, got ${JSON.stringify(raw)}` };
}

/** Inclusive bounds of an integer. */
export interface IntBounds {
  /** @default {-Number.MAX_SAFE_INTEGER} */
  min?: number;
  /** @default {Number.MAX_SAFE_INTEGER} */
  max?: number;
}

/**
 * The rule for an integer within `bounds`, as an error text: `must be an integer from 2 to
 * 10000`. Every integer setting has both bounds, so the message always names the limit.
 */
export function intRule(bounds: IntBounds = {}): string {
  const min = bounds.min ?? -Number.MAX_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  return `must be an integer from ${min} to ${max}`;
}

/** Whether `value` is an integer within `bounds`. */
export function isIntWithin(value: unknown, bounds: IntBounds = {}): value is number {
  return Number.isSafeInteger(value) &&
    (value as number) >= (bounds.min ?? -Number.MAX_SAFE_INTEGER) &&
    (value as number) <= (bounds.max ?? Number.MAX_SAFE_INTEGER);
}

/** A decimal integer, optionally signed, surrounding spaces allowed; `undefined` otherwise. */
export function intFromText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** An integer within `bounds`, or the rule it breaks. */
export function parseIntText(raw: string, bounds: IntBounds = {}): ParsedText<number> {
  const value = intFromText(raw);
  return value !== undefined && isIntWithin(value, bounds)
    ? { value }
    : rejectText(intRule(bounds), raw);
}

/** A comma-separated list of distinct integers within `bounds`, or the rule it breaks. */
export function parseIntListText(raw: string, bounds: IntBounds): ParsedText<number[]> {
  const values = raw.split(",").map(intFromText);
  if (values.some((value) => value === undefined || !isIntWithin(value, bounds))) {
    return rejectText(
      `must be a comma-separated list of integers from ${bounds.min} to ${bounds.max}`,
      raw,
    );
  }
  return distinctValues(values as number[], raw);
}

/** `values` when no value repeats, else the rule. */
export function distinctValues<T>(values: T[], raw: string): ParsedText<T[]> {
  return new Set(values).size === values.length
    ? { value: values }
    : rejectText("must not repeat a value", raw);
}

/**
 * A switch as the Go project's variables were set: `1`, `true`, `yes`, `on` or `0`, `false`,
 * `no`, `off` (any case, spaces around allowed); `undefined` otherwise.
 */
export function switchFromText(raw: string): boolean | undefined {
  const text = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(text)) return true;
  if (["0", "false", "no", "off"].includes(text)) return false;
  return undefined;
}

/** Whether `text` is an http(s) URL with a host: what an OTLP or Pushgateway endpoint must be. */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
}
