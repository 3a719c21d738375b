import { createLibp2p } from "libp2p2";
import { tcp } from "libp2p2-tcp";
import { noise } from "libp2p2-noise";
import { plaintext } from "libp2p2-plaintext";
import { yamux } from "libp2p2-yamux";
import { identify } from "libp2p2-identify";
import { floodsub } from "libp2p2-floodsub";
import { gossipsub } from "@chainsafe/libp2p-gossipsub";
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import { multiaddr } from "libp2p2-multiaddr";
import type { BenchHost } from "./bench_host.ts";
import type { HostInit } from "./host_init.ts";
import { gossipsubOptionsFor } from "./host_init.ts";
import { NetError } from "./net_error.ts";
import {
  CONNECTION_MONITOR,
  createLoopbackScoreParams,
  LOOPBACK_CONNECTION_MANAGER,
  LOOPBACK_IDENTIFY,
  LOOPBACK_IP,
} from "./loopback_limits.ts";
import {
  type HostWithRouter,
  type Libp2pNodeLike,
  type PubSubLike,
  wrapLibp2pNode,
} from "./wrap_libp2p_node.ts";

/**
 * Creates and starts a host on its own pinned libp2p 2 stack, where `@chainsafe/libp2p-gossipsub`
 * 14 works (on libp2p 3 it starts but never forms a mesh). TCP only.
 */
export async function createLibp2p2Host(init: HostInit): Promise<BenchHost> {
  return (await createLibp2p2HostWithRouter(init)).host;
}

/**
 * {@linkcode createLibp2p2Host}, also handing back the router object itself, for tests that
 * reach into the router (a topic validator that rejects, whether trace hooks were removed).
 */
export async function createLibp2p2HostWithRouter(init: HostInit): Promise<HostWithRouter> {
  const { variant } = init;
  if (variant.transport !== "tcp") {
    throw new NetError(
      `stack libp2p2 supports transport tcp only, got "${variant.transport}"; use stack libp2p3 for memory`,
    );
  }
  const privateKey = await generateKeyPairFromSeed("Ed25519", init.keySeed);
  const router = variant.router === "gossipsub"
    ? gossipsub({ ...gossipsubOptionsFor(variant), scoreParams: createLoopbackScoreParams() })
    : floodsub({ emitSelf: true });
  const node = await createLibp2p({
    // The key object is the same at run time; only the two @libp2p/interface majors' types differ.
    privateKey: privateKey as never,
    addresses: { listen: [`/ip4/${LOOPBACK_IP}/tcp/0`] },
    transports: [tcp()],
    connectionEncrypters: [variant.encryption === "noise" ? noise() : plaintext()],
    streamMuxers: [yamux()],
    connectionManager: {
      ...LOOPBACK_CONNECTION_MANAGER,
      allow: [...LOOPBACK_CONNECTION_MANAGER.allow],
    },
    connectionMonitor: CONNECTION_MONITOR,
    services: { identify: identify({ ...LOOPBACK_IDENTIFY }), pubsub: router },
  });
  const pubsub = node.services.pubsub as unknown as PubSubLike;
  const host = wrapLibp2pNode(node as unknown as Libp2pNodeLike, pubsub, {
    index: init.index,
    router: variant.router,
    dial: async (addr) => {
      await node.dial(multiaddr(addr));
    },
  });
  return { host, pubsub };
}
