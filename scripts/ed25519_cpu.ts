/**
 * CPU time per Ed25519 verify and sign on the paths a host can take, as docs/transport.md reports
 * them: `@libp2p/crypto`'s Node path (a key object from the raw key, as gossipsub builds one per
 * message), the `deno-native` variant's `node:crypto` with one `KeyObject` kept per key
 * (lib/net/keyobject_ed25519.ts), and Deno's WebCrypto (lib/net/webcrypto_ed25519.ts).
 *
 *     deno run --allow-env scripts/ed25519_cpu.ts [--ops 4000] [--rounds 3]
 *
 * CPU time is the process's user + system time (`process.cpuUsage`), so work WebCrypto does on
 * other threads counts too; wall time would hide it. The first round warms up and is not printed.
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { generateKeyPairFromSeed, publicKeyFromRaw } from "@libp2p/crypto/keys";
import type { Ed25519Name } from "../lib/config/types.ts";
import { useEd25519 } from "../lib/net/use_ed25519.ts";

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

const verifyOnce = () => publicKeyFromRaw(publicRaw).verify(message, signature) as Promise<boolean>;
const signOnce = () => privateKey.sign(message) as Promise<Uint8Array>;

/** Each path: the `ed25519` setting it runs under, and one operation. */
const PATHS: Record<string, { ed25519: Ed25519Name; op: () => Promise<unknown> }> = {
  "verify, @libp2p/crypto Node path (default)": { ed25519: "node", op: verifyOnce },
  "verify, node:crypto, KeyObject kept (deno-native)": { ed25519: "keyobject", op: verifyOnce },
  "verify, WebCrypto": { ed25519: "webcrypto", op: verifyOnce },
  "sign, @libp2p/crypto Node path (default)": { ed25519: "node", op: signOnce },
  "sign, node:crypto, KeyObject kept (deno-native)": { ed25519: "keyobject", op: signOnce },
  "sign, WebCrypto": { ed25519: "webcrypto", op: signOnce },
};

console.log(`CPU per operation, µs (${ops} operations a round, one after another)`);
for (let round = 0; round < rounds; round++) {
  for (const [name, path] of Object.entries(PATHS)) {
    await useEd25519(path.ed25519);
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
