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
import { denoTcp } from "./deno_tcp/mod.ts";
import type { HostInit } from "./host_init.ts";
import { useEd25519 } from "./use_ed25519.ts";
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
 * Creates and starts a host on the libp2p 3 line: TCP (`@libp2p/tcp` or the Deno-native
 * `deno-tcp`) or memory transport, noise or plaintext,
 * yamux, identify (gossipsub needs it), and `@libp2p/gossipsub` 17 or `@libp2p/floodsub` 11;
 * Ed25519 through `@libp2p/crypto`'s Node path, kept key objects or WebCrypto (`variant.ed25519`).
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
  // process-wide, before any key signs: each bench run is its own process, one variant each
  if (variant.ed25519 !== undefined && variant.ed25519 !== "node") {
    await useEd25519(variant.ed25519);
  }
  const privateKey = await generateKeyPairFromSeed("Ed25519", init.keySeed);
  const router = variant.router === "gossipsub"
    ? gossipsub({ ...gossipsubOptionsFor(variant), scoreParams: createLoopbackScoreParams() })
    : floodsub({ emitSelf: true });
  const node = await createLibp2p({
    privateKey,
    addresses: {
      listen: [
        variant.transport === "memory"
          ? `/memory/${init.runTag}-${init.index}`
          : `/ip4/${LOOPBACK_IP}/tcp/0`,
      ],
    },
    transports: [
      variant.transport === "memory"
        ? memory({ latency: variant.memoryLatencyMs })
        : variant.transport === "deno-tcp"
        ? denoTcp()
        : tcp(),
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
