/**
 * The xstate machines of the `states` host variant, modelled on the Go project's asyncmachine
 * state sets: a pub/sub host machine, a discovery machine and the bootstrap-flow machine the
 * discovery machine runs as a child.
 *
 * The machines are data: they name their actions, guards, delays and actors, and contain no I/O.
 * Nothing here starts an actor. The code that runs them supplies every real effect with
 * `machine.provide({ actions, actors })` and sends the router's events in; each machine's JSDoc
 * lists the names it expects and their params, inputs and outputs. The bootstrap flow's actors are
 * provided through the discovery machine:
 *
 * ```ts
 * const machine = discoveryMachine.provide({
 *   actors: {
 *     findAndDial,
 *     advertise,
 *     bootstrapFlow: bootstrapFlowMachine.provide({
 *       actors: { countTopicPeers, discoverAndDial, waitForTopicPeers },
 *     }),
 *   },
 * });
 * ```
 *
 * @module
 */
export { pubsubHostMachine } from "./pubsub_host_machine.ts";
export type {
  DeliverMessageParams,
  InstallValidatorParams,
  PublishFailedParams,
  PublishMessageInput,
  PublishMessageOutput,
  PubsubHostContext,
  PubsubHostEvent,
  PubsubHostInput,
  TopicParams,
} from "./pubsub_host_types.ts";
export { discoveryMachine } from "./discovery_machine.ts";
export type {
  AdvertiseInput,
  DiscoveryContext,
  DiscoveryEvent,
  DiscoveryInput,
  FindAndDialInput,
  FindAndDialOutput,
  StopAdvertisingParams,
} from "./discovery_machine.ts";
export { bootstrapFlowMachine } from "./bootstrap_flow_machine.ts";
export type {
  BootstrapFlowContext,
  BootstrapFlowInput,
  BootstrapFlowOutput,
  CountTopicPeersInput,
  DiscoverAndDialInput,
  DiscoverAndDialOutput,
  WaitForTopicPeersInput,
  WaitForTopicPeersOutput,
} from "./bootstrap_flow_machine.ts";

/** The machine ids, as the history journal and traces name them. */
export const MACHINE_KINDS = ["pubsubHost", "discovery", "bootstrapFlow"] as const;

/** One of {@linkcode MACHINE_KINDS}. */
export type MachineKind = typeof MACHINE_KINDS[number];

export { simPeerMachine } from "./sim_peer_machine.ts";
export type {
  ConnectInput,
  CreateIdentityInput,
  CreateIdentityOutput,
  MessageFailedParams,
  MessageSentParams,
  OutgoingMessage,
  PeerTopicParams,
  SimPeerContext,
  SimPeerEvent,
  SimPeerInput,
  TopicJoinFailedParams,
  TopicOp,
} from "./sim_peer_machine.ts";
export { simTopicMachine } from "./sim_topic_machine.ts";
export type { SimTopicContext, SimTopicEvent, SimTopicInput } from "./sim_topic_machine.ts";

/**
 * The machine ids of the simulator (its own machines, then the host machines of each peer), as
 * its metrics, the history journal and traces name them.
 */
export const SIM_MACHINE_KINDS = [
  "sim",
  "simPeer",
  "simTopic",
  "pubsubHost",
  "discovery",
  "bootstrapFlow",
] as const;

/** One of {@linkcode SIM_MACHINE_KINDS}. */
export type SimMachineKind = typeof SIM_MACHINE_KINDS[number];
