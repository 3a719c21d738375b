/**
 * This machine's noise, measured by an A/A comparison: `default` against `twin`, a variant
 * identical to it, run in the same rounds. Per figure and cell the calibration keeps the median
 * over rounds of |ln(twin / default)|: how much two runs of the same code typically differ here.
 * A change smaller than that is not reported (see {@linkcode noiseThreshold}).
 *
 * Pure: the caller reads and writes the file (`calibration.json`).
 *
 * @module
 */
import { median } from "simple-statistics";
import { isCounted, type RunEnvironment, type RunResult } from "./run_result.ts";
import { METRICS } from "./metrics.ts";

/** The calibration file's name, in a bench folder and in the results root. */
export const CALIBRATION_FILE = "calibration.json";
/** The built-in variant identical to `default`, the "B" of the A/A comparison. */
export const TWIN_VARIANT = "twin";
/** The smallest threshold, calibrated or not: 2%. */
export const DEFAULT_NOISE_FLOOR = 0.02;

/** One cell's A/A spread of one figure. */
export interface CalibratedCell {
  hosts: number;
  msgs: number;
  /** Rounds with both an ok `default` and an ok `twin` run that measured the figure. */
  rounds: number;
  /** Median over those rounds of |ln(twin / default)|. */
  spread: number;
}

/** One figure's A/A spreads. */
export interface CalibratedFigure {
  /** A `METRICS` key. */
  metric: string;
  cells: CalibratedCell[];
  /** The largest cell spread: used for cells the calibration did not run. */
  spread: number;
}

/** A saved A/A calibration (`calibration.json`). */
export interface NoiseCalibration {
  kind: "noise-calibration";
  schema: 1;
  /** When the A/A bench started (its first run), ISO. */
  measuredAt: string;
  benchId: string;
  /** The A side (`default`). */
  reference: string;
  /** The B side (`twin`). */
  twin: string;
  /** The machine it ran on. */
  environment?: RunEnvironment;
  figures: CalibratedFigure[];
}

/** Options of {@linkcode calibrateNoise}. */
export interface CalibrateNoiseOptions {
  /** @default "default" */
  reference?: string;
  /** @default "twin" */
  twin?: string;
  /** `METRICS` keys to calibrate. @default every key of `METRICS` */
  metrics?: readonly string[];
}

/**
 * The A/A spread of every figure in every cell where `reference` and `twin` both ran; rounds
 * pair by iteration (same seed). `undefined` when no round has both; a figure whose values are
 * not all positive has no ratio and is left out.
 *
 * @example
 * ```ts
 * const calibration = calibrateNoise(results);
 * calibration?.figures.find((figure) => figure.metric === "activeMs")?.spread; // e.g. 0.07
 * ```
 *
 * @param results a bench's runs; not modified
 */
export function calibrateNoise(
  results: readonly RunResult[],
  options: CalibrateNoiseOptions = {},
): NoiseCalibration | undefined {
  const { reference = "default", twin = TWIN_VARIANT } = options;
  const keys = options.metrics ?? METRICS.map((metric) => metric.key);
  const counted = results.filter((result) => isCounted(result) && result.ok);
  const cells = [...new Set(counted.map((result) => `${result.cell.hosts}x${result.cell.msgs}`))]
    .map((key) => key.split("x").map(Number))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const figures: CalibratedFigure[] = [];
  for (const key of keys) {
    const spec = METRICS.find((metric) => metric.key === key);
    if (!spec) continue;
    const calibrated: CalibratedCell[] = [];
    for (const [hosts, msgs] of cells) {
      const side = (variant: string) =>
        new Map(
          counted
            .filter((r) =>
              r.cell.hosts === hosts && r.cell.msgs === msgs && r.cell.variant === variant
            )
            .map((r) => [r.iteration, spec.get(r)] as const)
            .filter(([, value]) => value !== undefined),
        );
      const a = side(reference);
      const b = side(twin);
      const logRatios: number[] = [];
      let positive = true;
      for (const [iteration, valueA] of a) {
        const valueB = b.get(iteration);
        if (valueB === undefined) continue;
        if (valueA! <= 0 || valueB <= 0) positive = false;
        else logRatios.push(Math.log(valueB / valueA!));
      }
      if (!positive || logRatios.length === 0) continue;
      calibrated.push({
        hosts,
        msgs,
        rounds: logRatios.length,
        spread: median(logRatios.map(Math.abs)),
      });
    }
    if (calibrated.length === 0) continue;
    figures.push({
      metric: key,
      cells: calibrated,
      spread: Math.max(...calibrated.map((cell) => cell.spread)),
    });
  }
  if (figures.length === 0) return undefined;
  const first = counted.find((result) => result.cell.variant === reference) ?? counted[0];
  return {
    kind: "noise-calibration",
    schema: 1,
    measuredAt: counted.map((result) => result.startedAt).sort()[0] ?? first.startedAt,
    benchId: first.benchId,
    reference,
    twin,
    environment: first.environment,
    figures,
  };
}

/** Where a report's noise thresholds come from. */
export interface NoiseSource {
  /** The smallest threshold, e.g. 0.02. */
  floor: number;
  /** The A/A calibration in force, if any. */
  calibration?: NoiseCalibration;
  /** Where the calibration was found, in words, e.g. `"results/calibration.json"`. */
  origin?: string;
}

/** The threshold of one figure in one cell. */
export interface NoiseThreshold {
  /** Relative change below which nothing is reported, e.g. 0.07 for 7%. */
  value: number;
  /** `calibration` when the calibrated spread is above the floor, else `floor`. */
  from: "calibration" | "floor";
  /** The calibrated spread as a relative change, when the figure was calibrated. */
  calibrated?: number;
}

/**
 * The larger of the floor and the calibrated spread (as a relative change, e^spread - 1) of the
 * figure: the cell's own spread when the calibration ran that cell, else the largest of the
 * figure's cells.
 *
 * @example
 * ```ts
 * noiseThreshold({ floor: 0.02 }, "activeMs", { hosts: 5, msgs: 20 }); // { value: 0.02, from: "floor" }
 * ```
 */
export function noiseThreshold(
  source: NoiseSource,
  metric: string,
  cell: { hosts: number; msgs: number },
): NoiseThreshold {
  const figure = source.calibration?.figures.find((entry) => entry.metric === metric);
  if (!figure) return { value: source.floor, from: "floor" };
  const own = figure.cells.find((entry) => entry.hosts === cell.hosts && entry.msgs === cell.msgs);
  const calibrated = Math.exp(own?.spread ?? figure.spread) - 1;
  return calibrated > source.floor
    ? { value: calibrated, from: "calibration", calibrated }
    : { value: source.floor, from: "floor", calibrated };
}

/** A calibration file that cannot be used; `main.ts` prints its message and exits 2. */
export class NoiseCalibrationError extends Error {
  /** Creates a NoiseCalibrationError. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NoiseCalibrationError";
  }
}

/**
 * Reads a `calibration.json` text back, checking every field it uses.
 *
 * @param text the file's content
 * @param path the file's path, for the message
 * @throws {NoiseCalibrationError} naming the file, the field and the rule
 */
export function parseNoiseCalibration(text: string, path: string): NoiseCalibration {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NoiseCalibrationError(
      `calibration file "${path}" is not JSON (${error instanceof Error ? error.message : error})`,
      { cause: error },
    );
  }
  const fail = (field: string, rule: string): never => {
    throw new NoiseCalibrationError(
      `calibration file "${path}": ${field} ${rule}; make a new one with deno task bench --calibrate`,
    );
  };
  const record = value as Record<string, unknown>;
  if (typeof value !== "object" || value === null || record.kind !== "noise-calibration") {
    fail("kind", 'must be "noise-calibration"');
  }
  if (record.schema !== 1) fail("schema", "must be 1");
  for (const field of ["measuredAt", "benchId", "reference", "twin"]) {
    if (typeof record[field] !== "string") fail(field, "must be a string");
  }
  if (!Array.isArray(record.figures)) fail("figures", "must be a list");
  (record.figures as unknown[]).forEach((figure, i) => {
    const entry = figure as Record<string, unknown>;
    if (typeof entry?.metric !== "string") fail(`figures[${i}].metric`, "must be a string");
    if (!_isSpread(entry.spread)) fail(`figures[${i}].spread`, "must be a number >= 0");
    if (!Array.isArray(entry.cells)) fail(`figures[${i}].cells`, "must be a list");
    (entry.cells as unknown[]).forEach((cell, j) => {
      const at = `figures[${i}].cells[${j}]`;
      const c = cell as Record<string, unknown>;
      for (const field of ["hosts", "msgs", "rounds"]) {
        if (!Number.isSafeInteger(c?.[field])) fail(`${at}.${field}`, "must be an integer");
      }
      if (!_isSpread(c.spread)) fail(`${at}.spread`, "must be a number >= 0");
    });
  });
  return value as NoiseCalibration;
}

function _isSpread(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
