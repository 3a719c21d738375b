/**
 * The `chainsafe` stack of the interop node: js-libp2p 2 and `@chainsafe/libp2p-gossipsub` 14
 * (on libp2p 3 that router starts but never forms a mesh, NOTES-libp2p-deno.md).
 *
 * @module
 */
import { createLibp2p } from "libp2p2";
import { tcp } from "libp2p2-tcp";
import { noise } from "libp2p2-noise";
import { yamux } from "libp2p2-yamux";
import { identify } from "libp2p2-identify";
import { gossipsub } from "@chainsafe/libp2p-gossipsub";
import { multiaddr } from "libp2p2-multiaddr";
import type { StackNode, StackNodeInit, StackPubsub } from "./_stack_node.ts";

/** js-libp2p 2 and `@chainsafe/libp2p-gossipsub` 14 (it forms no mesh on libp2p 3). */
export async function createChainsafeStackNode(init: StackNodeInit): Promise<StackNode> {
  const { listen, pubsubOptions } = init;
  const node = await createLibp2p({
    start: false,
    // The key object is the same at run time; only the two @libp2p/interface majors' types differ.
    privateKey: init.privateKey as never,
    addresses: { listen: [listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: init.connectionManager,
    connectionMonitor: { enabled: false },
    services: {
      identify: identify(),
      pubsub: gossipsub(pubsubOptions as never),
    },
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
