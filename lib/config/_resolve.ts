/**
 * From validated file layers to a defaulted config, and the checks that span several fields.
 *
 * @module
 */

import { BUILTIN_VARIANTS } from "./builtin_variants.ts";
import {
  DEFAULT_COMPARISON,
  DEFAULT_GOSSIPSUB,
  DEFAULT_MATRIX,
  DEFAULT_RESULTS_ROOT,
  DEFAULT_RUN_TIMEOUT_MS,
  DEFAULT_SCENARIO,
  DEFAULT_TELEMETRY,
} from "./_defaults.ts";
import type { SectionDocument } from "./_schema.ts";
import { formatValue, type Path } from "./_yaml_source.ts";
import type { BenchConfig, GossipsubOptions, VariantSpec } from "./types.ts";

/** A config without its provenance. */
export type ResolvedConfig = Omit<BenchConfig, "source">;

/**
 * A broken rule: the path to blame, and the rest of the message after the path (starting with
 * " must ..." or ": ..."), so the caller can show the path as it is in the file.
 */
export interface Problem {
  path: Path;
  detail: string;
}

/**
 * `over` deep-merged over `base`: mappings merge key by key, lists and scalars replace.
 * Returns fresh objects; neither input is changed.
 */
export function mergeSections(base: SectionDocument, over: SectionDocument): SectionDocument {
  const merged: SectionDocument = { ...base, ...over };
  if (base.scenario || over.scenario) merged.scenario = { ...base.scenario, ...over.scenario };
  if (base.matrix || over.matrix) merged.matrix = { ...base.matrix, ...over.matrix };
  if (base.telemetry || over.telemetry) {
    merged.telemetry = { ...base.telemetry, ...over.telemetry };
  }
  if (base.comparison || over.comparison) {
    merged.comparison = { ...base.comparison, ...over.comparison };
  }
  if (base.variants || over.variants) {
    const variants: Record<string, Partial<VariantSpec>> = {};
    for (
      const name of new Set([
        ...Object.keys(base.variants ?? {}),
        ...Object.keys(over.variants ?? {}),
      ])
    ) {
      const a = base.variants?.[name] ?? {};
      const b = over.variants?.[name] ?? {};
      variants[name] = { ...a, ...b };
      if (a.gossipsub || b.gossipsub) variants[name].gossipsub = { ...a.gossipsub, ...b.gossipsub };
    }
    merged.variants = variants;
  }
  return merged;
}

/**
 * Fills every unset field with its default. `variants` holds every built-in (in their order),
 * then the file's new variants; a new name starts from the built-in `default`.
 */
export function resolveSections(doc: SectionDocument): ResolvedConfig {
  const matrix = { ...DEFAULT_MATRIX, ...doc.matrix };
  const variants: Record<string, VariantSpec> = {};
  for (const [name, spec] of Object.entries(BUILTIN_VARIANTS)) variants[name] = _copyVariant(spec);
  for (const [name, partial] of Object.entries(doc.variants ?? {})) {
    const base = Object.hasOwn(BUILTIN_VARIANTS, name)
      ? BUILTIN_VARIANTS[name]
      : BUILTIN_VARIANTS.default;
    variants[name] = {
      ...base,
      ...partial,
      gossipsub: { ...base.gossipsub, ...partial.gossipsub },
    };
  }
  // The A/A twin is identical to default as the file defines it, unless the file defines it.
  if (doc.variants?.twin === undefined) variants.twin = _copyVariant(variants.default);
  return {
    scenario: { ...DEFAULT_SCENARIO, ...doc.scenario },
    matrix: {
      ...matrix,
      hosts: [...matrix.hosts],
      msgs: [...matrix.msgs],
      variants: [...matrix.variants],
    },
    variants,
    runTimeoutMs: doc.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
    resultsRoot: doc.resultsRoot ?? DEFAULT_RESULTS_ROOT,
    telemetry: { ...DEFAULT_TELEMETRY, ...doc.telemetry },
    comparison: { ...DEFAULT_COMPARISON, ...doc.comparison },
    ...(doc.jobs !== undefined ? { jobs: doc.jobs } : {}),
    ...(doc.shard !== undefined ? { shard: { ...doc.shard } } : {}),
    ...(doc.shards !== undefined ? { shards: doc.shards } : {}),
    ...(doc.v8Flags !== undefined && doc.v8Flags.length > 0 ? { v8Flags: [...doc.v8Flags] } : {}),
    ...(doc.childModules !== undefined ? { childModules: doc.childModules } : {}),
  };
}

/**
 * The first rule that spans several fields and is broken in `config`, or `undefined`.
 * `doc` is the layer `config` was resolved from: it tells which fields the user set, and
 * those are the ones blamed.
 */
export function findProblem(config: ResolvedConfig, doc: SectionDocument): Problem | undefined {
  return _backoffProblem(config, doc) ?? findRunShapeProblem(config) ??
    Object.entries(config.variants)
      .map(([name, spec]) => _variantProblem(name, spec, doc.variants?.[name] ?? {}))
      .find((problem) => problem !== undefined) ??
    unknownVariantProblem(config.matrix.variants, Object.keys(config.variants));
}

/**
 * The first rule broken between the matrix's host counts and variants and what each run asks of
 * them: host 0's readiness target (at most n-1 for the smallest n), the shards (at most one per
 * host of the smallest n; only 1 with a variant on the memory transport, which cannot connect
 * hosts of different shards). Checked on every layer of the file and again after the
 * environment and flags.
 */
export function findRunShapeProblem(config: ResolvedConfig): Problem | undefined {
  const smallest = Math.min(...config.matrix.hosts);
  const target = config.scenario.readyTopicPeers;
  if (target !== undefined && target > smallest - 1) {
    return {
      path: ["scenario", "readyTopicPeers"],
      detail:
        ` must be at most n-1 for every host count of the matrix (the smallest is ${smallest}, ` +
        `so at most ${smallest - 1}), got ${target}`,
    };
  }
  const shards = config.shards;
  if (typeof shards === "number" && shards > smallest) {
    return {
      path: ["shards"],
      detail: ` must be at most the smallest host count of the matrix (${smallest}): every shard ` +
        `holds at least one host, got ${shards}`,
    };
  }
  const pinned = config.matrix.variants.find((name) =>
    (config.variants[name]?.shards ?? 0) > smallest
  );
  if (pinned !== undefined) {
    return {
      path: ["variants", pinned, "shards"],
      detail: ` must be at most the smallest host count of the matrix (${smallest}): every ` +
        `shard holds at least one host, got ${config.variants[pinned].shards}`,
    };
  }
  const inMemory = config.matrix.variants.find((name) =>
    config.variants[name]?.transport === "memory"
  );
  if (typeof shards === "number" && shards > 1 && inMemory !== undefined) {
    return {
      path: ["shards"],
      detail: ` must be 1 or auto with variant ${JSON.stringify(inMemory)} in the matrix (the ` +
        `memory transport cannot connect hosts of different shards), got ${shards}`,
    };
  }
  return undefined;
}

/** The first name in `names` that is not in `defined`, as a problem on `matrix.variants[i]`. */
export function unknownVariantProblem(
  names: readonly string[],
  defined: readonly string[],
): Problem | undefined {
  const index = names.findIndex((name) => !defined.includes(name));
  if (index < 0) return undefined;
  const path = ["matrix", "variants", index];
  return { path, detail: `: ${unknownVariantText(names[index], defined)}` };
}

/** `unknown variant "stats" (defined: chainsafe, default, floodsub, memory, states)`. */
export function unknownVariantText(name: string, defined: readonly string[]): string {
  return `unknown variant ${JSON.stringify(name)} (defined: ${[...defined].sort().join(", ")})`;
}

function _copyVariant(spec: VariantSpec): VariantSpec {
  return { ...spec, gossipsub: { ...spec.gossipsub } };
}

function _backoffProblem(config: ResolvedConfig, doc: SectionDocument): Problem | undefined {
  const { bootstrapBackoffMs, bootstrapMaxBackoffMs } = config.scenario;
  if (bootstrapMaxBackoffMs >= bootstrapBackoffMs) return undefined;
  if (doc.scenario?.bootstrapMaxBackoffMs !== undefined) {
    const path = ["scenario", "bootstrapMaxBackoffMs"];
    return {
      path,
      detail: ` must be >= scenario.bootstrapBackoffMs (${
        _shown(bootstrapBackoffMs, doc.scenario?.bootstrapBackoffMs)
      }), got ${bootstrapMaxBackoffMs}`,
    };
  }
  const path = ["scenario", "bootstrapBackoffMs"];
  return {
    path,
    detail: ` must be <= scenario.bootstrapMaxBackoffMs (${
      _shown(bootstrapMaxBackoffMs, undefined)
    }), got ${bootstrapBackoffMs}`,
  };
}

function _variantProblem(
  name: string,
  spec: VariantSpec,
  set: Partial<VariantSpec>,
): Problem | undefined {
  const at = (...keys: string[]): Path => ["variants", name, ...keys];
  const problem = (path: Path, rule: string, value: unknown): Problem => ({
    path,
    detail: ` ${rule}, got ${formatValue(value)}`,
  });

  const gossipsubProblem = _meshProblem(spec.gossipsub, set.gossipsub ?? {});
  if (gossipsubProblem) {
    const [key, rule, value] = gossipsubProblem;
    return problem(at("gossipsub", key), rule, value);
  }
  if (spec.memoryLatencyMs > 0 && spec.transport !== "memory") {
    return problem(
      at("memoryLatencyMs"),
      `must be 0 unless transport is memory (transport is ${spec.transport})`,
      spec.memoryLatencyMs,
    );
  }
  if ((spec.shards ?? 1) > 1 && spec.transport === "memory") {
    return problem(
      at("shards"),
      "must be 1 with transport memory (it cannot connect hosts of different shards)",
      spec.shards,
    );
  }
  if (spec.stack === "libp2p2" && spec.transport !== "tcp") {
    return set.transport !== undefined
      ? problem(at("transport"), "must be tcp with stack libp2p2", spec.transport)
      : problem(at("stack"), `must be libp2p3 with transport ${spec.transport}`, spec.stack);
  }
  if (spec.stack === "libp2p2" && spec.ed25519 !== "node") {
    return set.ed25519 !== undefined
      ? problem(at("ed25519"), "must be node with stack libp2p2", spec.ed25519)
      : problem(at("stack"), `must be libp2p3 with ed25519 ${spec.ed25519}`, spec.stack);
  }
  if (spec.router === "floodsub" && Object.keys(spec.gossipsub).length > 0) {
    return problem(
      at("gossipsub"),
      "must be empty with router floodsub (its options are for gossipsub only)",
      spec.gossipsub,
    );
  }
  return undefined;
}

/** Dlo <= D <= Dhi, with the router's defaults for unset bounds: [key to blame, rule, value]. */
function _meshProblem(
  options: GossipsubOptions,
  set: GossipsubOptions,
): [keyof GossipsubOptions, string, number] | undefined {
  const D = options.D ?? DEFAULT_GOSSIPSUB.D;
  const Dlo = options.Dlo ?? DEFAULT_GOSSIPSUB.Dlo;
  const Dhi = options.Dhi ?? DEFAULT_GOSSIPSUB.Dhi;
  if (Dlo > D) {
    return set.Dlo !== undefined
      ? ["Dlo", `must be <= D (${_shown(D, set.D)})`, Dlo]
      : ["D", `must be >= Dlo (${_shown(Dlo, set.Dlo)})`, D];
  }
  if (D > Dhi) {
    return set.Dhi !== undefined
      ? ["Dhi", `must be >= D (${_shown(D, set.D)})`, Dhi]
      : ["D", `must be <= Dhi (${_shown(Dhi, set.Dhi)})`, D];
  }
  return undefined;
}

/** A value in a rule, marked when the user did not set it. */
function _shown(value: number, set: number | undefined): string {
  return set === undefined ? `${value}, the default` : String(value);
}
