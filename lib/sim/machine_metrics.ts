/**
 * Per machine kind metrics, read from xstate's inspection events: transitions, active states,
 * live machines, mailbox depth, transition time and errors. One recorder serves every actor.
 *
 * @module
 */
import type { ActorRefLike, InspectionEvent } from "xstate";

/** What the recorder writes to; prom-client metrics fit. */
export interface MachineMetricSinks {
  transitions: { inc(labels: { machine: string }, value: number): void };
  transitionSeconds: { observe(labels: { machine: string }, value: number): void };
  errors: { inc(labels: { machine: string }, value: number): void };
}

/** Options of {@linkcode createMachineMetrics}. */
export interface MachineMetricsOptions {
  /** Milliseconds, for transition times. @default performance.now */
  now?: () => number;
}

/** A snapshot of the live machines, for the gauges a scrape fills in. */
export interface MachineGauges {
  /** `[kind, state path, machines of that kind in it]`. */
  states: Array<[string, string, number]>;
  /** Live machines by kind. */
  actors: Map<string, number>;
  /** The deepest mailbox seen per kind since the previous call (then reset). */
  queues: Map<string, number>;
}

/** The recorder; see {@linkcode createMachineMetrics}. */
export interface MachineMetrics {
  /** xstate's inspection callback: pass it as `createActor(machine, { inspect })`. */
  inspect(event: InspectionEvent): void;
  /** Reads the live machines' states; forgets machines that stopped. */
  gauges(): MachineGauges;
}

interface _Tracked {
  kind: string;
  /** Arrival times of the events sent to it and not yet processed, oldest first. */
  arrivals: number[];
  /** Transitions taken by the event being processed. */
  transitions: number;
}

/**
 * Creates a recorder. Machine actors are told apart by their machine's id (`sim`, `simPeer`,
 * `pubsubHost`, ...); other actors (promise actors) are ignored, but an invoked actor's failure
 * is counted as an error of the machine that receives its `xstate.error.actor.*` event.
 *
 * - transitions: the transitions of every microstep;
 * - transition time: from an event's arrival (it may wait in the mailbox behind others) to the
 *   snapshot after it was processed, for events that took at least one transition;
 * - queue: events sent to a machine and not yet processed; xstate processes synchronously, so
 *   the depth is above 0 only while a machine sends events to itself or to a machine that is
 *   busy, and the gauge keeps the deepest one since the last scrape;
 * - errors: `xstate.error.*` events received, and machines ending in status `error`.
 */
export function createMachineMetrics(
  sinks: MachineMetricSinks,
  options: MachineMetricsOptions = {},
): MachineMetrics {
  const now = options.now ?? (() => performance.now());
  const tracked = new WeakMap<ActorRefLike, _Tracked | null>();
  const live = new Set<ActorRefLike>();
  const deepest = new Map<string, number>();

  function trackedOf(ref: ActorRefLike): _Tracked | null {
    let entry = tracked.get(ref);
    if (entry !== undefined) return entry;
    const snapshot = ref.getSnapshot() as { machine?: { id: string } } | undefined;
    // No snapshot yet: the actor is being constructed; look again at its next event.
    if (snapshot === undefined) return null;
    const kind = snapshot.machine?.id;
    entry = kind === undefined ? null : { kind, arrivals: [], transitions: 0 };
    tracked.set(ref, entry);
    if (entry !== null) live.add(ref);
    return entry;
  }

  return {
    inspect(event) {
      if (event.type === "@xstate.actor" || event.type === "@xstate.action") return;
      const entry = trackedOf(event.actorRef);
      if (entry === null) return;
      switch (event.type) {
        case "@xstate.event": {
          const type = event.event.type;
          if (type.startsWith("xstate.error")) sinks.errors.inc({ machine: entry.kind }, 1);
          // The init event is never followed by a snapshot event, and a stopped actor drops
          // what it is sent: neither is waiting in a mailbox.
          if (type === "xstate.init") return;
          if ((event.actorRef.getSnapshot() as { status?: string }).status !== "active") return;
          entry.arrivals.push(now());
          const depth = entry.arrivals.length - 1;
          if (depth > (deepest.get(entry.kind) ?? 0)) deepest.set(entry.kind, depth);
          return;
        }
        case "@xstate.microstep":
          entry.transitions += event._transitions.length;
          sinks.transitions.inc({ machine: entry.kind }, event._transitions.length);
          return;
        case "@xstate.snapshot": {
          const arrived = entry.arrivals.shift();
          if (arrived !== undefined && entry.transitions > 0) {
            sinks.transitionSeconds.observe({ machine: entry.kind }, (now() - arrived) / 1000);
          }
          entry.transitions = 0;
          const status = (event.snapshot as { status?: string }).status;
          if (status === "error") sinks.errors.inc({ machine: entry.kind }, 1);
          if (status !== "active") live.delete(event.actorRef);
          return;
        }
      }
    },
    gauges() {
      const states = new Map<string, number>();
      const actors = new Map<string, number>();
      for (const ref of live) {
        const snapshot = ref.getSnapshot() as { status?: string; value?: unknown };
        const entry = tracked.get(ref);
        if (snapshot.status !== "active" || !entry) {
          live.delete(ref);
          continue;
        }
        actors.set(entry.kind, (actors.get(entry.kind) ?? 0) + 1);
        for (const path of leafStatePaths(snapshot.value)) {
          const key = `${entry.kind}\u0000${path}`;
          states.set(key, (states.get(key) ?? 0) + 1);
        }
      }
      const queues = new Map(deepest);
      for (const kind of actors.keys()) if (!queues.has(kind)) queues.set(kind, 0);
      deepest.clear();
      return {
        states: [...states].map(([key, count]) => {
          const [kind, path] = key.split("\u0000");
          return [kind, path, count] as [string, string, number];
        }),
        actors,
        queues,
      };
    },
  };
}

/**
 * The leaf states of a machine's state value as dotted paths: `"idle"` → `["idle"]`,
 * `{ connected: { topics: "joining", messages: "idle" } }` →
 * `["connected.topics.joining", "connected.messages.idle"]`.
 */
export function leafStatePaths(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix + value];
  if (value === null || typeof value !== "object") return [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return prefix === "" ? [] : [prefix.slice(0, -1)];
  return entries.flatMap(([key, child]) => leafStatePaths(child, `${prefix}${key}.`));
}
