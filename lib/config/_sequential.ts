/**
 * The settings of sequential sampling (`matrix.untilCiWidth`, `matrix.maxIterations`): their
 * rules, shared by the file's schema, the variables and the flags, and the rules that span them
 * and `iterations` / `variants`.
 *
 * @module
 */
import { type ParsedText, rejectText } from "./overrides.ts";
import type { MatrixConfig } from "./types.ts";

/** `maxIterations` when `untilCiWidth` is set without it (or `iterations`, when that is more). */
export const DEFAULT_MAX_ITERATIONS = 50;

/** The widest CI width one may ask for: a ratio's interval 10 wide says nothing at all. */
export const MAX_CI_WIDTH = 10;

/** The rule of `untilCiWidth`, as an error text. */
export const CI_WIDTH_RULE =
  `must be a number > 0 and < ${MAX_CI_WIDTH} (the widest 95% CI of a ratio to stop at, e.g. 0.1)`;

/** Whether `value` keeps {@linkcode CI_WIDTH_RULE}. */
export function isValidCiWidth(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 &&
    value < MAX_CI_WIDTH;
}

/** A CI width from a variable or flag: a decimal number such as `0.1` or `.05`. */
export function parseCiWidthText(raw: string): ParsedText<number> {
  const text = raw.trim();
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  return isValidCiWidth(value) ? { value } : rejectText(CI_WIDTH_RULE, raw);
}

/** The matrix fields the sequential rules look at. */
export type SequentialField = "untilCiWidth" | "maxIterations" | "iterations" | "variants";

/** A broken sequential rule: the field to blame and the rest of its message. */
export interface SequentialProblem {
  field: SequentialField;
  /** Starts with " must ..." or " needs ...", to follow the field's name. */
  detail: string;
}

/**
 * The first rule of the sequential settings that `matrix` breaks: `maxIterations` only with
 * `untilCiWidth`; `untilCiWidth` only with two variants or more (it watches their ratio);
 * `maxIterations >= iterations`. `originOf` names where a field's value came from when it was
 * not the file (e.g. `flag --iterations`), for the message.
 */
export function findSequentialProblem(
  matrix: Pick<MatrixConfig, SequentialField>,
  originOf: (field: SequentialField) => string | undefined = () => undefined,
): SequentialProblem | undefined {
  const from = (field: SequentialField): string => {
    const origin = originOf(field);
    return origin === undefined ? "" : `, from ${origin}`;
  };
  if (matrix.maxIterations !== undefined && matrix.untilCiWidth === undefined) {
    return {
      field: "maxIterations",
      detail: ` needs matrix.untilCiWidth: it caps the rounds of sequential sampling ` +
        `(set untilCiWidth, e.g. --until-ci-width 0.1, or drop maxIterations), got ` +
        `${matrix.maxIterations}`,
    };
  }
  if (matrix.untilCiWidth === undefined) return undefined;
  if (matrix.variants.length < 2) {
    return {
      field: "untilCiWidth",
      detail: ` needs at least two variants: it watches the CI of their ratio (matrix.variants ` +
        `is [${matrix.variants.join(", ")}]${from("variants")}), got ${matrix.untilCiWidth}`,
    };
  }
  if (matrix.maxIterations !== undefined && matrix.maxIterations < matrix.iterations) {
    return {
      field: "maxIterations",
      detail: ` must be >= matrix.iterations (${matrix.iterations}${
        from("iterations")
      }), the rounds every cell runs first, got ${matrix.maxIterations}`,
    };
  }
  return undefined;
}

/**
 * `matrix` with `maxIterations` filled in when `untilCiWidth` is set: {@linkcode
 * DEFAULT_MAX_ITERATIONS}, or `iterations` when that is more. A fresh object.
 */
export function withMaxIterations<T extends MatrixConfig>(matrix: T): T {
  if (matrix.untilCiWidth === undefined || matrix.maxIterations !== undefined) return { ...matrix };
  return { ...matrix, maxIterations: Math.max(DEFAULT_MAX_ITERATIONS, matrix.iterations) };
}
