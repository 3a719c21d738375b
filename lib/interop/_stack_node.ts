/**
 * What the interop host needs of a libp2p node, whichever stack (libp2p and gossipsub packages)
 * it runs; each stack's factory lives in its own module so a node loads only one stack.
 *
 * @module
 */

/** What the host uses of a created libp2p node. */
export interface StackNode {
  peerId: { toString(): string };
  getMultiaddrs(): Array<{ toString(): string }>;
  getPeers(): unknown[];
  /** Dials a multiaddr with a `/p2p/` part; resolves once the connection is up. */
  dialAddress(addr: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  pubsub: StackPubsub;
}

/** The router API both gossipsub packages share. */
export interface StackPubsub {
  subscribe(topic: string): void;
  publish(topic: string, data: Uint8Array): Promise<{ recipients: unknown[] }>;
  topicValidators: Map<string, (...args: never[]) => Promise<string>>;
  addEventListener(type: "gossipsub:heartbeat", listener: () => void): void;
}

/** What a stack's factory gets. */
export interface StackNodeInit {
  /** An Ed25519 key from `@libp2p/crypto` 5 (libp2p 2 takes the same object). */
  privateKey: unknown;
  listen: string;
  /** Options for `gossipsub(...)`; both packages name them alike. */
  pubsubOptions: Record<string, unknown>;
  connectionManager: Record<string, number>;
}
