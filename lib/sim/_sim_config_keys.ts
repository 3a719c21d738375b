/**
 * The settings of sim.yml: their paths, environment variables, flags, rules, and how a value
 * is checked or read from text. Shared by the parser and the loader.
 *
 * @module
 */
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

/** One setting: where it is in the file, which variables and flag set it, and its rule. */
export interface SimConfigKey {
  /** Its path in sim.yml, e.g. `["metrics", "port"]`. */
  path: readonly string[];
  /** Environment variables that set it, applied in this order (a later one wins). */
  env: readonly string[];
  /** The flag that sets it, if any, e.g. `--max-peers`. */
  flag?: string;
  kind: SimConfigKind;
  /** Inclusive lower bound (milliseconds for durations). */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
}

function _key(
  path: string[],
  kind: SimConfigKind,
  extra: { env?: string[]; flag?: string; min?: number; max?: number } = {},
): SimConfigKey {
  const env = extra.env ?? [`SIM_${path.map(_snake).join("_")}`];
  return { path, kind, env, flag: extra.flag, min: extra.min, max: extra.max };
}

function _snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

/**
 * Every setting of sim.yml, in file order. The environment variable of a key is `SIM_` and its
 * path in upper snake case (`metrics.port` → `SIM_METRICS_PORT`), except the Go project's names:
 * `SIM_METRICS` (metrics.enabled) and `SIM_AM_DEBUG` / `PS_AM_DEBUG` (journal.enabled).
 */
export const SIM_CONFIG_KEYS: readonly SimConfigKey[] = [
  _key(["duration"], "duration", { flag: "--duration", min: 1 }),
  _key(["seed"], "int", { flag: "--seed" }),
  _key(["heartbeat"], "duration", { flag: "--heartbeat", min: 10 }),
  _key(["printInterval"], "duration", { min: 1 }),
  _key(["maxPeers"], "int", { flag: "--max-peers", min: 1 }),
  _key(["minPeers"], "int", { min: 0 }),
  _key(["initialPeers"], "int", { flag: "--initial-peers", min: 0 }),
  _key(["maxTopics"], "int", { flag: "--max-topics", min: 1 }),
  _key(["initialTopics"], "int", { min: 0 }),
  _key(["initialPeersPerTopic"], "int", { min: 0 }),
  _key(["maxTopicsPerPeer"], "int", { min: 1 }),
  _key(["maxPeersPerTopic"], "int", { min: 2 }),
  _key(["maxFriendsPerPeer"], "int", { min: 0 }),
  _key(["peakTopicPeers"], "int", { min: 1 }),
  _key(["topicPeakingMinPeers"], "int", { min: 1 }),
  _key(["topicActiveWindow"], "duration", { min: 1 }),
  _key(["maxMessagesPerPeer"], "int", { min: 1 }),
  _key(["deliveryTimeout"], "duration", { min: 1 }),
  ...SIM_ACTIONS.map((name) => _key(["actions", name], "seconds", { min: 0 })),
  _key(["actionSpread", "min"], "ratio"),
  _key(["actionSpread", "max"], "ratio"),
  _key(["network", "dialsPerJoin"], "int", { min: 0 }),
  _key(["network", "dialConcurrency"], "int", { min: 1 }),
  _key(["network", "discoveryTtl"], "duration", { min: 1 }),
  _key(["metrics", "enabled"], "bool", { env: ["SIM_METRICS"] }),
  _key(["metrics", "port"], "int", { flag: "--metrics-port", min: 0, max: 65535 }),
  _key(["metrics", "pushgateway"], "urlOrEmpty"),
  _key(["metrics", "pushInterval"], "duration", { min: 1 }),
  _key(["journal", "enabled"], "bool", { env: ["PS_AM_DEBUG", "SIM_AM_DEBUG"], flag: "--journal" }),
  _key(["journal", "file"], "path"),
  _key(["journal", "maxRecords"], "int", { min: 1 }),
];

/** Every environment variable read, for a loader that reads only those. */
export const SIM_ENV_NAMES: readonly string[] = SIM_CONFIG_KEYS.flatMap((key) => key.env);

/** The rule a key's value breaks, as its error text. */
export function ruleOf(key: SimConfigKey): string {
  switch (key.kind) {
    case "int":
      if (key.max !== undefined) return `must be an integer from ${key.min} to ${key.max}`;
      return key.min === undefined ? "must be an integer" : `must be an integer >= ${key.min}`;
    case "duration":
      return `must be a duration like 500ms, 30s, 5m or 1h30m${
        key.min !== undefined && key.min > 1 ? ` of at least ${formatDurationMs(key.min)}` : ""
      }`;
    case "seconds":
      return "must be a number of seconds >= 0 (0: never)";
    case "ratio":
      return "must be a number > 0";
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
      return Number.isSafeInteger(value) && (key.min === undefined || value as number >= key.min) &&
          (key.max === undefined || value as number <= key.max)
        ? { value }
        : undefined;
    case "duration": {
      const ms = parseDurationMs(value);
      return ms !== undefined && ms >= (key.min ?? 0) ? { value: ms } : undefined;
    }
    case "seconds":
      return typeof value === "number" && Number.isFinite(value) && value >= 0
        ? { value }
        : undefined;
    case "ratio":
      return typeof value === "number" && Number.isFinite(value) && value > 0
        ? { value }
        : undefined;
    case "bool":
      return typeof value === "boolean" ? { value } : undefined;
    case "path":
      return typeof value === "string" && value !== "" ? { value } : undefined;
    case "urlOrEmpty":
      return typeof value === "string" && (value === "" || /^https?:\/\/[^/]/.test(value))
        ? { value }
        : undefined;
  }
}

/** A flag's or variable's text as the kind's YAML value would be. */
export function valueFromText(key: SimConfigKey, raw: string): unknown {
  const text = raw.trim();
  switch (key.kind) {
    case "int":
      return /^[+-]?\d+$/.test(text) ? Number(text) : raw;
    case "seconds":
    case "ratio":
      return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
    case "bool": {
      const lower = text.toLowerCase();
      if (["1", "true", "yes", "on"].includes(lower)) return true;
      if (["0", "false", "no", "off"].includes(lower)) return false;
      return raw;
    }
    default:
      return raw;
  }
}
