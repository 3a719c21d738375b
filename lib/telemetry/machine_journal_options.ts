/**
 * The options and the interface of the state-machine history journal (machine_journal.ts
 * writes it; journal_record.ts has the format of its lines).
 *
 * @module
 */
import type { InspectionEvent } from "xstate";

/** The bound when none is given: as many transitions as the viewer is built to show at ease. */
export const DEFAULT_MAX_RECORDS = 100_000;

/** Where the journal reads time; tests pass a fake one. */
export interface JournalClock {
  /** Wall time, epoch milliseconds. */
  wallMs(): number;
  /** A monotonic clock in milliseconds (any origin). */
  monotonicMs(): number;
}

/** The trace and span a transition happened in. */
export interface JournalSpanContext {
  traceId: string;
  spanId: string;
}

/** Options of `createMachineJournal`. */
export interface MachineJournalOptions {
  /**
   * The bound: at most this many transition lines are written (seq 1 to maxRecords). Later
   * transitions are still numbered and counted, but neither they nor the machine lines of actors
   * first seen past the bound are written; the end record says how many were dropped. The first
   * transitions are kept because they show how a run got where it is.
   * @default {DEFAULT_MAX_RECORDS}
   */
  maxRecords?: number;
  /**
   * The run the journal belongs to, written in the header.
   * @default the creation time, ISO 8601
   */
  runId?: string;
  /**
   * Where time comes from.
   * @default `Date.now()` and `performance.now()`
   */
  clock?: JournalClock;
  /**
   * The active trace and span, asked once per transition, at its first microstep (or when it is
   * written, for one without microsteps: an init, an event for a stopped actor). The machine
   * tracer provides it when tracing is on: give xstate an `inspect` that calls the tracer's
   * before the journal's, so the transition's span is open by then. A transition without one
   * has no `traceId` / `spanId`.
   * @default none
   */
  spanContext?: () => JournalSpanContext | undefined;
}

/** What a journal has seen so far. */
export interface JournalCounts {
  /** Transitions seen (the last seq given). */
  transitions: number;
  /** Transition lines handed to the writer. */
  written: number;
  /** Transitions past the bound. */
  dropped: number;
  /** Actors seen. */
  machines: number;
}

/** A journal being written; see `createMachineJournal`. */
export interface MachineJournal {
  /** The file being written. */
  readonly path: string;
  /**
   * xstate's inspection callback: pass it as `createActor(machine, { inspect })`. Any number of
   * root actors may share it; their children are journaled through their root. Never throws
   * (a failure is counted in the end record and reported by `close()`).
   */
  inspect(event: InspectionEvent): void;
  /** The counts so far. */
  counts(): JournalCounts;
  /**
   * Ends the journal: writes the transitions still in progress as they stand, then the end
   * record, and resolves once every line is written and the file closed. Inspection events after
   * it are ignored. Rejects with a `JournalError` if a write failed or an inspection
   * event could not be handled. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}
