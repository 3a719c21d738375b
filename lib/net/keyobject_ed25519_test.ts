// Kept node:crypto key objects against @libp2p/crypto's own path: the same signature bytes, the
// same verdicts and errors, each key built once, and really in the path libp2p's hosts take.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { publicKeyFromProtobuf, publicKeyToProtobuf } from "@libp2p/crypto/keys";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import {
  deliverSignedMessage,
  ed25519Keys,
  ed25519Verdicts,
  SIGNED_MESSAGES as MESSAGES,
} from "./testdata/ed25519_fixtures.ts";
import {
  installKeyObjectEd25519,
  keyObjectEd25519Counts,
  uninstallKeyObjectEd25519,
} from "./keyobject_ed25519.ts";
import { useEd25519 } from "./use_ed25519.ts";
import { webCryptoEd25519Counts } from "./webcrypto_ed25519.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };

Deno.test("kept key objects sign the same bytes as @libp2p/crypto's Node path", async () => {
  const signers = await ed25519Keys(8);
  const expected = [];
  for (const key of signers) {
    for (const message of MESSAGES) expected.push([...await key.sign(message)]);
  }
  await installKeyObjectEd25519();
  try {
    const before = keyObjectEd25519Counts();
    const actual = [];
    for (const key of signers) {
      for (const message of MESSAGES) actual.push([...await key.sign(message)]);
    }
    assertEquals(actual, expected);
    const after = keyObjectEd25519Counts();
    assertEquals(after.signs - before.signs, expected.length);
    // one private key object per signer, however many messages it signs
    assertEquals(after.keysBuilt - before.keysBuilt, signers.length);
  } finally {
    uninstallKeyObjectEd25519();
  }
});

Deno.test("kept key objects give the same verdicts: valid, changed message, changed signature, other key", async () => {
  const [key] = await ed25519Keys(1);
  for (const message of MESSAGES) {
    const signature = await key.sign(message);
    const expected = await ed25519Verdicts(key, signature, message);
    assertEquals(expected.slice(0, 1), [true]);
    await installKeyObjectEd25519();
    try {
      assertEquals(await ed25519Verdicts(key, signature, message), expected);
    } finally {
      uninstallKeyObjectEd25519();
    }
  }
});

Deno.test("kept key objects answer synchronously, as the Node path does", async () => {
  const [key] = await ed25519Keys(1);
  const signature = await key.sign(MESSAGES[2]);
  await installKeyObjectEd25519();
  try {
    // libp2p's callers skip an await when the answer is not a promise
    assertEquals(key.publicKey.verify(MESSAGES[2], signature), true);
    assert(key.sign(MESSAGES[2]) instanceof Uint8Array);
  } finally {
    uninstallKeyObjectEd25519();
  }
});

Deno.test("kept key objects reject a signature of the wrong length as the Node path does", async () => {
  const [key] = await ed25519Keys(1);
  const errors = async (): Promise<string[]> => {
    const messages: string[] = [];
    for (const call of [() => key.publicKey.verify(MESSAGES[1], new Uint8Array(63))]) {
      try {
        await call();
        messages.push("no error");
      } catch (error) {
        assert(error instanceof TypeError, String(error));
        messages.push(error.message);
      }
    }
    return messages;
  };
  const expected = await errors();
  assertEquals(expected, ['"sig" must be 64 bytes in length.']);
  await installKeyObjectEd25519();
  try {
    assertEquals(await errors(), expected);
  } finally {
    uninstallKeyObjectEd25519();
  }
});

Deno.test("kept key objects serve keys libp2p decodes itself, building each key once", async () => {
  const [key] = await ed25519Keys(1, 20);
  const signature = await key.sign(MESSAGES[2]);
  const encoded = publicKeyToProtobuf(key.publicKey);
  await installKeyObjectEd25519();
  try {
    const before = keyObjectEd25519Counts();
    // a fresh key object from the wire each time, as gossipsub builds one per message
    for (let i = 0; i < 5; i++) {
      assert(await publicKeyFromProtobuf(encoded).verify(MESSAGES[2], signature));
    }
    const after = keyObjectEd25519Counts();
    assertEquals(after.verifies - before.verifies, 5);
    assertEquals(after.keysBuilt - before.keysBuilt, 1);
  } finally {
    uninstallKeyObjectEd25519();
  }
});

Deno.test("useEd25519() switches between the paths and back to the Node path", async () => {
  const [key] = await ed25519Keys(1, 30);
  const signature = await key.sign(MESSAGES[2]);
  // which path served one valid verify: [WebCrypto's verifies, the kept key objects' verifies]
  const served = async (): Promise<number[]> => {
    const web = webCryptoEd25519Counts().verifies;
    const kept = keyObjectEd25519Counts().verifies;
    assert(await key.publicKey.verify(MESSAGES[2], signature));
    return [webCryptoEd25519Counts().verifies - web, keyObjectEd25519Counts().verifies - kept];
  };
  try {
    await useEd25519("webcrypto");
    assertEquals(await served(), [1, 0]);
    await useEd25519("keyobject");
    assertEquals(await served(), [0, 1]);
    await useEd25519("node");
    assertEquals((await served())[1], 0);
  } finally {
    await useEd25519("node");
  }
});

Deno.test(
  "deno-native hosts sign and verify through kept key objects and deliver",
  libp2pTest,
  async () => {
    const variant = { ...BUILTIN_VARIANTS["deno-native"], gossipsub: { heartbeatIntervalMs: 100 } };
    const before = keyObjectEd25519Counts();
    try {
      await deliverSignedMessage(variant, "keyobject");
      const after = keyObjectEd25519Counts();
      // Noise and the peer records sign and verify on both sides; the message is signed once and
      // verified by the receiver
      assert(after.signs - before.signs >= 3, `signs: ${after.signs - before.signs}`);
      assert(
        after.verifies - before.verifies >= 3,
        `verifies: ${after.verifies - before.verifies}`,
      );
    } finally {
      uninstallKeyObjectEd25519();
    }
  },
);
