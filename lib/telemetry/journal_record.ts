/**
 * The state-machine history journal's line format: one JSON object a line (NDJSON), told apart by
 * its `record` field.
 *
 * A journal is, in this order:
 * 1. one {@linkcode JournalHeader} (`"record": "header"`), always the first line;
 * 2. {@linkcode JournalMachine} lines (`"record": "machine"`), each written just before the first
 *    transition of its machine, and {@linkcode JournalTransition} lines
 *    (`"record": "transition"`) in `seq` order;
 * 3. one {@linkcode JournalEnd} (`"record": "end"`) when the journal was closed; a journal of a
 *    process that was killed has none.
 *
 * @example Two lines of a journal
 * ```json
 * {"record":"header","format":"ps-am-journal","version":1,"runId":"r1","startedAt":"2025-01-01T00:00:00.000Z","startedAtMs":1735689600000,"maxRecords":100000}
 * {"record":"transition","seq":1,"wallMs":1735689600003,"offsetMs":3.2,"machine":"host0/discovery","machineKind":"discovery","event":"START","before":["pool.stopped"],"after":["pool.running"],"counters":{"pool.running":1},"accepted":true,"status":"active"}
 * ```
 *
 * @module
 */
import { z } from "zod";

/** The `format` of every journal header. */
export const JOURNAL_FORMAT = "ps-am-journal";

/** The journal format version this code writes and reads. */
export const JOURNAL_VERSION = 1;

/** The first line of a journal. */
export interface JournalHeader {
  record: "header";
  /** Always {@linkcode JOURNAL_FORMAT}. */
  format: typeof JOURNAL_FORMAT;
  /** Always {@linkcode JOURNAL_VERSION}. */
  version: typeof JOURNAL_VERSION;
  /** The run the journal belongs to. */
  runId: string;
  /** When the journal was created, ISO 8601. */
  startedAt: string;
  /** The same instant in epoch milliseconds; `offsetMs` of later records counts from here. */
  startedAtMs: number;
  /** The bound: transitions past this many are counted, not written. */
  maxRecords: number;
}

/** How a state node behaves, as xstate names it. */
export type JournalStateType = "atomic" | "compound" | "parallel" | "final" | "history";

/** One state node of a machine, by its flat path. */
export interface JournalStateNode {
  /** Keys from the root joined by ".", e.g. `"peers.connected"`. */
  path: string;
  type: JournalStateType;
}

/** A machine (one actor), written once, before its first transition. */
export interface JournalMachine {
  record: "machine";
  /**
   * The journal's id of the actor, unique within the journal: the actor's id, prefixed by its
   * parent's journal id and "/" for a child, with "#2", "#3", ... added when an earlier actor of
   * the journal had the same id (a re-invoked child, two roots with the default id).
   */
  machine: string;
  /** The machine's id (`logic.id`), e.g. `"discovery"`. */
  machineKind: string;
  /** The parent's journal id; absent for a root actor. */
  parent?: string;
  /** xstate's session id of the actor (unique within one actor system only). */
  sessionId: string;
  /** Every state node of the machine except the root, in document order. */
  states: JournalStateNode[];
}

/** How the actor's snapshot stands after an event. */
export type JournalActorStatus = "active" | "done" | "error" | "stopped";

/** One event an actor processed (or was sent while it could no longer process any). */
export interface JournalTransition {
  record: "transition";
  /** 1, 2, 3, ... in the order the actors began processing the events, over the whole journal. */
  seq: number;
  /** Wall time at that moment, epoch milliseconds. */
  wallMs: number;
  /** Monotonic milliseconds since the journal was created. */
  offsetMs: number;
  /** The actor's journal id (see {@linkcode JournalMachine.machine}). */
  machine: string;
  /** The machine's id (`logic.id`). */
  machineKind: string;
  /** The parent's journal id; absent for a root actor. */
  parent?: string;
  /** The event's `type`. */
  event: string;
  /** The event without `type`, as JSON cut to about 120 characters; absent when nothing is left. */
  args?: string;
  /** Active atomic and final states before the event, as flat paths. */
  before: string[];
  /** Active atomic and final states after the event, as flat paths. */
  after: string[];
  /**
   * Activation counters of the states this event entered (or re-entered), each the state's new
   * total for this actor: how many times it has been entered since the actor started. The
   * counters of all states at any point are, per state, the last value at or before that point.
   */
  counters: Record<string, number>;
  /**
   * The event took at least one transition (a targetless one counts), or changed the actor's
   * status (`xstate.stop`); false when no transition was enabled for it.
   */
  accepted: boolean;
  status: JournalActorStatus;
  /** The active trace when tracing is on (32 hex digits). */
  traceId?: string;
  /** The active span when tracing is on (16 hex digits). */
  spanId?: string;
}

/** The last line of a closed journal. */
export interface JournalEnd {
  record: "end";
  /** When the journal was closed, ISO 8601. */
  endedAt: string;
  /** Monotonic milliseconds since the journal was created. */
  offsetMs: number;
  /** Transitions seen, written or not. */
  transitions: number;
  /** Transition lines written (at most the header's `maxRecords`). */
  written: number;
  /** Transitions past the bound: counted, not written. */
  dropped: number;
  /** Machines seen. */
  machines: number;
  /** Machines whose first transition came past the bound: no machine line was written. */
  droppedMachines: number;
  /** Inspection events the journal failed to handle (a bug if not 0); the first is in `error`. */
  errors: number;
  /** The first such failure's message. */
  error?: string;
}

/** Any line of a journal. */
export type JournalRecord = JournalHeader | JournalMachine | JournalTransition | JournalEnd;

const _finite = z.number().refine(Number.isFinite, { error: "must be a finite number" });
const _count = z.int().min(0);

const _header = z.object({
  record: z.literal("header"),
  format: z.literal(JOURNAL_FORMAT),
  version: z.literal(JOURNAL_VERSION),
  runId: z.string(),
  startedAt: z.string(),
  startedAtMs: _finite,
  maxRecords: _count,
});

const _machine = z.object({
  record: z.literal("machine"),
  machine: z.string().min(1),
  machineKind: z.string(),
  parent: z.string().optional(),
  sessionId: z.string(),
  states: z.array(z.object({
    path: z.string().min(1),
    type: z.enum(["atomic", "compound", "parallel", "final", "history"]),
  })),
});

const _transition = z.object({
  record: z.literal("transition"),
  seq: z.int().min(1),
  wallMs: _finite,
  offsetMs: _finite,
  machine: z.string().min(1),
  machineKind: z.string(),
  parent: z.string().optional(),
  event: z.string(),
  args: z.string().optional(),
  before: z.array(z.string()),
  after: z.array(z.string()),
  counters: z.record(z.string(), z.int().min(1)),
  accepted: z.boolean(),
  status: z.enum(["active", "done", "error", "stopped"]),
  traceId: z.string().optional(),
  spanId: z.string().optional(),
});

const _end = z.object({
  record: z.literal("end"),
  endedAt: z.string(),
  offsetMs: _finite,
  transitions: _count,
  written: _count,
  dropped: _count,
  machines: _count,
  droppedMachines: _count,
  errors: _count,
  error: z.string().optional(),
});

/**
 * Schema of any journal line. Unknown keys are ignored (stripped), so a reader of this version
 * reads lines that a later version extends with new optional fields.
 */
export const journalRecordSchema: z.ZodType<JournalRecord> = z.discriminatedUnion("record", [
  _header,
  _machine,
  _transition,
  _end,
]);

/** Schema of {@linkcode JournalHeader}. */
export const journalHeaderSchema: z.ZodType<JournalHeader> = _header;
/** Schema of {@linkcode JournalMachine}. */
export const journalMachineSchema: z.ZodType<JournalMachine> = _machine;
/** Schema of {@linkcode JournalTransition}. */
export const journalTransitionSchema: z.ZodType<JournalTransition> = _transition;
/** Schema of {@linkcode JournalEnd}. */
export const journalEndSchema: z.ZodType<JournalEnd> = _end;
