import process from "node:process";
import nodeCrypto from "node:crypto";
import { generateKeyPairFromSeed, publicKeyFromRaw } from "@libp2p/crypto/keys";
const priv = await generateKeyPairFromSeed("Ed25519", new Uint8Array(32).fill(7));
const msg = new Uint8Array(200).fill(3);
const sig = new Uint8Array(await priv.sign(msg));
const raw = priv.publicKey.raw as Uint8Array<ArrayBuffer>;
const wk = await crypto.subtle.importKey("raw", raw, "Ed25519", false, ["verify"]);
const ko = nodeCrypto.createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(raw)]), format: "der", type: "spki" });
const N = 4000;
const modes: Record<string, () => Promise<unknown>> = {
  "libp2p node path": async () => { for (let i = 0; i < N; i++) await publicKeyFromRaw(raw).verify(msg, sig); },
  "node:crypto cached KeyObject": async () => { for (let i = 0; i < N; i++) { if (!nodeCrypto.verify(null, msg, ko, sig)) throw 1; await 0; } },
  "webcrypto sequential": async () => { for (let i = 0; i < N; i++) await crypto.subtle.verify("Ed25519", wk, sig, msg); },
  "webcrypto 50 at a time": async () => { for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: 50 }, () => crypto.subtle.verify("Ed25519", wk, sig, msg))); },
};
for (let round = 0; round < 3; round++) for (const [name, fn] of Object.entries(modes)) {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  if (round > 0) console.log(name.padEnd(30), "CPU per op us", ((c.user + c.system) / N).toFixed(1));
}
