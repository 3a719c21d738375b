/**
 * Reads a history journal back, every line validated against the schema of journal_record.ts.
 *
 * Broken lines are skipped and reported (line number and reason), not fatal, by default: a run
 * killed mid-write leaves a cut last line, and the rest of its journal is what one wants to see.
 * `onBrokenLine: "throw"` makes the first one a {@linkcode JournalError} naming the file and line.
 * A file whose first line is not a journal header is never read as a journal.
 *
 * @module
 */
import { osReason } from "../config/mod.ts";
import { JournalError } from "./journal_error.ts";
import {
  type JournalEnd,
  type JournalHeader,
  journalHeaderSchema,
  type JournalMachine,
  journalRecordSchema,
  type JournalTransition,
} from "./journal_record.ts";

/** A line that was skipped, and why. */
export interface SkippedJournalLine {
  /** 1-based. */
  line: number;
  reason: string;
}

/** A journal as read back. */
export interface JournalFile {
  header: JournalHeader;
  machines: JournalMachine[];
  /** In file order, which is seq order. */
  transitions: JournalTransition[];
  /** Absent when the journal was not closed (the process was killed). */
  end?: JournalEnd;
  skipped: SkippedJournalLine[];
}

/** Options of {@linkcode parseJournal} and {@linkcode readJournal}. */
export interface ReadJournalOptions {
  /**
   * What a line that is not a valid record does: `"skip"` lists it in `skipped`, `"throw"`
   * throws a {@linkcode JournalError} naming the file and line.
   * @default "skip"
   */
  onBrokenLine?: "skip" | "throw";
}

/** Options of {@linkcode parseJournal}. */
export interface ParseJournalOptions extends ReadJournalOptions {
  /**
   * What the text is called in error messages.
   * @default "journal"
   */
  source?: string;
}

/**
 * Parses the text of a journal.
 *
 * @example
 * ```ts
 * const journal = parseJournal(text, { source: "journal.ndjson" });
 * console.log(journal.transitions.length, journal.skipped.length);
 * ```
 */
export function parseJournal(text: string, options: ParseJournalOptions = {}): JournalFile {
  const source = options.source ?? "journal";
  const strict = (options.onBrokenLine ?? "skip") === "throw";
  const rawLines = text.split("\n");
  const first = rawLines.findIndex((line) => line.trim() !== "");
  if (first === -1) {
    throw new JournalError(`cannot read journal "${source}": it is empty`);
  }
  const header = _parseHeader(rawLines[first], source, first + 1);
  const journal: JournalFile = { header, machines: [], transitions: [], skipped: [] };
  let lastSeq = 0;
  for (let i = first + 1; i < rawLines.length; i++) {
    const raw = rawLines[i].trim();
    if (raw === "") continue;
    const problem = _take(raw, journal, lastSeq);
    if (problem === undefined) {
      const last = journal.transitions.at(-1);
      if (last !== undefined) lastSeq = last.seq;
      continue;
    }
    if (strict) {
      throw new JournalError(
        `cannot read journal "${source}", line ${i + 1}: ${problem} ` +
          `(read it with onBrokenLine: "skip" to skip broken lines)`,
      );
    }
    journal.skipped.push({ line: i + 1, reason: problem });
  }
  return journal;
}

/** Reads and parses the journal file at `path`; see {@linkcode parseJournal}. */
export async function readJournal(
  path: string,
  options: ReadJournalOptions = {},
): Promise<JournalFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new JournalError(
      `cannot read journal "${path}": ${osReason(error)}`,
      { cause: error },
    );
  }
  return parseJournal(text, { ...options, source: path });
}

function _parseHeader(raw: string, source: string, line: number): JournalHeader {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new JournalError(
      `cannot read journal "${source}", line ${line}: not JSON, so not a journal ` +
        `(a journal starts with a {"record":"header",...} line)`,
    );
  }
  const parsed = journalHeaderSchema.safeParse(value);
  if (!parsed.success) {
    throw new JournalError(
      `cannot read journal "${source}", line ${line}: not a journal header of this version ` +
        `(${_describe(parsed.error.issues)})`,
    );
  }
  return parsed.data;
}

/** Adds the line's record to the journal; returns why it could not, if it could not. */
function _take(raw: string, journal: JournalFile, lastSeq: number): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return "not JSON (cut off by a kill?)";
  }
  const parsed = journalRecordSchema.safeParse(value);
  if (!parsed.success) return _describe(parsed.error.issues);
  const record = parsed.data;
  switch (record.record) {
    case "header":
      return "a second header";
    case "machine":
      journal.machines.push(record);
      return;
    case "transition":
      if (record.seq <= lastSeq) return `seq ${record.seq} does not follow seq ${lastSeq}`;
      journal.transitions.push(record);
      return;
    case "end":
      if (journal.end !== undefined) return "a second end record";
      journal.end = record;
      return;
  }
}

function _describe(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  return issues.slice(0, 3).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  ).join("; ");
}
