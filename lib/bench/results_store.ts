/**
 * The results file: one JSON object per run, one line each, appended the moment a run ends.
 *
 * @module
 */
import type { RunResult } from "./run_result.ts";

/** A line of a results file that is not a run result, and why. */
export interface SkippedLine {
  line: number;
  reason: string;
}

/** What a results file holds. */
export interface ResultsFile {
  results: RunResult[];
  /** Lines that were not results: a run cut off mid-write by a kill, or foreign text. */
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
 * Parses the text of a results file. Lines that are not a run result are skipped and reported,
 * never fatal: a bench killed while writing leaves at most one cut line.
 */
export function parseResults(text: string): ResultsFile {
  const results: RunResult[] = [];
  const skipped: SkippedLine[] = [];
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
    const problem = _describeProblem(value);
    if (problem !== undefined) skipped.push({ line: i + 1, reason: problem });
    else results.push(value as RunResult);
  });
  return { results, skipped };
}

/** Reads a results file; a missing file reads as empty. */
export async function readResults(path: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { results: [], skipped: [] };
    throw new ResultsFileError(`cannot read results file "${path}": ${_reason(error)}`, {
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

function _describeProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return "not an object";
  const record = value as Record<string, unknown>;
  if (record.schema !== 1) return `schema must be 1, got ${JSON.stringify(record.schema)}`;
  if (typeof record.key !== "string") return "no key";
  if (typeof record.ok !== "boolean") return "no ok flag";
  const cell = record.cell as Record<string, unknown> | undefined;
  if (
    typeof cell !== "object" || cell === null || typeof cell.hosts !== "number" ||
    typeof cell.msgs !== "number" || typeof cell.variant !== "string"
  ) return "no cell (hosts, msgs, variant)";
  return undefined;
}

function _reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
