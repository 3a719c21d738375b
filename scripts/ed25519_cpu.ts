/**
 * CPU time per Ed25519 verify and sign on the paths a host can take, as docs/transport.md reports
 * them: `@libp2p/crypto`'s Node path (a key object from the raw key, as gossipsub builds one per
 * message), the WebCrypto path of the `deno-native` variant (lib/net/webcrypto_ed25519.ts), and,
 * for reference, `node:crypto` with one `KeyObject` kept per key.
 *
 *     deno run --allow-env scripts/ed25519_cpu.ts [--ops 4000] [--rounds 3]
 *
 * CPU time is the process's user + system time (`process.cpuUsage`), so work WebCrypto does on
 * other threads counts too; wall time would hide it. The first round warms up and is not printed.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import process from "node:process";
import nodeCrypto from "node:crypto";
import { parseArgs } from "node:util";
import { generateKeyPairFromSeed, publicKeyFromRaw } from "@libp2p/crypto/keys";
import {
  installWebCryptoEd25519,
  uninstallWebCryptoEd25519,
} from "../lib/net/webcrypto_ed25519.ts";

/** SPKI prefix of a raw 32-byte Ed25519 public key (RFC 8410). */
const SPKI_ED25519_PREFIX = Uint8Array.of(
  0x30,
  0x2a,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x03,
  0x21,
  0x00,
);

function _count(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`ed25519_cpu.ts: --${flag} must be a whole number >= 1, got "${text}"`);
    Deno.exit(2);
  }
  return value;
}

const { values } = parseArgs({
  args: Deno.args,
  options: { ops: { type: "string", default: "4000" }, rounds: { type: "string", default: "3" } },
});
const ops = _count("ops", values.ops);
const rounds = _count("rounds", values.rounds) + 1;

const privateKey = await generateKeyPairFromSeed("Ed25519", new Uint8Array(32).fill(7));
const message = new Uint8Array(200).fill(3);
const signature = await privateKey.sign(message);
const publicRaw = privateKey.publicKey.raw;
const spki = Buffer.from([...SPKI_ED25519_PREFIX, ...publicRaw]);
const keyObject = nodeCrypto.createPublicKey({ key: spki, format: "der", type: "spki" });

/** Each path: whether it needs WebCrypto installed, and one operation. */
const PATHS: Record<string, { webcrypto: boolean; op: () => Promise<unknown> }> = {
  "verify, @libp2p/crypto Node path (default)": {
    webcrypto: false,
    op: () => publicKeyFromRaw(publicRaw).verify(message, signature) as Promise<boolean>,
  },
  "verify, WebCrypto (deno-native)": {
    webcrypto: true,
    op: () => publicKeyFromRaw(publicRaw).verify(message, signature) as Promise<boolean>,
  },
  "verify, node:crypto, KeyObject kept": {
    webcrypto: false,
    op: () => Promise.resolve(nodeCrypto.verify(null, message, keyObject, signature)),
  },
  "sign, @libp2p/crypto Node path (default)": {
    webcrypto: false,
    op: () => privateKey.sign(message) as Promise<Uint8Array>,
  },
  "sign, WebCrypto (deno-native)": {
    webcrypto: true,
    op: () => privateKey.sign(message) as Promise<Uint8Array>,
  },
};

console.log(`CPU per operation, µs (${ops} operations a round, one after another)`);
for (let round = 0; round < rounds; round++) {
  for (const [name, path] of Object.entries(PATHS)) {
    if (path.webcrypto) await installWebCryptoEd25519();
    else uninstallWebCryptoEd25519();
    const before = process.cpuUsage();
    for (let i = 0; i < ops; i++) {
      const result = await path.op();
      if (result === false) throw new Error(`${name}: a valid signature did not verify`);
    }
    const used = process.cpuUsage(before);
    if (round > 0) {
      console.log(
        `round ${round}  ${((used.user + used.system) / ops).toFixed(1).padStart(7)}  ${name}`,
      );
    }
  }
}
