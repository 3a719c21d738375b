/**
 * The journal's view of the actors it has seen: a journal-wide unique id for each, its machine
 * line, its activation counters and the configuration its next microstep starts from.
 *
 * @module
 */
import type { AnyActorRef, AnyMachineSnapshot, AnyStateNode } from "xstate";
import { listStates } from "./_journal_states.ts";
import type { JournalMachine } from "./journal_record.ts";

/** One actor as the journal tracks it. `E` is the journal's record-in-progress type. */
export interface JournalActor<E> {
  ref: AnyActorRef;
  /** Unique within the journal (see JournalMachine.machine). */
  id: string;
  kind: string;
  parent?: string;
  /** Entries of each state so far. */
  counters: Map<AnyStateNode, number>;
  /** The configuration the next microstep starts from. */
  nodes: Set<AnyStateNode>;
  /** The machine line, until the first transition carries it (or is dropped). */
  machineLine?: string;
  /** The event being processed (from when it started until its snapshot is reported). */
  open?: E;
  /** Events sent while one was being processed: they wait in the actor's mailbox. */
  queue?: Array<{ type: string }>;
}

/** The actors a journal has seen, by actor ref. */
export interface JournalActors<E> {
  /** The actor, if seen. */
  get(ref: AnyActorRef): JournalActor<E> | undefined;
  /** The actor, registered now with its machine line if not seen before. */
  of(ref: AnyActorRef, snapshot: AnyMachineSnapshot): JournalActor<E>;
  /** How many were registered. */
  readonly size: number;
}

/** An empty registry. */
export function createJournalActors<E>(): JournalActors<E> {
  const actors = new WeakMap<AnyActorRef, JournalActor<E>>();
  const idUses = new Map<string, number>();
  let size = 0;
  return {
    get: (ref) => actors.get(ref),
    of(ref, snapshot) {
      let actor = actors.get(ref);
      if (actor !== undefined) return actor;
      const parent = ref._parent === undefined ? undefined : actors.get(ref._parent);
      const base = parent === undefined ? ref.id : `${parent.id}/${ref.id}`;
      const uses = (idUses.get(base) ?? 0) + 1;
      idUses.set(base, uses);
      const id = uses === 1 ? base : `${base}#${uses}`;
      const machine: JournalMachine = {
        record: "machine",
        machine: id,
        machineKind: snapshot.machine.id,
        ...(parent === undefined ? {} : { parent: parent.id }),
        sessionId: ref.sessionId,
        states: listStates(snapshot.machine.root),
      };
      actor = {
        ref,
        id,
        kind: snapshot.machine.id,
        parent: parent?.id,
        counters: new Map(),
        nodes: new Set(snapshot._nodes),
        machineLine: JSON.stringify(machine),
      };
      actors.set(ref, actor);
      size++;
      return actor;
    },
    get size() {
      return size;
    },
  };
}

/** The actor's snapshot if it is a state machine's (promise and callback actors are not). */
export function machineSnapshotOf(ref: AnyActorRef): AnyMachineSnapshot | undefined {
  const snapshot: unknown = ref.getSnapshot();
  return isMachineSnapshot(snapshot) ? snapshot : undefined;
}

/** Whether `snapshot` is a state machine's snapshot. */
export function isMachineSnapshot(snapshot: unknown): snapshot is AnyMachineSnapshot {
  return typeof snapshot === "object" && snapshot !== null && "machine" in snapshot &&
    "_nodes" in snapshot;
}
