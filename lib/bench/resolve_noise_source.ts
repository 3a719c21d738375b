/**
 * Finds the A/A calibration a bench's comparisons use, in order: a file the user named, the
 * bench's own `twin` runs, `<results root>/calibration.json`; else only the floor.
 *
 * @module
 */
import type { RunResult } from "./run_result.ts";
import {
  calibrateNoise,
  CALIBRATION_FILE,
  NoiseCalibrationError,
  type NoiseSource,
  parseNoiseCalibration,
  TWIN_VARIANT,
} from "./noise_calibration.ts";

/** Options of {@linkcode resolveNoiseSource}. */
export interface ResolveNoiseSourceOptions {
  /** The smallest threshold, e.g. 0.02. */
  floor: number;
  /** A calibration file the user named (flag or `comparison.calibration`); "" or absent: none. */
  file?: string;
  /** The folder holding the bench folders, where `calibration.json` is looked for. */
  resultsRoot?: string;
}

/**
 * The noise source for `results`.
 *
 * @throws {NoiseCalibrationError} if the named file is missing or broken (a file found by
 * default that is broken is an error too: it would otherwise be silently ignored)
 */
export async function resolveNoiseSource(
  results: readonly RunResult[],
  options: ResolveNoiseSourceOptions,
): Promise<NoiseSource> {
  const { floor, file, resultsRoot } = options;
  if (file) {
    return { floor, calibration: await _read(file, true), origin: file };
  }
  const own = ownNoiseSource(results, floor);
  if (own.calibration) return own;
  if (resultsRoot !== undefined) {
    const path = `${resultsRoot}/${CALIBRATION_FILE}`;
    const calibration = await _read(path, false);
    if (calibration) return { floor, calibration, origin: path };
  }
  return { floor };
}

/**
 * The bench's own A/A calibration when it ran `default` and `twin`, else only the floor. Pure:
 * for callers that read no file (notebooks).
 */
export function ownNoiseSource(results: readonly RunResult[], floor: number): NoiseSource {
  const variants = new Set(results.map((result) => result.cell.variant));
  if (variants.has("default") && variants.has(TWIN_VARIANT)) {
    const calibration = calibrateNoise(results);
    if (calibration) return { floor, calibration, origin: "this bench's twin runs" };
  }
  return { floor };
}

async function _read(path: string, required: boolean): Promise<NoiseSource["calibration"]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!required && error instanceof Deno.errors.NotFound) return undefined;
    throw new NoiseCalibrationError(
      `calibration file "${path}" not readable: ${
        error instanceof Deno.errors.NotFound
          ? "not found"
          : error instanceof Error
          ? error.message
          : error
      }; make one with deno task bench --calibrate`,
      { cause: error },
    );
  }
  return parseNoiseCalibration(text, path);
}
