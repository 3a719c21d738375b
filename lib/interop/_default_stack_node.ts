/**
 * The `default` stack of the interop node: js-libp2p 3 and `@libp2p/gossipsub` 17.
 *
 * @module
 */
import { createLibp2p } from "libp2p";
import { tcp } from "@libp2p/tcp";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { identify } from "@libp2p/identify";
import { gossipsub } from "@libp2p/gossipsub";
import type { PrivateKey } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import type { StackNode, StackNodeInit, StackPubsub } from "./_stack_node.ts";

type GossipSubInit = Parameters<typeof gossipsub>[0];

/** js-libp2p 3 and `@libp2p/gossipsub` 17. */
export async function createDefaultStackNode(init: StackNodeInit): Promise<StackNode> {
  const { listen, pubsubOptions } = init;
  const node = await createLibp2p({
    start: false,
    privateKey: init.privateKey as PrivateKey,
    addresses: { listen: [listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: init.connectionManager,
    // No ping service runs, so the monitor's pings would fail and abort healthy connections.
    connectionMonitor: { enabled: false },
    services: { identify: identify(), pubsub: gossipsub(pubsubOptions as GossipSubInit) },
  });
  return {
    peerId: node.peerId,
    getMultiaddrs: () => node.getMultiaddrs(),
    getPeers: () => node.getPeers(),
    dialAddress: async (addr: string) => {
      await node.dial(multiaddr(addr));
    },
    start: async () => {
      await node.start();
    },
    stop: async () => {
      await node.stop();
    },
    pubsub: node.services.pubsub as unknown as StackPubsub,
  };
}
