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
import type {
  GossipsubOptions,
  MatrixConfig,
  ScenarioConfig,
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

/** The rule for an integer at least `min`, as an error text. */
export function intRule(min?: number): string {
  return min === undefined ? "must be an integer" : `must be an integer >= ${min}`;
}

/** An integer schema; `min` is inclusive. */
function _int(min?: number, rule: string = intRule(min)): z.ZodType<number> {
  const int = z.int({ error: rule });
  return min === undefined ? int : int.min(min, { error: rule });
}

/** An integer > 0 (milliseconds). */
function _positiveMs(): z.ZodType<number> {
  return _int(1, "must be an integer > 0");
}

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

const _gossipsub: z.ZodType<GossipsubOptions> = _section({
  D: _int(1).optional(),
  Dlo: _int(1).optional(),
  Dhi: _int(1).optional(),
  heartbeatIntervalMs: _positiveMs().optional(),
  floodPublish: z.boolean({ error: "must be true or false" }).optional(),
});

const _variant: z.ZodType<Partial<VariantSpec>> = _section({
  stack: _enum(["libp2p3", "libp2p2"]).optional(),
  router: _enum(["gossipsub", "floodsub"]).optional(),
  orchestration: _enum(["plain", "states"]).optional(),
  transport: _enum(["tcp", "deno-tcp", "memory"]).optional(),
  encryption: _enum(["noise", "plaintext"]).optional(),
  ed25519: _enum(["node", "webcrypto"]).optional(),
  memoryLatencyMs: _int(0).optional(),
  gossipsub: _gossipsub.optional(),
});

const _scenario: z.ZodType<Partial<ScenarioConfig>> = _section({
  topic: z.string({ error: "must be a non-empty string" })
    .min(1, { error: "must be a non-empty string" }).optional(),
  pattern: _enum(["serial", "burst"]).optional(),
  payloadBytes: _int(16).optional(),
  deliveryTimeoutMs: _positiveMs().optional(),
  dialsPerHost: _int(1).optional(),
  dialConcurrency: _int(1).optional(),
  discoveryTtlMs: _positiveMs().optional(),
  bootstrapBackoffMs: _positiveMs().optional(),
  bootstrapMaxBackoffMs: _positiveMs().optional(),
  bootstrapMaxAttempts: _int(1).optional(),
  validationDelayMs: _int(0).optional(),
});

const _matrix: z.ZodType<Partial<MatrixConfig>> = _section({
  hosts: _list(_int(2), "must be a non-empty list of integers >= 2").optional(),
  msgs: _list(_int(1), "must be a non-empty list of integers >= 1").optional(),
  variants: _list(
    z.string({ error: "must be a variant name" }),
    "must be a non-empty list of variant names",
  ).optional(),
  iterations: _int(1).optional(),
  warmups: _int(0).optional(),
  seed: _int().optional(),
});

const _telemetry: z.ZodType<Partial<TelemetryConfig>> = _section({
  trace: z.boolean({ error: "must be true or false" }).optional(),
  tracingHost: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
  tracingMachines: z.union([z.literal(0), z.literal(1), z.literal(2)], {
    error: "must be 0, 1 or 2",
  }).optional(),
  journal: z.boolean({ error: "must be true or false" }).optional(),
  journalMaxRecords: _int(1).optional(),
  otlpEndpoint: z.string({ error: "must be a URL or empty" })
    .refine((value) => value === "" || URL.canParse(value), { error: "must be a URL or empty" })
    .optional(),
});

const _sectionShape = {
  scenario: _scenario.optional(),
  matrix: _matrix.optional(),
  variants: _namedMap(_variant, "must be a mapping of variant names to variants").optional(),
  runTimeoutMs: _positiveMs().optional(),
  resultsRoot: z.string({ error: "must be a non-empty path" })
    .min(1, { error: "must be a non-empty path" }).optional(),
  telemetry: _telemetry.optional(),
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
