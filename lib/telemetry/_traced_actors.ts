/**
 * What the machine tracer (trace_machines.ts) keeps per actor, state and transition, and what
 * it reads off xstate's actor refs and state nodes: which state invoked a child, an actor's
 * kind, the active leaves as text, and the spans' clock.
 *
 * @module
 */
import type { Context, HrTime, Span } from "@opentelemetry/api";
import type { AnyActorRef, AnyStateNode } from "xstate";
import { activeLeaves } from "./_journal_states.ts";

/** An open state span. */
export interface StateRecord {
  node: AnyStateNode;
  span: Span;
  context: Context;
  /** Actors invoked by this state: they end no later than it. */
  children: Set<ActorRecord>;
}

/** An actor being traced, with its open spans. */
export interface ActorRecord {
  ref: AnyActorRef;
  kind: string;
  /** A state machine (with states and transitions), not a promise or callback actor. */
  isMachine: boolean;
  span: Span;
  context: Context;
  /** Open state spans; empty for a non-machine actor. */
  states: Map<AnyStateNode, StateRecord>;
  /** The configuration the state spans stand for, as xstate's array and as a set. */
  configuration: readonly AnyStateNode[];
  nodes: Set<AnyStateNode>;
  /** Actors started outside an invoking state (spawned): they end no later than this one. */
  children: Set<ActorRecord>;
  /** Where this record is listed, to be removed from when it ends first. */
  owner?: Set<ActorRecord>;
  transition?: TransitionRecord;
  /** Actions reported before the microstep that opens their transition. */
  pendingActions: Array<{ type: string; params: unknown; time: HrTime }>;
}

/** An open transition span, and the state before it. */
export interface TransitionRecord {
  span: Span;
  before: string;
  beforeStatus: string;
  accepted: boolean;
}

/** The state (or parent actor) span a child actor starts in: the state that invokes it. */
export function ownerOf(parent: ActorRecord, childId: string): StateRecord | undefined {
  let owner: StateRecord | undefined;
  for (const state of parent.states.values()) {
    const invokes = state.node.invoke as ReadonlyArray<{ id: string }>;
    if (!invokes.some((invoke) => invoke.id === childId)) continue;
    if (owner === undefined || state.node.path.length > owner.node.path.length) owner = state;
  }
  return owner;
}

/** The kind of a non-machine actor: its `src`, its logic's id, or "actor". */
export function logicKind(ref: AnyActorRef): string {
  const src = (ref as { src?: unknown }).src;
  if (typeof src === "string") return src;
  const id = (ref as { logic?: { id?: unknown } }).logic?.id;
  return typeof id === "string" ? id : "actor";
}

const _leavesText = new WeakMap<readonly string[], string>();

/** The active leaves, ", "-separated; cached per configuration like activeLeaves(). */
export function leavesText(configuration: readonly AnyStateNode[]): string {
  const leaves = activeLeaves(configuration);
  let text = _leavesText.get(leaves);
  if (text === undefined) {
    text = leaves.join(", ");
    _leavesText.set(leaves, text);
  }
  return text;
}

/** `nodes` sorted in document order (in place). */
export function inDocumentOrder(nodes: AnyStateNode[]): AnyStateNode[] {
  return nodes.sort((a, b) => a.order - b.order);
}

/**
 * Now as the run's tracing clock and the SDK's `hrTime()` read it: the performance clock from
 * its origin, in [seconds, nanoseconds].
 */
export function spanNow(): HrTime {
  // Every time of these spans is explicit: the SDK's default anchors each span's clock to
  // Date.now() (whole milliseconds), which can put a child outside its parent.
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}
