import { createLibp2p } from "libp2p";
import { tcp } from "@libp2p/tcp";
import { memory } from "@libp2p/memory";
import { noise } from "@chainsafe/libp2p-noise";
import { plaintext } from "@libp2p/plaintext";
import { yamux } from "@chainsafe/libp2p-yamux";
import { identify } from "@libp2p/identify";
import { gossipsub } from "@libp2p/gossipsub";
import { floodsub } from "@libp2p/floodsub";
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import { multiaddr } from "@multiformats/multiaddr";
import type { BenchHost } from "./bench_host.ts";
import type { HostInit } from "./host_init.ts";
import { gossipsubOptionsFor } from "./host_init.ts";
import {
  CONNECTION_MONITOR,
  createLoopbackScoreParams,
  LOOPBACK_CONNECTION_MANAGER,
  LOOPBACK_IDENTIFY,
  LOOPBACK_IP,
} from "./loopback_limits.ts";
import { type HostWithRouter, type PubSubLike, wrapLibp2pNode } from "./wrap_libp2p_node.ts";

/**
 * Creates and starts a host on the libp2p 3 line: TCP or memory transport, noise or plaintext,
 * yamux, identify (gossipsub needs it), and `@libp2p/gossipsub` 17 or `@libp2p/floodsub` 11.
 */
export async function createLibp2p3Host(init: HostInit): Promise<BenchHost> {
  return (await createLibp2p3HostWithRouter(init)).host;
}

/**
 * {@linkcode createLibp2p3Host}, also handing back the router object itself, for tests that
 * reach into the router (a topic validator that rejects, whether trace hooks were removed).
 */
export async function createLibp2p3HostWithRouter(init: HostInit): Promise<HostWithRouter> {
  const { variant } = init;
  const privateKey = await generateKeyPairFromSeed("Ed25519", init.keySeed);
  const router = variant.router === "gossipsub"
    ? gossipsub({ ...gossipsubOptionsFor(variant), scoreParams: createLoopbackScoreParams() })
    : floodsub({ emitSelf: true });
  const node = await createLibp2p({
    privateKey,
    addresses: {
      listen: [
        variant.transport === "tcp"
          ? `/ip4/${LOOPBACK_IP}/tcp/0`
          : `/memory/${init.runTag}-${init.index}`,
      ],
    },
    transports: [
      variant.transport === "tcp" ? tcp() : memory({ latency: variant.memoryLatencyMs }),
    ],
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
  const host = wrapLibp2pNode(node, pubsub, {
    index: init.index,
    router: variant.router,
    dial: async (addr) => {
      await node.dial(multiaddr(addr));
    },
  });
  return { host, pubsub };
}
