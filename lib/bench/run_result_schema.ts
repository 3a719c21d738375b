/**
 * The one schema every line of a results file is checked against before it is used: by the
 * report, by `bench --resume`, by anything that reads results back.
 *
 * {@linkcode RunResult} in `run_result.ts` stays the source of truth: the type check at the end of
 * this file fails `deno check` the moment the schema and the type disagree on a field, its type or
 * whether it is optional. Fields the schema does not know are tolerated at every level (a newer
 * writer's field, a merge of benches with extra fields) and kept as they are.
 *
 * @module
 */
import { z } from "zod";
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import type { RunResult } from "./run_result.ts";

/** A number of milliseconds, bytes or events: finite and not negative. */
const _amount = z.number().nonnegative();
/** A count of things. */
const _count = z.int().nonnegative();

/** Any JSON object: the config sections a run carries, checked where the config is parsed. */
function _object<T>(what: string) {
  return z.custom<T>(
    (value) => typeof value === "object" && value !== null && !Array.isArray(value),
    { error: `must be an object (the run's ${what})` },
  );
}

const _phases = z.object({
  init: _amount,
  subscribe: _amount,
  firstMessage: _amount,
  randomMessages: _amount,
  stop: _amount,
});

const _latency = z.object({
  count: _count,
  p50: _amount,
  p95: _amount,
  p99: _amount,
  max: _amount,
});

/** The figures an ok run must have measured: every statistic is computed from them. */
const _measured = {
  phasesMs: _phases,
  waitedMs: _amount,
  activeMs: _amount,
  totalMs: _amount,
  peakRssBytes: _amount,
  heapUsedMaxBytes: _amount,
  heapUsedFinalBytes: _amount,
  cpuUserMs: _amount,
  cpuSystemMs: _amount,
  cpuMs: _amount,
  messagesExpected: _count,
  messagesDelivered: _count,
  messagesMissed: z.int(),
  latencyMs: _latency,
  lastDeliveryMsMedian: _amount,
  duplicatesPerDelivery: z.number(),
  meshDegreeAtFirstPublish: _amount,
  meshDegreeMeanAtFirstPublish: _amount,
};

const _optionallyMeasured = {
  bootstrapAttempts: _count.optional(),
  dialFailures: _count.optional(),
  seedFingerprint: z.string().optional(),
  transitions: z.record(z.string(), _count).optional(),
  speedProbeCpuMs: _amount.optional(),
  speedProbeWallMs: _amount.optional(),
};

const _environment = z.object({
  deno: z.string(),
  v8: z.string(),
  typescript: z.string(),
  os: z.string(),
  cpuModel: z.string(),
  cpuCount: _count,
  memoryBytes: _amount,
  hostname: z.string().optional(),
  gitCommit: z.string(),
  packages: z.record(z.string(), z.string()),
  childModules: z.enum(["bundle", "source"]).optional(),
});

const _shape = {
  schema: z.literal(1),
  key: z.string().min(1),
  benchId: z.string(),
  cell: z.object({ hosts: _count, msgs: _count, variant: z.string().min(1) }),
  iteration: _count,
  warmup: z.boolean(),
  traced: z.boolean().optional(),
  telemetryFiles: z.record(z.string(), z.string()).optional(),
  telemetryWarnings: z.array(z.string()).optional(),
  seed: z.int(),
  ok: z.boolean(),
  failure: z.string().optional(),
  reached: z.object({
    phase: z.string(),
    phasesCompleted: z.array(z.string()),
    hostsJoined: _count,
    hosts: _count,
    deliveries: _count,
    deliveriesExpected: _count,
  }).optional(),
  shards: z.int().min(1).optional(),
  readyTopicPeers: _count.optional(),
  v8Flags: z.array(z.string()).optional(),
  startedAt: z.string(),
  durationMs: _amount,
  exitAfterReportMs: _amount.optional(),
  loadMs: _amount.optional(),
  variantSpec: _object<VariantSpec>("variant"),
  scenario: _object<ScenarioConfig>("scenario"),
  environment: _environment,
  ...Object.fromEntries(
    Object.entries(_measured).map(([name, schema]) => [name, schema.optional()]),
  ) as { [K in keyof typeof _measured]: z.ZodOptional<(typeof _measured)[K]> },
  ..._optionallyMeasured,
};

/** Every figure an ok run must carry, present. */
const _OK_RUN_MEASURED = z.object(_measured);

/**
 * The schema of one results line. Unknown fields pass (and stay in the value the caller keeps);
 * a run marked ok must carry every measurement, since every statistic is computed from them.
 */
export const RUN_RESULT_SCHEMA = z.object(_shape).superRefine((result, context) => {
  if (!result.ok) return;
  const measured = _OK_RUN_MEASURED.safeParse(result);
  for (const issue of measured.success ? [] : measured.error.issues) {
    context.addIssue({ ...issue, message: `${issue.message} (an ok run must have it)` });
  }
});

/** A results line checked: the run, or the first problem in one line. */
export type CheckedRunResult = { result: RunResult } | { problem: string };

/**
 * Checks a parsed results line against {@linkcode RUN_RESULT_SCHEMA}. The run returned is `value`
 * itself, unknown fields and all.
 *
 * @example
 * ```ts
 * import { checkRunResult } from "./run_result_schema.ts";
 *
 * const checked = checkRunResult({ schema: 1, key: "x", ok: true });
 * console.assert("problem" in checked && checked.problem === "benchId is missing");
 * ```
 */
export function checkRunResult(value: unknown): CheckedRunResult {
  const parsed = RUN_RESULT_SCHEMA.safeParse(value);
  if (parsed.success) return { result: value as RunResult };
  return { problem: _describeIssue(parsed.error.issues[0], value) };
}

function _describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const path = issue.path.map(String).join(".");
  if (path === "") {
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? issue.message
      : "not an object";
  }
  const got = _valueAt(value, issue.path);
  if (got === undefined) {
    return `${path} is missing${
      issue.message.endsWith("have it)") ? " (an ok run must have it)" : ""
    }`;
  }
  const shown = JSON.stringify(got) ?? String(got);
  return `${path}: ${_rule(issue)}, got ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}`;
}

function _rule(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `must be ${issue.expected === "int" ? "an integer" : `a ${issue.expected}`}`;
    case "too_small":
      return `must be >= ${issue.minimum}`;
    case "invalid_value":
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
    default:
      return issue.message;
  }
}

function _valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

type _Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
/**
 * Fails `deno check` when RunResult and the schema differ: add or change the field in both.
 * (The value is never used; its type is the check.)
 */
const _SCHEMA_MATCHES_RUN_RESULT: _Equals<z.output<typeof RUN_RESULT_SCHEMA>, RunResult> = true;
void _SCHEMA_MATCHES_RUN_RESULT;
