// Connection set-up, as a host sees it: dial a peer, TCP connect, Noise handshake, yamux, then
// open a protocol stream and get one byte back through it (a usable stream). Each iteration dials
// a fresh connection; hanging it up is outside the timing. Every host uses the bench's loopback
// settings (lib/net/loopback_limits.ts). Run (under the bench lock on a shared machine):
//
//   deno bench --allow-net=127.0.0.1 --allow-env --allow-read --allow-sys \
//     lib/net/deno_tcp/connection_setup_bench.ts
import { createLibp2p, type Libp2p } from "libp2p";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { tcp } from "@libp2p/tcp";
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { Stream } from "@libp2p/interface";
import { CONNECTION_MONITOR, LOOPBACK_CONNECTION_MANAGER } from "../loopback_limits.ts";
import { useEd25519 } from "../use_ed25519.ts";
import { denoTcp } from "./mod.ts";

const PROTOCOL = "/bench/echo-byte/1.0.0";

/** The variants' connection stacks: same Noise and yamux, different TCP and Ed25519. */
const VARIANTS = [
  { name: "default (@libp2p/tcp)", transport: "tcp", ed25519: "node" },
  { name: "deno-tcp", transport: "deno-tcp", ed25519: "node" },
  {
    name: "deno-native (deno-tcp + kept Ed25519 key objects)",
    transport: "deno-tcp",
    ed25519: "keyobject",
  },
  { name: "deno-tcp + WebCrypto Ed25519", transport: "deno-tcp", ed25519: "webcrypto" },
] as const;

async function startHost(transport: "tcp" | "deno-tcp", seed: number): Promise<Libp2p> {
  const node = await createLibp2p({
    privateKey: await generateKeyPairFromSeed("Ed25519", new Uint8Array(32).fill(seed)),
    addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
    transports: [transport === "tcp" ? tcp() : denoTcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      ...LOOPBACK_CONNECTION_MANAGER,
      allow: [...LOOPBACK_CONNECTION_MANAGER.allow],
    },
    connectionMonitor: CONNECTION_MONITOR,
  });
  await node.handle(PROTOCOL, async (stream: Stream) => {
    for await (const chunk of stream) {
      stream.send(chunk);
      break;
    }
    await stream.close();
  });
  return node;
}

let seed = 1;
for (const variant of VARIANTS) {
  const listener = await startHost(variant.transport, seed++);
  const dialer = await startHost(variant.transport, seed++);
  const address = listener.getMultiaddrs()[0];
  Deno.bench({
    name: variant.name,
    group: "dial + Noise + yamux + first stream round trip",
    baseline: variant.transport === "tcp",
    warmup: 10,
    n: 200,
    async fn(b) {
      await useEd25519(variant.ed25519 ?? "node");
      b.start();
      const stream = await dialer.dialProtocol(address, PROTOCOL);
      stream.send(Uint8Array.of(42));
      for await (const _ of stream) break;
      b.end();
      await stream.close();
      await dialer.hangUp(listener.peerId);
    },
  });
}
