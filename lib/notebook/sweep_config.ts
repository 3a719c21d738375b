/**
 * A tuning sweep as a bench: which parameters a sweep can vary, the parameters cell of
 * notebooks/tuning.ipynb checked, and the bench config with one variant (or matrix value) per
 * swept value, with the labels its table and figures show.
 *
 * @module
 */
import type { BenchConfig, GossipsubOptions, VariantSpec } from "../config/mod.ts";
import { benchConfigFromParameters } from "./notebook_bench.ts";
import { NotebookError } from "./notebook_error.ts";

/** Router options a sweep can vary one at a time (each value becomes a variant). */
const _GOSSIPSUB_KEYS: readonly (keyof GossipsubOptions)[] = [
  "D",
  "Dlo",
  "Dhi",
  "heartbeatIntervalMs",
  "floodPublish",
];
/** Router options that shape the mesh. */
const _MESH_KEYS: readonly string[] = ["D", "Dlo", "Dhi", "gossipsub"];
/** Variant fields a sweep can vary (each value becomes a variant). */
const _VARIANT_KEYS: readonly (keyof VariantSpec)[] = [
  "stack",
  "router",
  "orchestration",
  "transport",
  "encryption",
  "ed25519",
  "memoryLatencyMs",
];
/** Matrix axes a sweep can vary directly. */
const _MATRIX_KEYS = ["hosts", "msgs"] as const;
/** Sweeps several router options together: each value is an object such as `{ D: 2, Dlo: 1 }`. */
const _GOSSIPSUB_SET = "gossipsub";

/** The parameters that a sweep can vary. */
export const SWEEPABLE_PARAMETERS: readonly string[] = [
  _GOSSIPSUB_SET,
  ..._GOSSIPSUB_KEYS,
  ..._VARIANT_KEYS,
  ..._MATRIX_KEYS,
];

/** The parameters cell of notebooks/tuning.ipynb; checked here, not trusted. */
export interface SweepNotebookParameters {
  /**
   * What to vary: one of {@linkcode SWEEPABLE_PARAMETERS}, e.g. `"D"`, `"hosts"`, or
   * `"gossipsub"` to vary several router options together.
   */
  parameter: unknown;
  /** The values it takes, e.g. `[4, 6, 8]`, or `[{ D: 2, Dlo: 1, Dhi: 3 }, ...]` for `"gossipsub"`. */
  values: unknown;
  /** Host counts of the fixed scenario (replaced by `values` when sweeping `hosts`). */
  hosts: unknown;
  /** Message counts of the fixed scenario (replaced by `values` when sweeping `msgs`). */
  msgs: unknown;
  /** The variant every value starts from, e.g. `"default"`. */
  variant: unknown;
  iterations: unknown;
  /** @default 1 */
  warmups?: unknown;
  /** @default 1 */
  seed?: unknown;
  /** Router options every value keeps, e.g. `{ floodPublish: false }`. @default {} */
  gossipsub?: unknown;
  /** As bench.yml's `scenario:` section, e.g. `{ dialsPerHost: 6 }`. @default {} */
  scenario?: unknown;
  /** @default "results" */
  resultsRoot?: unknown;
}

/** A sweep as a bench: its config and which variant or axis stands for each value. */
export interface Sweep {
  config: BenchConfig;
  parameter: string;
  values: unknown[];
  /** How each value is shown, in sweep order (e.g. `"2/1/3"` for `{ D: 2, Dlo: 1, Dhi: 3 }`). */
  labels: string[];
  /** The x axis title, e.g. `"D"` or `"D/Dlo/Dhi"`. */
  axisLabel: string;
  /** Whether the values are numbers (a numeric x axis). */
  numeric: boolean;
  /** Whether the parameter shapes the gossipsub mesh (D, Dlo, Dhi or a set of router options). */
  shapesMesh: boolean;
  /** Variant name -> index of its value; empty when `parameter` is a matrix axis. */
  variantValues: Map<string, number>;
}

/** Options of {@linkcode sweepConfig}. */
export interface SweepConfigOptions {
  /** How errors name the source. @default "notebook parameters" */
  label?: string;
}

/**
 * The bench config of a sweep. A matrix axis (`hosts`, `msgs`) takes the values directly; any
 * other parameter makes one variant per value, named like `D-4` (or `D2-Dlo1-Dhi3` for a set of
 * router options): `variant`'s spec with that field or router option set, plus the fixed
 * `gossipsub` options. The config is validated like bench.yml, so an impossible value (e.g. `D`
 * below `Dlo`) fails with the config's own message.
 *
 * @throws {NotebookError} when `parameter` cannot be swept or `values` is not a non-empty list
 * of distinct values (objects of router options for `"gossipsub"`)
 * @throws {ConfigError} when the resulting config is invalid
 */
export function sweepConfig(
  parameters: SweepNotebookParameters,
  options: SweepConfigOptions = {},
): Sweep {
  const label = options.label ?? "notebook parameters";
  const { parameter, values } = parameters;
  if (typeof parameter !== "string" || !SWEEPABLE_PARAMETERS.includes(parameter)) {
    throw new NotebookError(
      `${label}: parameter must be one of ${SWEEPABLE_PARAMETERS.join(", ")}, got ${
        JSON.stringify(parameter)
      }`,
    );
  }
  if (
    !Array.isArray(values) || values.length === 0 ||
    new Set(values.map((value) => JSON.stringify(value))).size !== values.length
  ) {
    throw new NotebookError(
      `${label}: values must be a non-empty list of distinct values, got ${JSON.stringify(values)}`,
    );
  }
  if (parameter === _GOSSIPSUB_SET) _checkOptionSets(values, label);
  const base = {
    hosts: parameters.hosts,
    msgs: parameters.msgs,
    variants: [parameters.variant],
    iterations: parameters.iterations,
    warmups: parameters.warmups,
    seed: parameters.seed,
    gossipsub: parameters.gossipsub,
    scenario: parameters.scenario,
    resultsRoot: parameters.resultsRoot,
  };
  const { labels, axisLabel } = _labels(parameter, values);
  const numeric = values.every((value) => typeof value === "number");
  const shapesMesh = _MESH_KEYS.includes(parameter);
  if ((_MATRIX_KEYS as readonly string[]).includes(parameter)) {
    const config = benchConfigFromParameters({ ...base, [parameter]: values }, { label });
    return {
      config,
      parameter,
      values,
      labels,
      axisLabel,
      numeric,
      shapesMesh,
      variantValues: new Map(),
    };
  }
  const spec = benchConfigFromParameters(base, { label }).variants[parameters.variant as string];
  const names = values.map((value) => _variantName(parameter, value));
  const customVariants = Object.fromEntries(
    names.map((name, index) => [name, _variantWith(spec, parameter, values[index])]),
  );
  const config = benchConfigFromParameters(
    { ...base, variants: names, customVariants, gossipsub: undefined },
    { label },
  );
  const variantValues = new Map(names.map((name, index) => [name, index]));
  return { config, parameter, values, labels, axisLabel, numeric, shapesMesh, variantValues };
}

function _checkOptionSets(values: unknown[], label: string): void {
  for (const value of values) {
    const keys = typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value)
      : [];
    const unknown = keys.filter((key) => !(_GOSSIPSUB_KEYS as readonly string[]).includes(key));
    if (keys.length === 0 || unknown.length > 0) {
      throw new NotebookError(
        `${label}: with parameter "gossipsub", each value must be an object of router options ` +
          `(${_GOSSIPSUB_KEYS.join(", ")}), e.g. { D: 2, Dlo: 1, Dhi: 3 }; got ${
            JSON.stringify(value)
          }`,
      );
    }
  }
}

function _variantWith(spec: VariantSpec, parameter: string, value: unknown): VariantSpec {
  if (parameter === _GOSSIPSUB_SET) {
    return { ...spec, gossipsub: { ...spec.gossipsub, ...(value as GossipsubOptions) } };
  }
  if ((_GOSSIPSUB_KEYS as readonly string[]).includes(parameter)) {
    return { ...spec, gossipsub: { ...spec.gossipsub, [parameter]: value } };
  }
  return { ...spec, [parameter]: value };
}

function _variantName(parameter: string, value: unknown): string {
  if (parameter !== _GOSSIPSUB_SET) return `${parameter}-${_text(value)}`;
  return Object.entries(value as Record<string, unknown>)
    .map(([key, option]) => `${key}${typeof option === "number" ? "" : "_"}${_text(option)}`)
    .join("-");
}

/** `D/Dlo/Dhi` and `2/1/3` when every option set has the same keys; else `D=2 Dlo=1`. */
function _labels(parameter: string, values: unknown[]): { labels: string[]; axisLabel: string } {
  if (parameter !== _GOSSIPSUB_SET) return { labels: values.map(_text), axisLabel: parameter };
  const sets = values as Record<string, unknown>[];
  const keys = Object.keys(sets[0]);
  if (sets.every((set) => Object.keys(set).join() === keys.join())) {
    return {
      labels: sets.map((set) => keys.map((key) => _text(set[key])).join("/")),
      axisLabel: keys.join("/"),
    };
  }
  return {
    labels: sets.map((set) =>
      Object.entries(set).map(([key, value]) => `${key}=${_text(value)}`).join(" ")
    ),
    axisLabel: "router options",
  };
}

function _text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
