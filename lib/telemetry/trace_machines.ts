/**
 * xstate actors as OpenTelemetry spans (`PS_TRACING_AM=1` and `=2`), from xstate's inspection
 * events.
 *
 * What xstate 5.33 reports, and what this makes of it:
 * - `@xstate.actor` when an actor is created (before its initial snapshot exists): nothing yet.
 * - `@xstate.event` for every event sent to an actor, `xstate.init` included, when it is sent
 *   (an actor busy with another event queues it): `xstate.init` opens the actor's span and the
 *   spans of its initial states; an event for an actor that has stopped is a rejected transition.
 * - `@xstate.action` for every action executed, built-in ones (`xstate.assign`, ...) included,
 *   before the microstep that ran it is reported: span events on the transition.
 * - `@xstate.microstep` after each microstep, with the transitions taken (none: the event was
 *   not accepted) and the new snapshot: state spans end and start here.
 * - `@xstate.snapshot` after each processed event: the transition span ends here; a status other
 *   than `active` ends the actor.
 *
 * @module
 */
import {
  type Attributes,
  type Context,
  type HrTime,
  type Span,
  type SpanContext,
  SpanStatusCode,
  trace,
  type Tracer,
} from "@opentelemetry/api";
import type {
  AnyActorRef,
  AnyEventObject,
  AnyMachineSnapshot,
  AnyStateNode,
  AnyTransitionDefinition,
  InspectionEvent,
} from "xstate";
import { isMachineSnapshot, machineSnapshotOf } from "./_journal_actors.ts";
import { enteredStates, statePath } from "./_journal_states.ts";
import { shortArgs } from "./_short_args.ts";
import { SPAN_ATTRIBUTES } from "./span_conventions.ts";
import {
  type ActorRecord,
  inDocumentOrder,
  leavesText,
  logicKind,
  ownerOf,
  spanNow,
  type StateRecord,
  type TransitionRecord,
} from "./_traced_actors.ts";

/** Attribute keys of the machine spans that span_conventions.ts does not have (yet). */
export const MACHINE_SPAN_ATTRIBUTES = {
  /** A transition span: the active leaf states before and after it, ", "-separated (string). */
  stateBefore: "xstate.state.before",
  stateAfter: "xstate.state.after",
  /** An actor span: its status when it ended: done, error, stopped, or active (string). */
  status: "xstate.actor.status",
  /** An action span event: the action's params in short (string). */
  actionParams: "xstate.action.params",
} as const;

/** The name of a transition span is this prefix and the event type, e.g. "on PUBLISH". */
export const TRANSITION_SPAN_PREFIX = "on ";

/** Options of {@linkcode createMachineTracer}. */
export interface MachineTracerOptions {
  /**
   * 1: a span per actor and per active state. 2: also a span per event an actor processed
   * (transition), with the actions it ran as span events, and a span per non-machine actor
   * (promise, callback).
   */
  level: 1 | 2;
  /** The context root actors' spans start in; child actors nest in their parent's spans. */
  parent: Context;
}

/** What {@linkcode createMachineTracer} returns. */
export interface MachineTracer {
  /** xstate's inspection callback: pass it to `createActor(machine, { inspect })`. */
  inspect(event: InspectionEvent): void;
  /**
   * The span of the transition being processed (level 2), else undefined; for the history
   * journal's `spanContext` option. Call the tracer's `inspect` before the journal's.
   */
  currentSpanContext(): SpanContext | undefined;
  /** Ends every span still open (actors still running, final states); later events are ignored. */
  end(): void;
}

/**
 * Makes spans of `tracer` from the inspection events of every actor it is given to (several
 * root actors may share it; the actors they invoke or spawn are inspected through them).
 *
 * - Level 1: a span per actor, named by its machine id (its kind), under the span of the state
 *   that invoked it (or of its parent actor, or `options.parent` for a root actor); inside it a
 *   span per active state node, named `<machine id>.<state path>`, from entry to exit, nested
 *   like the states. A state that a transition exits and re-enters gets a new span. Attributes:
 *   machine id (the actor's id), kind (the machine id), state path.
 * - Level 2 adds a span per event an actor processed, named `on <event type>`, child of the
 *   actor's span: event type, arguments in short, accepted (at least one transition taken, or
 *   the actor's status changed), active leaves before and after; the actions run as span
 *   events. Non-machine actors get a span from start to end.
 *
 * @example
 * ```ts
 * import { context, trace } from "@opentelemetry/api";
 * import { createActor } from "xstate";
 *
 * const machines = createMachineTracer(tracer, {
 *   level: 2,
 *   parent: trace.setSpan(context.active(), hostSpan),
 * });
 * const actor = createActor(discoveryMachine, { input, inspect: machines.inspect }).start();
 * // ... run ...
 * machines.end();
 * ```
 */
export function createMachineTracer(tracer: Tracer, options: MachineTracerOptions): MachineTracer {
  if (options?.level !== 1 && options?.level !== 2) {
    throw new TypeError(
      `createMachineTracer: options.level must be 1 (states) or 2 (states and transitions), ` +
        `got ${JSON.stringify(options?.level)}`,
    );
  }
  if (typeof (options.parent as { getValue?: unknown } | undefined)?.getValue !== "function") {
    throw new TypeError(
      `createMachineTracer: options.parent must be an OpenTelemetry Context, got ${typeof options
        .parent}; pass trace.setSpan(context.active(), parentSpan)`,
    );
  }
  const { parent, level } = options;
  const actors = new Map<AnyActorRef, ActorRecord>();
  const ended = new WeakSet<AnyActorRef>();
  /** Open transitions, most recent last. */
  const openTransitions: TransitionRecord[] = [];
  let stopped = false;

  const startActor = (ref: AnyActorRef): ActorRecord | undefined => {
    const snapshot = machineSnapshotOf(ref);
    if (snapshot === undefined && level < 2) return undefined;
    const kind = snapshot?.machine.id ?? logicKind(ref);
    const parentRecord = ref._parent === undefined ? undefined : actors.get(ref._parent);
    const owner = parentRecord === undefined ? undefined : ownerOf(parentRecord, ref.id);
    const span = tracer.startSpan(kind, {
      attributes: {
        [SPAN_ATTRIBUTES.machineId]: ref.id,
        [SPAN_ATTRIBUTES.machineKind]: kind,
      },
      startTime: spanNow(),
    }, owner?.context ?? parentRecord?.context ?? parent);
    const record: ActorRecord = {
      ref,
      kind,
      isMachine: snapshot !== undefined,
      span,
      context: trace.setSpan(parent, span),
      states: new Map(),
      configuration: [],
      nodes: new Set(),
      children: new Set(),
      pendingActions: [],
    };
    if (owner !== undefined || parentRecord !== undefined) {
      record.owner = owner?.children ?? parentRecord!.children;
      record.owner.add(record);
    }
    actors.set(ref, record);
    if (snapshot !== undefined) {
      const initial = snapshot._nodes.filter((node) => node.parent !== undefined);
      syncStates(record, [], inDocumentOrder(initial), snapshot._nodes);
    }
    return record;
  };

  /** Ends the spans of `exited` (deepest first), then starts those of `entered`. */
  const syncStates = (
    record: ActorRecord,
    exited: readonly AnyStateNode[],
    entered: readonly AnyStateNode[],
    configuration: readonly AnyStateNode[],
  ): void => {
    for (const node of [...exited].sort((a, b) => b.path.length - a.path.length)) {
      const state = record.states.get(node);
      if (state === undefined) continue;
      endState(record, state);
    }
    for (const node of entered) {
      const parentState = node.parent === undefined ? undefined : record.states.get(node.parent);
      const path = statePath(node);
      const span = tracer.startSpan(`${record.kind}.${path}`, {
        attributes: {
          [SPAN_ATTRIBUTES.machineId]: record.ref.id,
          [SPAN_ATTRIBUTES.machineKind]: record.kind,
          [SPAN_ATTRIBUTES.state]: path,
        },
        startTime: spanNow(),
      }, parentState?.context ?? record.context);
      record.states.set(node, {
        node,
        span,
        context: trace.setSpan(parent, span),
        children: new Set(),
      });
    }
    record.configuration = configuration;
    record.nodes = new Set(configuration);
  };

  const endState = (record: ActorRecord, state: StateRecord): void => {
    for (const child of [...state.children]) endActor(child);
    state.span.end(spanNow());
    record.states.delete(state.node);
  };

  const openTransition = (record: ActorRecord, event: AnyEventObject): TransitionRecord => {
    const snapshot = record.ref.getSnapshot() as { status?: string };
    const attributes: Attributes = {
      [SPAN_ATTRIBUTES.machineId]: record.ref.id,
      [SPAN_ATTRIBUTES.machineKind]: record.kind,
      [SPAN_ATTRIBUTES.event]: event.type,
      [SPAN_ATTRIBUTES.eventArgs]: shortArgs(event) ?? "{}",
    };
    const pending = record.pendingActions;
    const span = tracer.startSpan(`${TRANSITION_SPAN_PREFIX}${event.type}`, {
      attributes,
      startTime: pending[0]?.time ?? spanNow(),
    }, record.context);
    for (const action of pending) addAction(span, action.type, action.params, action.time);
    pending.length = 0;
    const transition: TransitionRecord = {
      span,
      before: event.type === "xstate.init" ? "" : leavesText(record.configuration),
      beforeStatus: snapshot.status ?? "active",
      accepted: event.type === "xstate.init",
    };
    record.transition = transition;
    openTransitions.push(transition);
    return transition;
  };

  const finishTransition = (record: ActorRecord): void => {
    const transition = record.transition;
    if (transition === undefined) return;
    record.transition = undefined;
    const status = (record.ref.getSnapshot() as { status?: string }).status ?? "active";
    transition.span.setAttributes({
      [SPAN_ATTRIBUTES.accepted]: transition.accepted || status !== transition.beforeStatus,
      [MACHINE_SPAN_ATTRIBUTES.stateBefore]: transition.before,
      [MACHINE_SPAN_ATTRIBUTES.stateAfter]: leavesText(record.configuration),
    });
    transition.span.end(spanNow());
    const index = openTransitions.lastIndexOf(transition);
    if (index >= 0) openTransitions.splice(index, 1);
  };

  const addAction = (span: Span, type: string, params: unknown, time: HrTime): void => {
    const args = params === undefined ? undefined : shortArgs({ type, params } as { type: string });
    span.addEvent(
      type,
      args === undefined ? {} : { [MACHINE_SPAN_ATTRIBUTES.actionParams]: args },
      time,
    );
  };

  const endActor = (record: ActorRecord): void => {
    finishTransition(record);
    for (const child of [...record.children]) endActor(child);
    syncStates(record, [...record.states.keys()], [], []);
    const snapshot = record.ref.getSnapshot() as { status?: string; error?: unknown };
    const status = snapshot.status ?? "active";
    record.span.setAttribute(MACHINE_SPAN_ATTRIBUTES.status, status);
    if (status === "error") {
      record.span.setStatus({ code: SpanStatusCode.ERROR, message: _message(snapshot.error) });
    }
    record.span.end(spanNow());
    record.owner?.delete(record);
    actors.delete(record.ref);
    ended.add(record.ref);
  };

  /** The record of an actor, opened late when tracing began after it started. */
  const recordOf = (ref: AnyActorRef): ActorRecord | undefined => {
    if (ended.has(ref)) return undefined;
    return actors.get(ref) ?? startActor(ref);
  };

  const onEvent = (ref: AnyActorRef, event: AnyEventObject, source: unknown): void => {
    if (event.type === "xstate.init") {
      if (ended.has(ref) || actors.has(ref)) return;
      const record = startActor(ref);
      if (record?.isMachine && level === 2) openTransition(record, event);
      return;
    }
    // A child that failed reports no snapshot; its parent hears of it by this event.
    if (event.type.startsWith("xstate.error.actor")) {
      const child = actors.get(source as AnyActorRef);
      if (child !== undefined) endActor(child);
    }
    const status = (ref.getSnapshot() as { status?: string }).status;
    if (level === 2 && status !== "active" && !ended.has(ref)) {
      // Never processed: an event for an actor that has stopped.
      const record = actors.get(ref);
      if (!record?.isMachine || record.transition !== undefined) return;
      openTransition(record, event);
      finishTransition(record);
    }
  };

  const onAction = (ref: AnyActorRef, action: { type: string; params: unknown }): void => {
    if (level < 2) return;
    const record = recordOf(ref);
    if (!record?.isMachine) return;
    const time = spanNow();
    if (record.transition !== undefined) {
      addAction(record.transition.span, action.type, action.params, time);
    } else record.pendingActions.push({ ...action, time });
  };

  const onMicrostep = (
    ref: AnyActorRef,
    event: AnyEventObject,
    snapshot: AnyMachineSnapshot,
    transitions: readonly AnyTransitionDefinition[],
  ): void => {
    // Microsteps of xstate.init run while the actor is constructed; its start covers them.
    if (event.type === "xstate.init" && !actors.has(ref)) return;
    const record = recordOf(ref);
    if (record === undefined) return;
    if (level === 2 && record.transition === undefined) openTransition(record, event);
    if (transitions.length === 0) return;
    if (record.transition !== undefined) record.transition.accepted = true;
    const after = snapshot._nodes;
    const entered = enteredStates(transitions, record.nodes, after);
    if (entered.length === 0 && after === record.configuration) return;
    const afterSet = new Set(after);
    const enteredSet = new Set(entered);
    const exited = [...record.nodes].filter((node) =>
      node.parent !== undefined && (!afterSet.has(node) || enteredSet.has(node))
    );
    syncStates(record, exited, entered, after);
  };

  const onSnapshot = (ref: AnyActorRef, status: string | undefined): void => {
    const record = actors.get(ref);
    if (record === undefined) return;
    finishTransition(record);
    if (status !== "active") endActor(record);
  };

  const inspect = (event: InspectionEvent): void => {
    if (stopped) return;
    try {
      const ref = event.actorRef as AnyActorRef;
      switch (event.type) {
        case "@xstate.event":
          onEvent(ref, event.event, event.sourceRef);
          return;
        case "@xstate.action":
          onAction(ref, event.action);
          return;
        case "@xstate.microstep":
          if (isMachineSnapshot(event.snapshot)) {
            onMicrostep(ref, event.event, event.snapshot, event._transitions);
          }
          return;
        case "@xstate.snapshot":
          onSnapshot(ref, (event.snapshot as { status?: string }).status);
          return;
      }
    } catch (error) {
      // Never into xstate, which would fail the actor being inspected.
      queueMicrotask(() => {
        throw error;
      });
    }
  };

  return {
    inspect,
    currentSpanContext: () => openTransitions.at(-1)?.span.spanContext(),
    end: () => {
      if (stopped) return;
      stopped = true;
      // Roots first: each ends its children before itself.
      for (const record of [...actors.values()]) {
        if (actors.has(record.ref) && record.owner === undefined) endActor(record);
      }
      for (const record of [...actors.values()]) endActor(record);
    },
  };
}

function _message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
