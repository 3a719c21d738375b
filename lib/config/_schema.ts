/**
 * The zod schema of a bench config file, and the shape it validates to.
 *
 * Every schema's error text is the rule it enforces, written to follow the offending path:
 * "must be an integer >= 2". A strict object's text for an unknown key is instead the list of
 * its allowed keys. `parse_bench_config.ts` turns issues into one-line messages.
 *
 * @module
 */

import { z } from "zod";
import {
  COMPARISON_LIMITS,
  MATRIX_LIMITS,
  RUN_LIMITS,
  SCENARIO_LIMITS,
  VARIANT_LIMITS,
} from "./_limits.ts";
import { type IntBounds, intRule, isHttpUrl } from "./overrides.ts";
import { CI_WIDTH_RULE, isValidCiWidth } from "./_sequential.ts";
import type {
  ChildModules,
  ComparisonConfig,
  GossipsubOptions,
  JobsSetting,
  MatrixConfig,
  ScenarioConfig,
  ShardSpec,
  ShardsSetting,
  TelemetryConfig,
  VariantSpec,
} from "./types.ts";

/** One layer of a config file: the top level without `profiles`, or one profile. */
export interface SectionDocument {
  scenario?: Partial<ScenarioConfig>;
  matrix?: Partial<MatrixConfig>;
  /** Partial variants by name; merged over a built-in or over `default`. */
  variants?: Record<string, Partial<VariantSpec>>;
  runTimeoutMs?: number;
  resultsRoot?: string;
  telemetry?: Partial<TelemetryConfig>;
  comparison?: Partial<ComparisonConfig>;
  jobs?: JobsSetting;
  shard?: ShardSpec;
  shards?: ShardsSetting;
  childModules?: ChildModules;
  v8Flags?: string[];
}

/** A whole config file, as validated. */
export interface FileDocument extends SectionDocument {
  profiles?: Record<string, SectionDocument>;
}

/** Names of variants and profiles: safe in comma lists, paths and file names. */
export const NAME_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The rule for a name, as an error text. */
export const NAME_RULE =
  'must be a name of letters, digits, ".", "_" and "-", not starting with a symbol';

/** An integer schema within inclusive `bounds`; its error text names both. */
function _int(bounds: IntBounds): z.ZodType<number> {
  const rule = intRule(bounds);
  return z.int({ error: rule })
    .min(bounds.min ?? -Number.MAX_SAFE_INTEGER, { error: rule })
    .max(bounds.max ?? Number.MAX_SAFE_INTEGER, { error: rule });
}

/** The rule of a list of integers within `bounds`. */
function _listRule(bounds: IntBounds): string {
  return `must be a non-empty list of integers from ${bounds.min} to ${bounds.max}`;
}

const _OTLP_RULE = "must be an http(s) URL such as http://127.0.0.1:4318, or empty";

function _enum<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number]> {
  return z.enum(values, { error: `must be one of ${values.join(", ")}` });
}

/** A non-empty list without repeats, each item checked by `item`. */
function _list<T>(item: z.ZodType<T>, rule: string): z.ZodType<T[]> {
  return z.array(item, { error: rule })
    .min(1, { error: rule })
    .refine((items) => new Set(items).size === items.length, { error: "must not repeat a value" });
}

/**
 * A strict object whose section may be left empty in YAML (`matrix:` with every key commented
 * out is `null`), which means the same as `{}`.
 */
function _section<S extends z.ZodRawShape>(shape: S, rule = "must be a mapping") {
  const allowed = Object.keys(shape).join(", ");
  const object = z.strictObject(shape, {
    error: (issue) => issue.code === "unrecognized_keys" ? allowed : rule,
  });
  return z.preprocess((value) => value ?? {}, object);
}

function _namedMap<T>(value: z.ZodType<T>, rule: string): z.ZodType<Record<string, T>> {
  const map = z.record(z.string().regex(NAME_PATTERN, { error: NAME_RULE }), value, {
    error: rule,
  });
  return z.preprocess((input) => input ?? {}, map) as unknown as z.ZodType<Record<string, T>>;
}

/** The most runs at once: far beyond any machine's cores, well below what would exhaust it. */
export const MAX_JOBS = 256;
/** The most shards a matrix is sliced into. */
export const MAX_SHARDS = 10000;
/** The values of `childModules`. */
export const CHILD_MODULES: readonly ChildModules[] = ["bundle", "source"];
/** The rule of `childModules`, as an error text. */
export const CHILD_MODULES_RULE = "must be bundle or source";

/** The rule of `jobs`, as an error text. */
export const JOBS_RULE = `must be an integer from 1 to ${MAX_JOBS}, or auto (one per core)`;
/** The rule of `shards`, as an error text. */
export const SHARDS_RULE =
  `must be an integer from ${RUN_LIMITS.shards.min} to ${RUN_LIMITS.shards.max}, ` +
  "or auto (by host count and cores)";
/** The rule of `shard`, as an error text. */
export const SHARD_RULE = `must be I/N: integers with 1 <= I <= N <= ${MAX_SHARDS}`;

/**
 * `I/N` as a shard, or `undefined` when the text breaks {@linkcode SHARD_RULE}. Shared by the
 * file's `shard` key and the `--shard` flag.
 */
export function parseShard(text: string): ShardSpec | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) return undefined;
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  return isValidShard(shard) ? shard : undefined;
}

/** Whether `shard` keeps {@linkcode SHARD_RULE}. */
export function isValidShard(shard: ShardSpec): boolean {
  return Number.isSafeInteger(shard.index) && Number.isSafeInteger(shard.count) &&
    shard.index >= 1 && shard.index <= shard.count && shard.count <= MAX_SHARDS;
}

const _gossipsub: z.ZodType<GossipsubOptions> = _section({
  D: _int(VARIANT_LIMITS.meshDegree).optional(),
  Dlo: _int(VARIANT_LIMITS.meshDegree).optional(),
  Dhi: _int(VARIANT_LIMITS.meshDegree).optional(),
  heartbeatIntervalMs: _int(VARIANT_LIMITS.heartbeatIntervalMs).optional(),
  floodPublish: z.boolean({ error: "must be true or false" }).optional(),
});

const _variant: z.ZodType<Partial<VariantSpec>> = _section({
  stack: _enum(["libp2p3", "libp2p2"]).optional(),
  router: _enum(["gossipsub", "floodsub"]).optional(),
  orchestration: _enum(["plain", "states"]).optional(),
  transport: _enum(["tcp", "deno-tcp", "memory"]).optional(),
  encryption: _enum(["noise", "plaintext"]).optional(),
  ed25519: _enum(["node", "keyobject", "webcrypto"]).optional(),
  memoryLatencyMs: _int(VARIANT_LIMITS.memoryLatencyMs).optional(),
  gossipsub: _gossipsub.optional(),
  validationDelayMs: _int(SCENARIO_LIMITS.validationDelayMs).optional(),
  shards: _int(RUN_LIMITS.shards).optional(),
});

const _scenario: z.ZodType<Partial<ScenarioConfig>> = _section({
  topic: z.string({ error: "must be a non-empty string" })
    .min(1, { error: "must be a non-empty string" }).optional(),
  pattern: _enum(["serial", "burst"]).optional(),
  payloadBytes: _int(SCENARIO_LIMITS.payloadBytes).optional(),
  deliveryTimeoutMs: _int(SCENARIO_LIMITS.deliveryTimeoutMs).optional(),
  dialsPerHost: _int(SCENARIO_LIMITS.dialsPerHost).optional(),
  dialConcurrency: _int(SCENARIO_LIMITS.dialConcurrency).optional(),
  discoveryTtlMs: _int(SCENARIO_LIMITS.discoveryTtlMs).optional(),
  bootstrapBackoffMs: _int(SCENARIO_LIMITS.bootstrapBackoffMs).optional(),
  bootstrapMaxBackoffMs: _int(SCENARIO_LIMITS.bootstrapMaxBackoffMs).optional(),
  bootstrapMaxAttempts: _int(SCENARIO_LIMITS.bootstrapMaxAttempts).optional(),
  validationDelayMs: _int(SCENARIO_LIMITS.validationDelayMs).optional(),
  readyTopicPeers: _int(SCENARIO_LIMITS.readyTopicPeers).optional(),
});

const _matrix: z.ZodType<Partial<MatrixConfig>> = _section({
  hosts: _list(_int(MATRIX_LIMITS.hosts), _listRule(MATRIX_LIMITS.hosts)).optional(),
  msgs: _list(_int(MATRIX_LIMITS.msgs), _listRule(MATRIX_LIMITS.msgs)).optional(),
  variants: _list(
    z.string({ error: "must be a variant name" }),
    "must be a non-empty list of variant names",
  ).optional(),
  iterations: _int(MATRIX_LIMITS.iterations).optional(),
  warmups: _int(MATRIX_LIMITS.warmups).optional(),
  warmupsPerVariant: _int(MATRIX_LIMITS.warmupsPerVariant).optional(),
  seed: _int(MATRIX_LIMITS.seed).optional(),
  untilCiWidth: z.number({ error: CI_WIDTH_RULE })
    .refine(isValidCiWidth, { error: CI_WIDTH_RULE }).optional(),
  maxIterations: _int(MATRIX_LIMITS.maxIterations).optional(),
});

const _jobs: z.ZodType<JobsSetting> = z.union([
  z.literal("auto"),
  z.int({ error: JOBS_RULE }).min(1, { error: JOBS_RULE }).max(MAX_JOBS, { error: JOBS_RULE }),
], { error: JOBS_RULE });

const _shards: z.ZodType<ShardsSetting> = z.union([
  z.literal("auto"),
  z.int({ error: SHARDS_RULE })
    .min(RUN_LIMITS.shards.min, { error: SHARDS_RULE })
    .max(RUN_LIMITS.shards.max, { error: SHARDS_RULE }),
], { error: SHARDS_RULE });

// `2/4` in YAML; config.json stores the parsed object, so both read back.
const _shard: z.ZodType<ShardSpec> = z.union([
  z.string().transform((text, context) => {
    const shard = parseShard(text);
    if (shard === undefined) {
      context.addIssue({ code: "custom", message: SHARD_RULE });
      return z.NEVER;
    }
    return shard;
  }),
  z.strictObject({ index: z.int(), count: z.int() })
    .refine(isValidShard, { error: SHARD_RULE }),
], { error: SHARD_RULE }) as unknown as z.ZodType<ShardSpec>;

const _telemetry: z.ZodType<Partial<TelemetryConfig>> = _section({
  trace: z.boolean({ error: "must be true or false" }).optional(),
  tracingHost: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
  tracingMachines: z.union([z.literal(0), z.literal(1), z.literal(2)], {
    error: "must be 0, 1 or 2",
  }).optional(),
  journal: z.boolean({ error: "must be true or false" }).optional(),
  journalMaxRecords: _int(RUN_LIMITS.journalMaxRecords).optional(),
  otlpEndpoint: z.string({ error: _OTLP_RULE })
    .refine((value) => value === "" || isHttpUrl(value), { error: _OTLP_RULE })
    .optional(),
});

const _comparison: z.ZodType<Partial<ComparisonConfig>> = _section({
  minSamples: _int(COMPARISON_LIMITS.minSamples).optional(),
  primary: _enum(["activeMs", "cpuMs"]).optional(),
  falseDiscoveryRate: z.number({ error: "must be a number > 0 and < 1" })
    .gt(0, { error: "must be a number > 0 and < 1" })
    .lt(1, { error: "must be a number > 0 and < 1" }).optional(),
  noiseFloor: z.number({ error: "must be a number >= 0 and < 1" })
    .min(0, { error: "must be a number >= 0 and < 1" })
    .lt(1, { error: "must be a number >= 0 and < 1" }).optional(),
  calibration: z.string({ error: "must be a path or empty" }).optional(),
});

/** One V8 flag as `deno run --v8-flags` takes it (flags are joined with commas there). */
export const V8_FLAG_PATTERN = /^--[a-z0-9][a-z0-9_-]*(=[^\s,]+)?$/;
/** What a V8 flag must look like. */
export const V8_FLAG_RULE = 'must be a V8 flag: "--name" or "--name=value", no spaces or commas';

const _sectionShape = {
  scenario: _scenario.optional(),
  matrix: _matrix.optional(),
  variants: _namedMap(_variant, "must be a mapping of variant names to variants").optional(),
  runTimeoutMs: _int(RUN_LIMITS.runTimeoutMs).optional(),
  resultsRoot: z.string({ error: "must be a non-empty path" })
    .min(1, { error: "must be a non-empty path" }).optional(),
  telemetry: _telemetry.optional(),
  comparison: _comparison.optional(),
  jobs: _jobs.optional(),
  shard: _shard.optional(),
  shards: _shards.optional(),
  childModules: z.enum(CHILD_MODULES, { error: CHILD_MODULES_RULE }).optional(),
  v8Flags: z.array(
    z.string({ error: V8_FLAG_RULE }).regex(V8_FLAG_PATTERN, { error: V8_FLAG_RULE }),
    { error: "must be a list of V8 flags" },
  ).optional(),
};

/** One profile: the top-level shape without `profiles`. */
const _profile: z.ZodType<SectionDocument> = _section(_sectionShape);

/** The whole file; `null` (an empty file) means `{}`. */
export const FILE_SCHEMA: z.ZodType<FileDocument> = _section(
  {
    ..._sectionShape,
    profiles: _namedMap(_profile, "must be a mapping of profile names to profiles").optional(),
  },
  "must be a mapping",
);
