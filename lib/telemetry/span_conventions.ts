/**
 * Names shared by the code that makes spans (scenario, router, machines) and the code that
 * writes them (OTLP, Jaeger, Chrome trace files): one copy, so a writer never looks for an
 * attribute under a name the producers do not use.
 *
 * @module
 */

/** Span attribute keys. */
export const SPAN_ATTRIBUTES = {
  /** Position of the host in the run (number); set on each host's span. The Chrome trace file
   * puts a span in the process of the nearest ancestor (or itself) that has it. */
  hostIndex: "bench.host.index",
  /** The host's libp2p peer id (string). */
  peerId: "libp2p.peer.id",
  /** The remote peer an event is about (string). */
  remotePeerId: "libp2p.remote_peer.id",
  /** Pub/sub topic (string). */
  topic: "pubsub.topic",
  /** Message id as the router computes it, hex or base64 as the router gives it (string); the
   * Chrome trace file draws a flow arrow from a `publish` span to every `deliver` span with the
   * same id. */
  messageId: "pubsub.message.id",
  /** Scenario phase name (string). */
  phase: "bench.phase",
  /** State machine: the actor's id (string), its machine kind (string), state path (string),
   * event type (string), event arguments in short (string), accepted (boolean). */
  machineId: "xstate.actor.id",
  machineKind: "xstate.machine.kind",
  state: "xstate.state",
  event: "xstate.event.type",
  eventArgs: "xstate.event.args",
  accepted: "xstate.transition.accepted",
} as const;

/** Span names with a meaning to the writers. */
export const SPAN_NAMES = {
  /** A message published by a host; flows start here. */
  publish: "publish",
  /** A message delivered to a host; flows end here. */
  deliver: "deliver",
} as const;
