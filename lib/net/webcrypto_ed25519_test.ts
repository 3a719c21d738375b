// WebCrypto Ed25519 against @libp2p/crypto's own path: the same signature bytes, the same
// verdicts, and really in the path libp2p's hosts take.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  generateKeyPairFromSeed,
  publicKeyFromProtobuf,
  publicKeyToProtobuf,
} from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import { closeTrackedBroadcastChannels, createBenchHost } from "./mod.ts";
import {
  installWebCryptoEd25519,
  uninstallWebCryptoEd25519,
  webCryptoEd25519Counts,
} from "./webcrypto_ed25519.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };

function seeded(seed: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 73 + seed * 151 + 17) & 0xff);
}

async function keys(count: number): Promise<PrivateKey[]> {
  return await Promise.all(
    Array.from({ length: count }, (_, i) => generateKeyPairFromSeed("Ed25519", seeded(i, 32))),
  );
}

const MESSAGES = [0, 1, 200, 5000].map((length) => seeded(length, length));

async function verdicts(key: PrivateKey, signature: Uint8Array, message: Uint8Array) {
  const other = (await keys(2))[1].publicKey;
  const flipped = (bytes: Uint8Array, at: number): Uint8Array => {
    const copy = new Uint8Array(bytes); // not slice(): a Node Buffer's slice shares memory
    copy[at % copy.length] ^= 1;
    return copy;
  };
  return [
    await key.publicKey.verify(message, signature),
    message.length > 0 ? await key.publicKey.verify(flipped(message, 7), signature) : false,
    await key.publicKey.verify(message, flipped(signature, 40)),
    await other.verify(message, signature),
  ];
}

Deno.test("WebCrypto Ed25519 signs the same bytes as @libp2p/crypto's Node path", async () => {
  const signers = await keys(8);
  const expected = [];
  for (const key of signers) {
    for (const message of MESSAGES) expected.push([...await key.sign(message)]);
  }
  await installWebCryptoEd25519();
  try {
    const before = webCryptoEd25519Counts().signs;
    const actual = [];
    for (const key of signers) {
      for (const message of MESSAGES) actual.push([...await key.sign(message)]);
    }
    assertEquals(actual, expected);
    assertEquals(webCryptoEd25519Counts().signs - before, expected.length);
  } finally {
    uninstallWebCryptoEd25519();
  }
});

Deno.test("WebCrypto Ed25519 gives the same verdicts: valid, changed message, changed signature, other key", async () => {
  const [key] = await keys(1);
  for (const message of MESSAGES) {
    const signature = await key.sign(message);
    const expected = await verdicts(key, signature, message);
    assertEquals(expected.slice(0, 1), [true]);
    await installWebCryptoEd25519();
    try {
      assertEquals(await verdicts(key, signature, message), expected);
    } finally {
      uninstallWebCryptoEd25519();
    }
  }
});

Deno.test("WebCrypto Ed25519 rejects a signature of the wrong length as the Node path does", async () => {
  const [key] = await keys(1);
  const short = new Uint8Array(63);
  // the Node path throws at once, WebCrypto's rejects: libp2p awaits either way
  const nodeError = await (async () => await key.publicKey.verify(MESSAGES[1], short))().then(
    () => undefined,
    (err: Error) => err,
  );
  await installWebCryptoEd25519();
  try {
    const webError = await (async () => await key.publicKey.verify(MESSAGES[1], short))().then(
      () => undefined,
      (err: Error) => err,
    );
    assert(nodeError instanceof TypeError && webError instanceof TypeError);
    assertEquals(webError.message, nodeError.message);
  } finally {
    uninstallWebCryptoEd25519();
  }
});

Deno.test("WebCrypto Ed25519 serves keys libp2p decodes itself, importing each key once", async () => {
  const [key] = await keys(1);
  const signature = await key.sign(MESSAGES[2]);
  const encoded = publicKeyToProtobuf(key.publicKey);
  await installWebCryptoEd25519();
  try {
    const before = webCryptoEd25519Counts();
    for (let i = 0; i < 5; i++) {
      assert(await publicKeyFromProtobuf(encoded).verify(MESSAGES[2], signature));
    }
    const after = webCryptoEd25519Counts();
    assertEquals(after.verifies - before.verifies, 5);
    assert(after.keyImports - before.keyImports <= 1);
  } finally {
    uninstallWebCryptoEd25519();
  }
});

Deno.test(
  "hosts with ed25519 webcrypto sign and verify through WebCrypto and deliver",
  libp2pTest,
  async () => {
    const variant = {
      ...BUILTIN_VARIANTS["deno-tcp"],
      ed25519: "webcrypto" as const,
      gossipsub: { heartbeatIntervalMs: 100 },
    };
    const before = webCryptoEd25519Counts();
    const hosts = await Promise.all(
      [0, 1].map((index) =>
        createBenchHost({ index, keySeed: seeded(index, 32), runTag: "webcrypto", variant })
      ),
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
      const after = webCryptoEd25519Counts();
      // Noise and the peer records sign and verify on both sides; the message is signed once and
      // verified by the receiver
      assert(after.signs - before.signs >= 3, `signs: ${after.signs - before.signs}`);
      assert(
        after.verifies - before.verifies >= 3,
        `verifies: ${after.verifies - before.verifies}`,
      );
    } finally {
      await Promise.all(hosts.map((host) => host.stop()));
      closeTrackedBroadcastChannels();
      uninstallWebCryptoEd25519();
    }
  },
);
