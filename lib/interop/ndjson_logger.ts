/**
 * The node's stdout: compact NDJSON, one event a line, each with `time` (RFC 3339 with the local
 * UTC offset and microseconds) and `msg`, as the experiment's analysis reads it
 * (`datetime.fromisoformat(line["time"])`). Diagnostics go to stderr, never here.
 *
 * @module
 */

/** Writes one event a line. */
export interface NdjsonLogger {
  /**
   * Writes `{"time":...,"level":"INFO","msg":msg,...fields}` as one line.
   *
   * @param fields extra keys, after `msg`, in their order
   * @param atEpochMs the event's time, when it happened before the line is written (a value
   *   of {@linkcode NdjsonLogger.nowMs}). @default now
   */
  info(msg: string, fields?: Record<string, unknown>, atEpochMs?: number): void;
  /** The logger's clock: milliseconds since the Unix epoch, with a fraction. */
  nowMs(): number;
}

/** Options of {@linkcode createNdjsonLogger}. */
export interface NdjsonLoggerOptions {
  /**
   * Writes one line (without its newline) completely before returning.
   *
   * @default a synchronous write of the line and "\n" to stdout
   */
  writeLine?: (line: string) => void;
  /**
   * Wall-clock time in milliseconds since the Unix epoch, with a fraction.
   *
   * @default `performance.timeOrigin + performance.now()` (sub-millisecond, unlike `Date.now()`)
   */
  nowMs?: () => number;
  /**
   * The local UTC offset in minutes east of Greenwich at a time (e.g. 60 for CET in winter).
   *
   * @default the system's, from `Date.prototype.getTimezoneOffset`
   */
  utcOffsetMinutes?: (epochMs: number) => number;
}

/**
 * Creates the stdout logger.
 *
 * @example
 * ```ts
 * import { createNdjsonLogger } from "./ndjson_logger.ts";
 *
 * const lines: string[] = [];
 * const log = createNdjsonLogger({
 *   writeLine: (line) => lines.push(line),
 *   nowMs: () => 0,
 *   utcOffsetMinutes: () => 0,
 * });
 * log.info("PeerID", { id: "12D3KooW...", node_id: 3 });
 * console.assert(lines[0].startsWith('{"time":"1970-01-01T00:00:00.000000+00:00"'));
 * ```
 */
export function createNdjsonLogger(options: NdjsonLoggerOptions = {}): NdjsonLogger {
  const writeLine = options.writeLine ?? writeStdoutLine;
  const nowMs = options.nowMs ?? (() => performance.timeOrigin + performance.now());
  const utcOffsetMinutes = options.utcOffsetMinutes ??
    ((epochMs: number) => -new Date(epochMs).getTimezoneOffset());
  return {
    nowMs,
    info(msg, fields = {}, atEpochMs) {
      const epochMs = atEpochMs ?? nowMs();
      const time = formatRfc3339Micros(epochMs, utcOffsetMinutes(epochMs));
      writeLine(JSON.stringify({ time, level: "INFO", msg, ...fields }));
    },
  };
}

/**
 * Formats a time as RFC 3339 with six fractional digits and a numeric offset, e.g.
 * `2026-12-02T04:41:00.123457+01:00`. Six digits and `+00:00` rather than `Z` keep it readable
 * by Python's `datetime.fromisoformat` on every version the experiment may use.
 *
 * @param epochMs milliseconds since the Unix epoch; rounded to the microsecond
 * @param offsetMinutes minutes east of UTC to show the local time in
 */
export function formatRfc3339Micros(epochMs: number, offsetMinutes: number): string {
  const micros = Math.round(epochMs * 1000);
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros - seconds * 1_000_000;
  const local = new Date((seconds + offsetMinutes * 60) * 1000);
  const pad = (value: number, width = 2): string => String(value).padStart(width, "0");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const offset = Math.abs(offsetMinutes);
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${
    pad(local.getUTCDate())
  }T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${
    pad(fraction, 6)
  }${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

const encoder = new TextEncoder();

/** Writes `line` and a newline to stdout synchronously, looping over partial writes. */
export function writeStdoutLine(line: string): void {
  const bytes = encoder.encode(`${line}\n`);
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}
