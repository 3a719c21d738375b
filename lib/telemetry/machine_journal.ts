/**
 * The state-machine history journal: an xstate `inspect` callback that appends one NDJSON line
 * per event an actor processed (see journal_record.ts for the format).
 *
 * @module
 */
import type {
  AnyActorRef,
  AnyEventObject,
  AnyMachineSnapshot,
  AnyStateNode,
  InspectionEvent,
} from "xstate";
import {
  createJournalActors,
  isMachineSnapshot,
  type JournalActor,
  machineSnapshotOf,
} from "./_journal_actors.ts";
import { activeLeaves, enteredStates, statePath } from "./_journal_states.ts";
import { createLineWriter } from "./_line_writer.ts";
import { shortArgs } from "./_short_args.ts";
import { JournalError } from "./journal_error.ts";
import {
  DEFAULT_MAX_RECORDS,
  type JournalSpanContext,
  type MachineJournal,
  type MachineJournalOptions,
} from "./machine_journal_options.ts";
import {
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  type JournalActorStatus,
  type JournalEnd,
  type JournalHeader,
  type JournalTransition,
} from "./journal_record.ts";

type _Actor = JournalActor<_Entry>;

interface _Entry {
  seq: number;
  actor: _Actor;
  written: boolean;
  done: boolean;
  wallMs: number;
  offsetMs: number;
  event: AnyEventObject;
  before: readonly string[];
  beforeStatus: string;
  counters: Record<string, number>;
  accepted: boolean;
  span?: JournalSpanContext;
  /** Microsteps seen so far (0 while the event waits or its first actions run). */
  microsteps: number;
  /** The line(s) to write, set when done. */
  text?: string;
}

/**
 * Creates (truncates) the journal file at `path`, writes its header, and returns the journal.
 * Lines are buffered and written in order by one chain of asynchronous writes, started when a
 * batch fills up and at the end of each task, so a transition costs no system call.
 *
 * A transition is numbered when its actor starts processing the event: when the event is sent to
 * an idle actor, or, for an event that waited in a busy actor's mailbox, when the previous one is
 * done. It is written once its snapshot is reported; one that finishes after a later one (a
 * parent whose action made a child transition meanwhile) is held back, so the file is always in
 * seq order.
 *
 * @example Journal two actors into one file
 * ```ts
 * import { createActor } from "xstate";
 *
 * const journal = createMachineJournal("results/b1/journal-r1.ndjson", { runId: "r1" });
 * const host = createActor(pubsubHostMachine, { id: "host0", input, inspect: journal.inspect });
 * const discovery = createActor(discoveryMachine, { id: "host0/discovery", input, inspect: journal.inspect });
 * // ... run ...
 * await journal.close();
 * ```
 */
export function createMachineJournal(
  path: string,
  options: MachineJournalOptions = {},
): MachineJournal {
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 0) {
    throw new JournalError(
      `createMachineJournal: option maxRecords must be an integer >= 0, got ${maxRecords}`,
    );
  }
  const clock = options.clock ?? { wallMs: () => Date.now(), monotonicMs: () => performance.now() };
  const spanContext = options.spanContext;
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { write: true, create: true, truncate: true });
  } catch (error) {
    throw new JournalError(
      `createMachineJournal: cannot create journal file "${path}": ${_message(error)}`,
      { cause: error },
    );
  }

  const startWallMs = clock.wallMs();
  const startMonoMs = clock.monotonicMs();
  const actors = createJournalActors<_Entry>();
  /** Entries by seq, from the next one to write on; written in seq order as they finish. */
  const entries = new Map<number, _Entry>();
  let nextSeq = 1;
  let lastSeq = 0;
  let written = 0;
  let droppedMachines = 0;
  let errors = 0;
  let firstError: unknown;
  let closing: Promise<void> | undefined;

  const writer = createLineWriter(file);
  const offsetNow = (): number => _round3(clock.monotonicMs() - startMonoMs);

  const header: JournalHeader = {
    record: "header",
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    runId: options.runId ?? new Date(startWallMs).toISOString(),
    startedAt: new Date(startWallMs).toISOString(),
    startedAtMs: startWallMs,
    maxRecords,
  };

  function open(actor: _Actor, event: AnyEventObject, snapshot: AnyMachineSnapshot): _Entry {
    const seq = ++lastSeq;
    const write = seq <= maxRecords;
    const entry: _Entry = {
      seq,
      actor,
      written: write,
      done: false,
      wallMs: clock.wallMs(),
      offsetMs: offsetNow(),
      event,
      before: write ? activeLeaves(snapshot._nodes) : [],
      beforeStatus: snapshot.status,
      counters: {},
      accepted: false,
      microsteps: 0,
    };
    entries.set(seq, entry);
    return entry;
  }

  function count(entry: _Entry, entered: readonly AnyStateNode[]): void {
    const { counters } = entry.actor;
    for (const node of entered) {
      const total = (counters.get(node) ?? 0) + 1;
      counters.set(node, total);
      if (entry.written) entry.counters[statePath(node)] = total;
    }
  }

  function finish(entry: _Entry, snapshot: AnyMachineSnapshot, status: string): void {
    const { actor } = entry;
    entry.done = true;
    if (actor.open === entry) actor.open = undefined;
    entry.accepted ||= status !== entry.beforeStatus;
    if (entry.written) {
      if (entry.microsteps === 0) entry.span = spanContext?.();
      const record: JournalTransition = {
        record: "transition",
        seq: entry.seq,
        wallMs: entry.wallMs,
        offsetMs: entry.offsetMs,
        machine: actor.id,
        machineKind: actor.kind,
        ...(actor.parent === undefined ? {} : { parent: actor.parent }),
        event: entry.event.type,
        ...(_withArgs(entry.event)),
        before: entry.before as string[],
        after: activeLeaves(snapshot._nodes) as string[],
        counters: entry.counters,
        accepted: entry.accepted,
        status: _status(status),
        // Only the ids: an OpenTelemetry SpanContext carries flags and trace state too.
        ...(entry.span === undefined
          ? {}
          : { traceId: entry.span.traceId, spanId: entry.span.spanId }),
      };
      const line = JSON.stringify(record);
      entry.text = actor.machineLine === undefined ? line : `${actor.machineLine}\n${line}`;
      actor.machineLine = undefined;
    } else if (actor.machineLine !== undefined) {
      actor.machineLine = undefined;
      droppedMachines++;
    }
    if (actor.queue !== undefined && actor.open === undefined) {
      if (status === "active") {
        // The mailbox goes straight on with the next waiting event.
        const next = actor.queue.shift()!;
        if (actor.queue.length === 0) actor.queue = undefined;
        actor.open = open(actor, next, snapshot);
      } else {
        // A stopped mailbox drops what waits in it.
        const dropped = actor.queue;
        actor.queue = undefined;
        for (const event of dropped) finish(open(actor, event, snapshot), snapshot, status);
      }
    }
    drain();
  }

  /** Writes finished entries in seq order, up to the first unfinished one. */
  function drain(): void {
    for (;;) {
      const entry = entries.get(nextSeq);
      if (entry === undefined) return;
      if (!entry.done) {
        // An actor whose action threw never reports the snapshot of that event; one that stopped
        // never processes it. Either way the entry is over.
        const snapshot = entry.actor.ref.getSnapshot() as AnyMachineSnapshot;
        if (snapshot.status === "active") return;
        finish(entry, snapshot, snapshot.status);
        return;
      }
      entries.delete(nextSeq++);
      if (entry.text !== undefined) {
        written++;
        writer.push(entry.text);
      }
    }
  }

  function onInit(ref: AnyActorRef, event: AnyEventObject): void {
    const snapshot = machineSnapshotOf(ref);
    if (snapshot === undefined || actors.get(ref) !== undefined) return;
    const actor = actors.of(ref, snapshot);
    const entry = open(actor, event, snapshot);
    entry.before = [];
    entry.beforeStatus = "";
    entry.accepted = true;
    count(entry, snapshot._nodes.filter((node) => node.parent !== undefined));
    finish(entry, snapshot, snapshot.status);
  }

  function onEvent(ref: AnyActorRef, event: AnyEventObject): void {
    const snapshot = machineSnapshotOf(ref);
    if (snapshot === undefined) return;
    if (snapshot.status !== "active") {
      // An event for an actor that has stopped is never processed: journal it as not accepted.
      finish(open(actors.of(ref, snapshot), event, snapshot), snapshot, snapshot.status);
      return;
    }
    // Not started yet: the event waits in the mailbox, and its first microstep opens its entry.
    const actor = actors.get(ref);
    if (actor === undefined) return;
    // An idle actor processes the event right now, before the actions it runs are reported.
    if (actor.open === undefined) actor.open = open(actor, event, snapshot);
    else (actor.queue ??= []).push(event);
  }

  function onMicrostep(event: Extract<InspectionEvent, { type: "@xstate.microstep" }>): void {
    // Microsteps of xstate.init run while the actor is constructed: its init record covers them.
    if (event.event.type === "xstate.init") return;
    const ref = event.actorRef as AnyActorRef;
    let actor = actors.get(ref);
    let entry = actor?.open;
    while (entry !== undefined && entry.microsteps === 0 && entry.event !== event.event) {
      // The mailbox was cleared (a stop) before the events opened at receipt were processed.
      const current = ref.getSnapshot() as AnyMachineSnapshot;
      finish(entry, current, current.status);
      entry = actor!.open;
    }
    if (entry === undefined) {
      // Events that reach the mailbox without being reported (xstate.stop), or that waited
      // for the actor to start.
      const current = machineSnapshotOf(ref);
      if (current === undefined) return;
      actor ??= actors.of(ref, current);
      entry = actor.open = open(actor, event.event, current);
    }
    // The tracer opens the transition's span on its first microstep (its inspect runs first).
    if (entry.microsteps++ === 0 && entry.written) entry.span = spanContext?.();
    const transitions = event._transitions;
    if (transitions.length === 0) return;
    entry.accepted = true;
    const after = (event.snapshot as AnyMachineSnapshot)._nodes;
    const entered = enteredStates(transitions, actor!.nodes, after);
    if (entered.length === 0) return;
    count(entry, entered);
    actor!.nodes = new Set(after);
  }

  function onSnapshot(ref: AnyActorRef, snapshot: AnyMachineSnapshot, event: AnyEventObject): void {
    const actor = actors.get(ref);
    const entry = actor?.open;
    // Only the snapshot of the event being processed ends it (an actor's start reports one too).
    if (actor === undefined || entry === undefined || entry.event !== event) return;
    actor.nodes = new Set(snapshot._nodes);
    // The event's snapshot is the one before deferred effects ran; the actor's own may since have
    // turned to an error.
    finish(entry, snapshot, (ref.getSnapshot() as AnyMachineSnapshot).status);
  }

  function inspect(event: InspectionEvent): void {
    if (closing !== undefined) return;
    try {
      switch (event.type) {
        case "@xstate.event":
          if (event.event.type === "xstate.init") {
            onInit(event.actorRef as AnyActorRef, event.event);
          } else onEvent(event.actorRef as AnyActorRef, event.event);
          break;
        case "@xstate.microstep":
          onMicrostep(event);
          break;
        case "@xstate.snapshot":
          if (isMachineSnapshot(event.snapshot)) {
            onSnapshot(event.actorRef as AnyActorRef, event.snapshot, event.event);
          }
          break;
      }
    } catch (error) {
      errors++;
      firstError ??= error;
    }
  }

  async function close(): Promise<void> {
    // Transitions still in progress (an actor stopped mid-event) are written as they stand.
    for (const entry of [...entries.values()].sort((a, b) => a.seq - b.seq)) {
      if (!entry.done) {
        const snapshot = entry.actor.ref.getSnapshot() as AnyMachineSnapshot;
        finish(entry, snapshot, snapshot.status);
      }
    }
    drain();
    const end: JournalEnd = {
      record: "end",
      endedAt: new Date(clock.wallMs()).toISOString(),
      offsetMs: offsetNow(),
      transitions: lastSeq,
      written,
      dropped: Math.max(0, lastSeq - maxRecords),
      machines: actors.size,
      droppedMachines,
      errors,
      ...(firstError === undefined ? {} : { error: _message(firstError) }),
    };
    writer.push(JSON.stringify(end));
    const writeError = await writer.close();
    if (writeError !== undefined) {
      throw new JournalError(
        `machine journal: writing "${path}" failed: ${_message(writeError)}`,
        { cause: writeError },
      );
    }
    if (firstError !== undefined) {
      throw new JournalError(
        `machine journal "${path}": ${errors} inspection events could not be journaled, ` +
          `the first: ${_message(firstError)}`,
        { cause: firstError },
      );
    }
  }

  writer.push(JSON.stringify(header));
  return {
    path,
    inspect,
    counts: () => ({
      transitions: lastSeq,
      written,
      dropped: Math.max(0, lastSeq - maxRecords),
      machines: actors.size,
    }),
    close: () => {
      if (closing === undefined) {
        // Set first, so inspection events that close() itself causes are ignored.
        closing = Promise.resolve().then(close);
      }
      return closing;
    },
  };
}

function _withArgs(event: AnyEventObject): { args?: string } {
  const args = shortArgs(event);
  return args === undefined ? {} : { args };
}

function _status(status: string): JournalActorStatus {
  return status === "done" || status === "error" || status === "stopped" ? status : "active";
}

function _round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function _message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
