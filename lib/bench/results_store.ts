/**
 * The results file: one JSON object per run, one line each, appended the moment a run ends.
 *
 * @module
 */
import { osReason } from "../config/mod.ts";
import type { RunResult } from "./run_result.ts";
import { checkRunResult } from "./run_result_schema.ts";

/** A line of a results file that is not a run result, and why. */
export interface SkippedLine {
  line: number;
  reason: string;
}

/** What a results file holds. */
export interface ResultsFile {
  results: RunResult[];
  /**
   * Lines that were not results: a run cut off mid-write by a kill, foreign text, a line that
   * breaks the results schema, a key seen on an earlier line.
   */
  skipped: SkippedLine[];
}

/** A results file could not be read or written. */
export class ResultsFileError extends Error {
  /** Creates a ResultsFileError; `cause` keeps the OS error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ResultsFileError";
  }
}

/**
 * Parses the text of a results file. Every line is checked against the one results schema
 * (run_result_schema.ts) before it is used; a line that is not a run result is skipped and
 * reported, never fatal and never counted: a bench killed while writing leaves at most one cut
 * line, and a hand-edited or foreign line must not crash the report or pass as a run. A line
 * whose key an earlier line has is skipped too (a run is counted once).
 */
export function parseResults(text: string): ResultsFile {
  const results: RunResult[] = [];
  const skipped: SkippedLine[] = [];
  const lineOfKey = new Map<string, number>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push({ line: i + 1, reason: "not JSON (cut off?)" });
      return;
    }
    const checked = checkRunResult(value);
    if ("problem" in checked) {
      skipped.push({ line: i + 1, reason: `not a run result: ${checked.problem}` });
      return;
    }
    const earlier = lineOfKey.get(checked.result.key);
    if (earlier !== undefined) {
      skipped.push({ line: i + 1, reason: `key "${checked.result.key}" repeats line ${earlier}` });
      return;
    }
    lineOfKey.set(checked.result.key, i + 1);
    results.push(checked.result);
  });
  return { results, skipped };
}

/** Options of {@linkcode readResults}. */
export interface ReadResultsOptions {
  /**
   * A missing file is an error (a `ResultsFileError` whose cause is `Deno.errors.NotFound`)
   * instead of an empty one: for a file the user named, not one a bench is about to start.
   * @default false
   */
  mustExist?: boolean;
}

/** Reads a results file; a missing file reads as empty unless `options.mustExist`. */
export async function readResults(
  path: string,
  options: ReadResultsOptions = {},
): Promise<ResultsFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound && options.mustExist !== true) {
      return { results: [], skipped: [] };
    }
    const reason = error instanceof Deno.errors.NotFound ? "not found" : _reason(error);
    throw new ResultsFileError(`cannot read results file "${path}": ${reason}`, {
      cause: error,
    });
  }
  return parseResults(text);
}

/**
 * Appends one result as a line and closes the file, so the line is with the OS when this
 * resolves. If the file ends in a cut line (a kill mid-write), the new line starts on its own.
 */
export async function appendResult(path: string, result: RunResult): Promise<void> {
  try {
    using file = await Deno.open(path, { create: true, append: true, read: true });
    const size = (await file.stat()).size;
    let prefix = "";
    if (size > 0) {
      const last = new Uint8Array(1);
      await file.seek(size - 1, Deno.SeekMode.Start);
      await file.read(last);
      if (last[0] !== 0x0a) prefix = "\n";
    }
    const bytes = new TextEncoder().encode(prefix + JSON.stringify(result) + "\n");
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.syncData();
  } catch (error) {
    throw new ResultsFileError(`cannot append to results file "${path}": ${_reason(error)}`, {
      cause: error,
    });
  }
}

function _reason(error: unknown): string {
  return osReason(error);
}
