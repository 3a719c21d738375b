/**
 * Picks who makes and checks the process's Ed25519 signatures (`variant.ed25519`).
 *
 * @module
 */
import type { Ed25519Name } from "../config/types.ts";
import { restoreEd25519Methods } from "./_ed25519_swap.ts";
import { installKeyObjectEd25519 } from "./keyobject_ed25519.ts";
import { installWebCryptoEd25519 } from "./webcrypto_ed25519.ts";

/**
 * Routes every Ed25519 sign and verify of `@libp2p/crypto` in this process through `path`:
 * `node` puts `@libp2p/crypto`'s own Node path back, `keyobject` and `webcrypto` install theirs
 * (`keyobject_ed25519.ts`, `webcrypto_ed25519.ts`).
 */
export async function useEd25519(path: Ed25519Name): Promise<void> {
  switch (path) {
    case "node":
      return restoreEd25519Methods();
    case "keyobject":
      return await installKeyObjectEd25519();
    case "webcrypto":
      return await installWebCryptoEd25519();
  }
}
