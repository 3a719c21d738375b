/**
 * The settings of sim.yml: their paths, environment variables, flags, rules, and how a value
 * is checked or read from text. Shared by the parser and the loader.
 *
 * @module
 */
import {
  intFromText,
  intRule,
  isHttpUrl,
  isIntWithin,
  type OverrideKey,
  type ParsedText,
  rejectText,
  switchFromText,
} from "../config/mod.ts";
import { formatDurationMs, parseDurationMs, SIM_ACTIONS } from "./sim_config.ts";

/** How a setting's value is read and checked. */
export type SimConfigKind =
  | "int"
  | "duration"
  | "seconds"
  | "ratio"
  | "bool"
  | "path"
  | "urlOrEmpty";

/**
 * One setting: where it is in the file, which variables and flag set it (read by the config
 * area's shared {@linkcode OverrideKey} reader), and its rule.
 */
export interface SimConfigKey extends OverrideKey {
  /** Its path in sim.yml, e.g. `["metrics", "port"]`. */
  path: readonly string[];
  kind: SimConfigKind;
  /** Inclusive lower bound (milliseconds for durations). */
  min: number;
  /** Inclusive upper bound (milliseconds for durations). */
  max: number;
}

function _key(
  path: string[],
  kind: SimConfigKind,
  extra: { env?: string[]; flag?: string; min?: number; max?: number } = {},
): SimConfigKey {
  const env = extra.env ?? [`SIM_${path.map(_snake).join("_")}`];
  const key: SimConfigKey = {
    path,
    kind,
    env,
    flag: extra.flag,
    min: extra.min ?? -Number.MAX_SAFE_INTEGER,
    max: extra.max ?? Number.MAX_SAFE_INTEGER,
    parse: (raw) => _parse(key, raw),
  };
  return key;
}

function _parse(key: SimConfigKey, raw: string): ParsedText<unknown> {
  const checked = checkValue(key, valueFromText(key, raw));
  return checked === undefined ? rejectText(ruleOf(key), raw) : checked;
}

const _HOUR_MS = 3_600_000;
const _DAY_MS = 24 * _HOUR_MS;
/** A week: far beyond a useful simulation, and well within what a timer can wait (24.8 days). */
const _WEEK_MS = 7 * _DAY_MS;

function _snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

/**
 * Every setting of sim.yml, in file order. The environment variable of a key is `SIM_` and its
 * path in upper snake case (`metrics.port` → `SIM_METRICS_PORT`), except the Go project's names:
 * `SIM_METRICS` (metrics.enabled) and `SIM_AM_DEBUG` / `PS_AM_DEBUG` (journal.enabled).
 */
export const SIM_CONFIG_KEYS: readonly SimConfigKey[] = [
  _key(["duration"], "duration", { flag: "--duration", min: 1, max: _WEEK_MS }),
  _key(["seed"], "int", { flag: "--seed" }),
  _key(["heartbeat"], "duration", { flag: "--heartbeat", min: 10, max: _HOUR_MS }),
  _key(["printInterval"], "duration", { min: 1, max: _DAY_MS }),
  _key(["maxPeers"], "int", { flag: "--max-peers", min: 1, max: 10_000 }),
  _key(["minPeers"], "int", { min: 0, max: 10_000 }),
  _key(["initialPeers"], "int", { flag: "--initial-peers", min: 0, max: 10_000 }),
  _key(["maxTopics"], "int", { flag: "--max-topics", min: 1, max: 100_000 }),
  _key(["initialTopics"], "int", { min: 0, max: 100_000 }),
  _key(["initialPeersPerTopic"], "int", { min: 0, max: 10_000 }),
  _key(["maxTopicsPerPeer"], "int", { min: 1, max: 100_000 }),
  _key(["maxPeersPerTopic"], "int", { min: 2, max: 10_000 }),
  _key(["maxFriendsPerPeer"], "int", { min: 0, max: 10_000 }),
  _key(["peakTopicPeers"], "int", { min: 1, max: 10_000 }),
  _key(["topicPeakingMinPeers"], "int", { min: 1, max: 10_000 }),
  _key(["topicActiveWindow"], "duration", { min: 1, max: _WEEK_MS }),
  _key(["maxMessagesPerPeer"], "int", { min: 1, max: 1_000_000 }),
  _key(["deliveryTimeout"], "duration", { min: 1, max: _HOUR_MS }),
  ...SIM_ACTIONS.map((name) => _key(["actions", name], "seconds", { min: 0, max: 86_400 })),
  _key(["actionSpread", "min"], "ratio", { max: 100 }),
  _key(["actionSpread", "max"], "ratio", { max: 100 }),
  _key(["network", "dialsPerJoin"], "int", { min: 0, max: 1_000 }),
  _key(["network", "dialConcurrency"], "int", { min: 1, max: 10_000 }),
  _key(["network", "discoveryTtl"], "duration", { min: 1, max: _DAY_MS }),
  _key(["metrics", "enabled"], "bool", { env: ["SIM_METRICS"] }),
  _key(["metrics", "port"], "int", { flag: "--metrics-port", min: 0, max: 65535 }),
  _key(["metrics", "pushgateway"], "urlOrEmpty"),
  _key(["metrics", "pushInterval"], "duration", { min: 1, max: _DAY_MS }),
  _key(["journal", "enabled"], "bool", { env: ["PS_AM_DEBUG", "SIM_AM_DEBUG"], flag: "--journal" }),
  _key(["journal", "file"], "path"),
  _key(["journal", "maxRecords"], "int", { min: 1, max: 100_000_000 }),
];

/** Every environment variable read, for a loader that reads only those. */
export const SIM_ENV_NAMES: readonly string[] = SIM_CONFIG_KEYS.flatMap((key) => key.env);

/** The rule a key's value breaks, as its error text. */
export function ruleOf(key: SimConfigKey): string {
  switch (key.kind) {
    case "int":
      return intRule(key);
    case "duration":
      return `must be a duration like 500ms, 30s, 5m or 1h30m, from ${
        formatDurationMs(key.min)
      } to ${formatDurationMs(key.max)}`;
    case "seconds":
      return `must be a number of seconds from 0 to ${key.max} (0: never)`;
    case "ratio":
      return `must be a number > 0 and <= ${key.max}`;
    case "bool":
      return "must be true or false";
    case "path":
      return "must be a non-empty path";
    case "urlOrEmpty":
      return "must be an http(s) URL or empty";
  }
}

/** The value a key holds once valid: numbers in ms for durations. */
export function checkValue(key: SimConfigKey, value: unknown): { value: unknown } | undefined {
  switch (key.kind) {
    case "int":
      return isIntWithin(value, key) ? { value } : undefined;
    case "duration": {
      const ms = parseDurationMs(value);
      return ms !== undefined && ms >= key.min && ms <= key.max ? { value: ms } : undefined;
    }
    case "seconds":
      return typeof value === "number" && Number.isFinite(value) && value >= 0 &&
          value <= key.max
        ? { value }
        : undefined;
    case "ratio":
      return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= key.max
        ? { value }
        : undefined;
    case "bool":
      return typeof value === "boolean" ? { value } : undefined;
    case "path":
      return typeof value === "string" && value !== "" ? { value } : undefined;
    case "urlOrEmpty":
      return typeof value === "string" && (value === "" || isHttpUrl(value))
        ? { value }
        : undefined;
  }
}

/** A flag's or variable's text as the kind's YAML value would be. */
export function valueFromText(key: SimConfigKey, raw: string): unknown {
  const text = raw.trim();
  switch (key.kind) {
    case "int":
      return intFromText(text) ?? raw;
    case "seconds":
    case "ratio":
      return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
    case "bool":
      return switchFromText(text) ?? raw;
    default:
      return raw;
  }
}
