// Ed25519 as the bench's hosts use it: a fresh public key object per verify (gossipsub builds one
// for every message it checks), one long-lived private key per host for signing. Run with
// `deno bench lib/net/webcrypto_ed25519_bench.ts`; under load, pair the two paths by group.
import { generateKeyPairFromSeed, publicKeyFromRaw } from "@libp2p/crypto/keys";
import { installWebCryptoEd25519, uninstallWebCryptoEd25519 } from "./webcrypto_ed25519.ts";

const privateKey = await generateKeyPairFromSeed("Ed25519", new Uint8Array(32).fill(7));
const message = new Uint8Array(200).fill(3);
const signature = await privateKey.sign(message);
const publicRaw = privateKey.publicKey.raw;

for (const path of ["node", "webcrypto"] as const) {
  const use = async (): Promise<void> => {
    if (path === "webcrypto") await installWebCryptoEd25519();
    else uninstallWebCryptoEd25519();
  };
  Deno.bench({
    name: `verify, ${path}`,
    group: "verify",
    baseline: path === "node",
    async fn(b) {
      await use();
      b.start();
      if (!(await publicKeyFromRaw(publicRaw).verify(message, signature))) throw new Error("bad");
      b.end();
    },
  });
  Deno.bench({
    name: `sign, ${path}`,
    group: "sign",
    baseline: path === "node",
    async fn(b) {
      await use();
      b.start();
      await privateKey.sign(message);
      b.end();
    },
  });
}
