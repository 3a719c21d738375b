// Test fixtures of the Ed25519 paths' tests (keyobject_ed25519_test.ts, webcrypto_ed25519_test.ts):
// seeded keys and messages, the verdicts a path gives, and a signed message between two real hosts.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import type { VariantSpec } from "../../config/types.ts";
import { closeTrackedBroadcastChannels, createBenchHost } from "../mod.ts";

/** `length` bytes that depend on `seed` only. */
export function seeded(seed: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 73 + seed * 151 + 17) & 0xff);
}

/** `count` Ed25519 keys from the seeds `first`, `first + 1`, ... */
export function ed25519Keys(count: number, first = 0): Promise<PrivateKey[]> {
  return Promise.all(
    Array.from(
      { length: count },
      (_, i) => generateKeyPairFromSeed("Ed25519", seeded(first + i, 32)),
    ),
  );
}

/** Messages of 0, 1, 200 and 5000 bytes. */
export const SIGNED_MESSAGES: readonly Uint8Array[] = [0, 1, 200, 5000].map((length) =>
  seeded(length, length)
);

function _flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = new Uint8Array(bytes); // not slice(): a Node Buffer's slice shares memory
  copy[at % copy.length] ^= 1;
  return copy;
}

/**
 * What the path installed now says of `signature` over `message`: as is, with the message
 * changed, with the signature changed, and checked with another key.
 */
export async function ed25519Verdicts(
  key: PrivateKey,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean[]> {
  const [other] = await ed25519Keys(1, 50);
  return [
    await key.publicKey.verify(message, signature),
    message.length > 0 ? await key.publicKey.verify(_flipped(message, 7), signature) : false,
    await key.publicKey.verify(message, _flipped(signature, 40)),
    await other.publicKey.verify(message, signature),
  ];
}

/**
 * Two hosts of `variant`: the second dials the first, which publishes one message once they are
 * topic peers; resolves when the second has received it, and stops both hosts either way.
 */
export async function deliverSignedMessage(variant: VariantSpec, runTag: string): Promise<void> {
  const hosts = await Promise.all(
    [0, 1].map((index) => createBenchHost({ index, keySeed: seeded(index, 32), runTag, variant })),
  );
  try {
    const received = new Promise<string>((resolve) =>
      hosts[1].onMessage((message) => resolve(new TextDecoder().decode(message.data)))
    );
    for (const host of hosts) host.subscribe("t");
    const topicPeer = new Promise<void>((resolve) => {
      const stop = hosts[0].onTopicPeersChange(() => {
        if (hosts[0].topicPeerCount("t") > 0) {
          stop();
          resolve();
        }
      });
    });
    await hosts[1].dial(hosts[0].addrs[0]);
    await topicPeer;
    await hosts[0].publish("t", new TextEncoder().encode("signed"));
    assertEquals(await received, "signed");
  } finally {
    await Promise.all(hosts.map((host) => host.stop()));
    closeTrackedBroadcastChannels();
  }
}
