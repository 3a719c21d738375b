// WebCrypto Ed25519 against @libp2p/crypto's own path: the same signature bytes, the same
// verdicts, and really in the path libp2p's hosts take.
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
  installWebCryptoEd25519,
  uninstallWebCryptoEd25519,
  webCryptoEd25519Counts,
} from "./webcrypto_ed25519.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };

Deno.test("WebCrypto Ed25519 signs the same bytes as @libp2p/crypto's Node path", async () => {
  const signers = await ed25519Keys(8);
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
  const [key] = await ed25519Keys(1);
  for (const message of MESSAGES) {
    const signature = await key.sign(message);
    const expected = await ed25519Verdicts(key, signature, message);
    assertEquals(expected.slice(0, 1), [true]);
    await installWebCryptoEd25519();
    try {
      assertEquals(await ed25519Verdicts(key, signature, message), expected);
    } finally {
      uninstallWebCryptoEd25519();
    }
  }
});

Deno.test("WebCrypto Ed25519 rejects a signature of the wrong length as the Node path does", async () => {
  const [key] = await ed25519Keys(1);
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
  const [key] = await ed25519Keys(1);
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
    try {
      await deliverSignedMessage(variant, "webcrypto");
      const after = webCryptoEd25519Counts();
      // Noise and the peer records sign and verify on both sides; the message is signed once and
      // verified by the receiver
      assert(after.signs - before.signs >= 3, `signs: ${after.signs - before.signs}`);
      assert(
        after.verifies - before.verifies >= 3,
        `verifies: ${after.verifies - before.verifies}`,
      );
    } finally {
      uninstallWebCryptoEd25519();
    }
  },
);
