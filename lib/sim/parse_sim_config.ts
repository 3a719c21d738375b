/**
 * Turns the text of `sim.yml`, the environment and the flags into one validated
 * {@linkcode SimConfig}, the way `lib/config` does for `bench.yml`: a zod schema for the file,
 * errors that name the file and line (or the variable, or the flag), the rule and the value got.
 *
 * @module
 */
import { z } from "zod";
import { ConfigError, readOverrides } from "../config/mod.ts";
// The YAML reader that tracks line numbers is the config area's; it is not in its mod.ts yet
// (see the report), and a second copy here would drift from it.
import {
  formatPath,
  formatValue,
  type Path,
  readYamlSource,
  valueAt,
  type YamlSource,
} from "../config/mod.ts";
import { DEFAULT_SIM_CONFIG, SIM_ACTIONS, type SimConfig } from "./sim_config.ts";
import {
  checkValue,
  ruleOf,
  SIM_CONFIG_KEYS,
  SIM_ENV_NAMES,
  type SimConfigKey,
} from "./_sim_config_keys.ts";

export { SIM_CONFIG_KEYS, SIM_ENV_NAMES };
export type { SimConfigKey };

/**
 * Command-line overrides as raw strings, the way a CLI parser gives them; each one overrides its
 * environment variable, which overrides the file.
 */
export interface SimFlags {
  /** `--duration`, e.g. `30s`. */
  duration?: string;
  /** `--max-peers`. */
  maxPeers?: string;
  /** `--max-topics`. */
  maxTopics?: string;
  /** `--initial-peers`. */
  initialPeers?: string;
  /** `--metrics-port`. */
  metricsPort?: string;
  /** `--seed`. */
  seed?: string;
  /** `--heartbeat`, e.g. `500ms`. */
  heartbeat?: string;
  /** `--journal`: `"true"` or `"false"`. */
  journal?: string;
}

/** Options of {@linkcode parseSimConfig}. */
export interface ParseSimConfigOptions {
  /**
   * Environment variables (see {@linkcode SIM_CONFIG_KEYS} for the names); empty values are
   * ignored.
   * @default {{}} (nothing is read from the real environment)
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line overrides, applied last. @default {{}} */
  flags?: Readonly<SimFlags>;
}

function _leafSchema(key: SimConfigKey): z.ZodType {
  const rule = ruleOf(key);
  return z.unknown().superRefine((value, ctx) => {
    if (checkValue(key, value) === undefined) ctx.addIssue({ code: "custom", message: rule });
  }).optional();
}

/** The file's schema: strict sections, built from {@linkcode SIM_CONFIG_KEYS}. */
function _fileSchema(): z.ZodType {
  const top: Record<string, z.ZodType> = {};
  const sections: Record<string, Record<string, z.ZodType>> = {};
  for (const key of SIM_CONFIG_KEYS) {
    if (key.path.length === 1) top[key.path[0]] = _leafSchema(key);
    else (sections[key.path[0]] ??= {})[key.path[1]] = _leafSchema(key);
  }
  for (const [name, shape] of Object.entries(sections)) top[name] = _section(shape).optional();
  return _section(top);
}

function _section(shape: Record<string, z.ZodType>): z.ZodType {
  const allowed = Object.keys(shape).join(", ");
  const object = z.strictObject(shape, {
    error: (issue) => issue.code === "unrecognized_keys" ? allowed : "must be a mapping",
  });
  // A section with every key commented out is null in YAML: the same as {}.
  return z.preprocess((value) => value ?? {}, object);
}

const _FILE_SCHEMA = _fileSchema();

/** Where a value came from, for blaming it in a message. */
type _Origin = { kind: "default" } | { kind: "file"; line: number } | {
  kind: "env";
  name: string;
} | { kind: "flag"; name: string };

/**
 * Parses and validates a simulator config: YAML text, then `env`, then `flags`. Every unset
 * key gets its default (see `sim_config.ts`); a default that would contradict a value the user
 * set (40 initial peers for `--max-peers 5`) is lowered to fit. Pure: reads no file, clock or
 * environment.
 *
 * @param text The YAML text; empty means all defaults.
 * @param fileName The file's name as the user knows it; it starts every file error message.
 * @throws {ConfigError} one line naming the place (`sim.yml:4`, `env SIM_MAX_PEERS`,
 * `flag --max-peers`), the rule and the value got.
 *
 * @example
 * ```ts
 * const config = parseSimConfig("maxPeers: 8\n", "sim.yml", { flags: { duration: "30s" } });
 * console.assert(config.maxPeers === 8 && config.durationMs === 30_000);
 * ```
 */
export function parseSimConfig(
  text: string,
  fileName: string,
  options: ParseSimConfigOptions = {},
): SimConfig {
  const source = readYamlSource(text, fileName);
  _validate(source);
  const values = new Map<string, unknown>();
  const origins = new Map<string, _Origin>();
  for (const key of SIM_CONFIG_KEYS) {
    const id = key.path.join(".");
    const raw = valueAt(source.data, key.path);
    if (raw === undefined) continue;
    values.set(id, (checkValue(key, raw) as { value: unknown }).value);
    origins.set(id, { kind: "file", line: source.locate(key.path).line });
  }
  const given = readOverrides(SIM_CONFIG_KEYS, {
    env: options.env,
    flags: options.flags as Readonly<Record<string, string | undefined>> | undefined,
  });
  for (const { key, value, origin } of given) {
    const id = key.path.join(".");
    values.set(id, value);
    origins.set(id, origin);
  }
  const config = _resolve(values);
  const notes = _fitToLaterLayers(config, origins, fileName);
  _checkRelations(config, origins, fileName);
  return { ...config, notes, source: { file: fileName } };
}

function _validate(source: YamlSource): void {
  const result = _FILE_SCHEMA.safeParse(source.data);
  if (result.success) return;
  const problems = result.error.issues.flatMap((issue) => {
    const at = (path: Path, message: string): { offset: number; message: string } => {
      const { line, offset } = source.locate(path);
      return { offset, message: `${source.fileName}:${line}: ${message}` };
    };
    const path = issue.path;
    if (issue.code === "unrecognized_keys") {
      const where = path.length === 0 ? "the top level" : formatPath(path);
      return issue.keys.map((key) =>
        at(
          [...path, key],
          `unknown key ${JSON.stringify(key)} in ${where} (allowed: ${issue.message})`,
        )
      );
    }
    const subject = path.length === 0 ? "the top level" : formatPath(path);
    const got = formatValue(valueAt(source.data, path));
    return [at(path, `${subject} ${issue.message}, got ${got}`)];
  });
  problems.sort((a, b) => a.offset - b.offset);
  throw new ConfigError(problems[0].message, { cause: result.error });
}

function _resolve(values: Map<string, unknown>): Omit<SimConfig, "source" | "notes"> {
  const d = DEFAULT_SIM_CONFIG;
  const get = <T>(id: string, fallback: T): T => (values.has(id) ? values.get(id) as T : fallback);
  return {
    durationMs: get("duration", d.durationMs),
    seed: get("seed", d.seed),
    heartbeatMs: get("heartbeat", d.heartbeatMs),
    printIntervalMs: get("printInterval", d.printIntervalMs),
    maxPeers: get("maxPeers", d.maxPeers),
    minPeers: get("minPeers", d.minPeers),
    initialPeers: get("initialPeers", d.initialPeers),
    maxTopics: get("maxTopics", d.maxTopics),
    initialTopics: get("initialTopics", d.initialTopics),
    initialPeersPerTopic: get("initialPeersPerTopic", d.initialPeersPerTopic),
    maxTopicsPerPeer: get("maxTopicsPerPeer", d.maxTopicsPerPeer),
    maxPeersPerTopic: get("maxPeersPerTopic", d.maxPeersPerTopic),
    maxFriendsPerPeer: get("maxFriendsPerPeer", d.maxFriendsPerPeer),
    peakTopicPeers: get("peakTopicPeers", d.peakTopicPeers),
    topicPeakingMinPeers: get("topicPeakingMinPeers", d.topicPeakingMinPeers),
    topicActiveWindowMs: get("topicActiveWindow", d.topicActiveWindowMs),
    maxMessagesPerPeer: get("maxMessagesPerPeer", d.maxMessagesPerPeer),
    deliveryTimeoutMs: get("deliveryTimeout", d.deliveryTimeoutMs),
    actions: Object.fromEntries(
      SIM_ACTIONS.map((name) => [name, get(`actions.${name}`, d.actions[name])]),
    ) as SimConfig["actions"],
    actionSpread: {
      min: get("actionSpread.min", d.actionSpread.min),
      max: get("actionSpread.max", d.actionSpread.max),
    },
    network: {
      dialsPerJoin: get("network.dialsPerJoin", d.network.dialsPerJoin),
      dialConcurrency: get("network.dialConcurrency", d.network.dialConcurrency),
      discoveryTtlMs: get("network.discoveryTtl", d.network.discoveryTtlMs),
    },
    metrics: {
      enabled: get("metrics.enabled", d.metrics.enabled),
      port: get("metrics.port", d.metrics.port),
      pushgateway: get("metrics.pushgateway", d.metrics.pushgateway),
      pushIntervalMs: get("metrics.pushInterval", d.metrics.pushIntervalMs),
    },
    journal: {
      enabled: get("journal.enabled", d.journal.enabled),
      file: get("journal.file", d.journal.file),
      maxRecords: get("journal.maxRecords", d.journal.maxRecords),
    },
  };
}

/** `[dependent, bound, relation]`: dependent must be <= bound (`<` when strict). */
const _RELATIONS: ReadonlyArray<{
  small: keyof SimConfig;
  big: keyof SimConfig;
  strict?: boolean;
  why: string;
}> = [
  { small: "initialPeers", big: "maxPeers", why: "" },
  { small: "minPeers", big: "maxPeers", strict: true, why: ", or removePeer could never run" },
  { small: "initialTopics", big: "maxTopics", why: "" },
  { small: "initialPeersPerTopic", big: "maxPeersPerTopic", why: "" },
  {
    small: "topicPeakingMinPeers",
    big: "maxPeersPerTopic",
    why: ", or no topic could ever peak",
  },
];

function _rank(origins: Map<string, _Origin>, id: string): number {
  return ["default", "file", "env", "flag"].indexOf(origins.get(id)?.kind ?? "default");
}

/**
 * Lowers a value that contradicts one set in a later layer (a default, or the file's value, under
 * `--max-peers 5`), so a flag or variable can shrink the world without restating every cap.
 * Returns a note for each value the user had set.
 */
function _fitToLaterLayers(
  config: Omit<SimConfig, "source" | "notes">,
  origins: Map<string, _Origin>,
  fileName: string,
): string[] {
  const numbers = config as unknown as Record<string, number>;
  const notes: string[] = [];
  for (const { small, big, strict } of _RELATIONS) {
    if (_rank(origins, small) >= _rank(origins, big)) continue;
    const limit = Math.max(strict ? numbers[big] - 1 : numbers[big], 0);
    if (numbers[small] <= limit) continue;
    if (origins.has(small)) {
      const from = _where(origins.get(small), fileName).slice(0, -2);
      const by = _where(origins.get(big), fileName).slice(0, -2);
      notes.push(
        `${small} ${numbers[small]} (${from}) lowered to ${limit} to fit ${big} ${
          numbers[big]
        } (${by})`,
      );
    }
    numbers[small] = limit;
  }
  return notes;
}

function _checkRelations(
  config: Omit<SimConfig, "source" | "notes">,
  origins: Map<string, _Origin>,
  fileName: string,
): void {
  const numbers = config as unknown as Record<string, number>;
  for (const { small, big, strict, why } of _RELATIONS) {
    const a = numbers[small];
    const b = numbers[big];
    if (strict ? a < b : a <= b) continue;
    // A value set in a later layer than its bound was lowered to fit; what is left contradicts a
    // bound of the same layer or an earlier one, so the dependent value is the one to blame.
    const [key, other, value, otherValue] = [small, big, a, b];
    const relation = strict ? "<" : "<=";
    const shown = origins.has(other) ? String(otherValue) : `${otherValue}, the default`;
    throw new ConfigError(
      `${
        _where(origins.get(key), fileName)
      }${key} must be ${relation} ${other} (${shown})${why}, got ${value}`,
    );
  }
  const { min, max } = config.actionSpread;
  if (min > max) {
    const origin = origins.get("actionSpread.max") ?? origins.get("actionSpread.min");
    throw new ConfigError(
      `${
        _where(origin, fileName)
      }actionSpread.min must be <= actionSpread.max, got ${min} > ${max}`,
    );
  }
}

function _where(origin: _Origin | undefined, fileName: string): string {
  switch (origin?.kind) {
    case "file":
      return `${fileName}:${origin.line}: `;
    case "env":
      return `env ${origin.name}: `;
    case "flag":
      return `flag ${origin.name}: `;
    default:
      return `${fileName}: `;
  }
}
