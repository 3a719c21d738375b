/**
 * Turns the text of a bench config file, a profile name, the environment and the flags into one
 * validated {@linkcode BenchConfig}.
 *
 * @module
 */

import type { BenchFlags } from "./bench_flags.ts";
import { ConfigError } from "./config_error.ts";
import { applyOverrides } from "./_overrides.ts";
import {
  findProblem,
  mergeSections,
  type Problem,
  type ResolvedConfig,
  resolveSections,
} from "./_resolve.ts";
import { FILE_SCHEMA, type FileDocument } from "./_schema.ts";
import {
  formatPath,
  formatValue,
  type Path,
  readYamlSource,
  valueAt,
  type YamlSource,
} from "./_yaml_source.ts";
import type { BenchConfig } from "./types.ts";
import { findSequentialProblem, type SequentialField, withMaxIterations } from "./_sequential.ts";
import type { z } from "zod";

export type { BenchFlags } from "./bench_flags.ts";

/** Options of {@linkcode parseBenchConfig}. */
export interface ParseBenchConfigOptions {
  /**
   * A profile of the file's `profiles` section, deep-merged over the file's values.
   * @default {undefined} (no profile)
   */
  profile?: string;
  /**
   * Environment variables: `NUM_HOSTS`, `RAND_MSGS` (comma lists), `BENCH_VARIANTS`,
   * `BENCH_ITERATIONS`, `BENCH_WARMUPS`, `BENCH_SEED`, `BENCH_PATTERN`, `BENCH_RUN_TIMEOUT_MS`,
   * `BENCH_RESULTS_ROOT`, `BENCH_TRACE`, `PS_TRACING_HOST`, `PS_TRACING_AM`, `PS_AM_DEBUG`,
   * `OTEL_EXPORTER_OTLP_ENDPOINT`. Applied after the file and profile; empty values are ignored.
   * @default {{}} (nothing is read from the real environment)
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Command-line overrides, applied last.
   * @default {{}}
   */
  flags?: Readonly<BenchFlags>;
}

/**
 * Parses and validates a bench config: YAML text, then the chosen profile, then `env`, then
 * `flags`. Every unset field gets its default from `types.ts`. Pure: reads no file, clock or
 * environment, and returns fresh objects.
 *
 * The whole file is checked, including the profiles that are not chosen, so a broken profile
 * is reported whichever profile is used. The rules that tie sequential sampling to `iterations`
 * and `variants` are checked once, on the final config: a flag may mend what the file left.
 *
 * @param text The YAML text; empty means all defaults.
 * @param fileName The file's name as the user knows it; it starts every file error message.
 * @throws {ConfigError} one line naming the place (`bench.yml:14`, `env NUM_HOSTS`,
 * `flag --hosts`), the rule and the value got.
 *
 * @example
 * ```ts
 * import { parseBenchConfig } from "./parse_bench_config.ts";
 *
 * const config = parseBenchConfig("matrix:\n  hosts: [3]\n", "bench.yml", {
 *   flags: { msgs: "5" },
 * });
 * console.assert(config.matrix.hosts[0] === 3 && config.matrix.msgs[0] === 5);
 * ```
 */
export function parseBenchConfig(
  text: string,
  fileName: string,
  options: ParseBenchConfigOptions = {},
): BenchConfig {
  const source = readYamlSource(text, fileName);
  const doc = _validate(source);
  const { profiles = {}, ...base } = doc;
  const { profile } = options;
  if (profile !== undefined && !Object.hasOwn(profiles, profile)) {
    const defined = Object.keys(profiles).sort().join(", ") || "none";
    throw new ConfigError(
      `${fileName}: unknown profile ${JSON.stringify(profile)} (defined: ${defined})`,
    );
  }

  const layers = new Map<string | undefined, ResolvedConfig>();
  for (const name of [undefined, ...Object.keys(profiles)]) {
    const layer = name === undefined ? base : mergeSections(base, profiles[name]);
    const resolved = resolveSections(layer);
    _throwProblem(source, findProblem(resolved, layer), name);
    layers.set(name, resolved);
  }

  const chosen = layers.get(profile) as ResolvedConfig;
  const { config, originOf } = applyOverrides(chosen, options.env ?? {}, options.flags ?? {});
  _checkSequential(source, config, profile, originOf);
  return {
    ...config,
    matrix: withMaxIterations(config.matrix),
    source: profile === undefined ? { file: fileName } : { file: fileName, profile },
  };
}

const _SEQUENTIAL_FLAGS: Record<SequentialField, string> = {
  untilCiWidth: "--until-ci-width",
  maxIterations: "--max-iterations",
  iterations: "--iterations",
  variants: "--variants",
};

/**
 * The sequential rules once the overrides are in: a problem is blamed on the variable or flag
 * that set the field, else on its place in the file (each layer of the file was checked alone
 * already, so an override is then part of the problem).
 */
function _checkSequential(
  source: YamlSource,
  config: ResolvedConfig,
  profile: string | undefined,
  originOf: (flag: string) => string | undefined,
): void {
  const problem = findSequentialProblem(
    config.matrix,
    (field) => originOf(_SEQUENTIAL_FLAGS[field]),
  );
  if (problem === undefined) return;
  const origin = originOf(_SEQUENTIAL_FLAGS[problem.field]);
  if (origin !== undefined) throw new ConfigError(`${origin}${problem.detail}`);
  _throwProblem(source, { path: ["matrix", problem.field], detail: problem.detail }, profile);
}

/** Checks the file against the schema; reports the problem that comes first in the file. */
function _validate(source: YamlSource): FileDocument {
  const result = FILE_SCHEMA.safeParse(source.data);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => _issueProblems(source, issue));
  problems.sort((a, b) => a.offset - b.offset);
  const first = problems[0];
  throw new ConfigError(first.message, { cause: result.error });
}

interface _LocatedMessage {
  offset: number;
  message: string;
}

function _issueProblems(source: YamlSource, issue: z.core.$ZodIssue): _LocatedMessage[] {
  const at = (path: Path, text: string): _LocatedMessage => {
    const { line, offset } = source.locate(path);
    return { offset, message: `${source.fileName}:${line}: ${text}` };
  };
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys": {
      const where = path.length === 0 ? "the top level" : formatPath(path);
      return issue.keys.map((key) =>
        at(
          [...path, key],
          `unknown key ${JSON.stringify(key)} in ${where} (allowed: ${issue.message})`,
        )
      );
    }
    case "invalid_key": {
      const key = String(path[path.length - 1]);
      const rule = issue.issues[0]?.message ?? issue.message;
      return [at(path, `${formatPath(path.slice(0, -1))} key ${JSON.stringify(key)} ${rule}`)];
    }
    default: {
      const subject = path.length === 0 ? "the top level" : formatPath(path);
      const got = formatValue(valueAt(source.data, path));
      return [at(path, `${subject} ${issue.message}, got ${got}`)];
    }
  }
}

/**
 * Throws `problem`, located in the profile `profile` if the profile sets the path, else in the
 * file's top level.
 */
function _throwProblem(
  source: YamlSource,
  problem: Problem | undefined,
  profile: string | undefined,
): void {
  if (problem === undefined) return;
  let path = problem.path;
  let location = source.locate(path);
  if (profile !== undefined) {
    const inProfile = source.locate(["profiles", profile, ...problem.path]);
    if (inProfile.exact || !location.exact) {
      path = ["profiles", profile, ...problem.path];
      location = inProfile;
    }
  }
  throw new ConfigError(
    `${source.fileName}:${location.line}: ${formatPath(path)}${problem.detail}`,
  );
}
