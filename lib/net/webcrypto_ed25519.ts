/**
 * Ed25519 signing and verification through Deno's WebCrypto instead of `@libp2p/crypto`'s Node
 * path, which builds a `node:crypto` KeyObject from a JWK on every sign and every verify.
 *
 * libp2p checks signatures with key objects it builds itself (Noise, identify's signed peer
 * record, every gossipsub message), so there is no per-host hook: this swaps the `sign` and
 * `verify` methods of `@libp2p/crypto`'s Ed25519 key classes, for the whole process. The bench
 * runs every run in its own process, so one variant's choice never leaks into another's run.
 * Ed25519 signatures are deterministic: both paths produce the same bytes.
 *
 * @module
 */
import type { AbortOptions } from "@libp2p/interface";
import {
  type Ed25519Methods,
  installEd25519Methods,
  installedEd25519Methods,
  restoreEd25519Methods,
} from "./_ed25519_swap.ts";

/** Calls served by WebCrypto since {@linkcode installWebCryptoEd25519}. */
export interface WebCryptoEd25519Counts {
  signs: number;
  verifies: number;
  /** Public keys imported into WebCrypto (the rest were found in the cache). */
  keyImports: number;
}

/** Peers whose imported public keys are kept; far more than any run here has hosts. */
const _MAX_CACHED_PUBLIC_KEYS = 4096;
/** PKCS#8 wrapping of a 32-byte Ed25519 seed (RFC 8410): this prefix, then the seed. */
const _PKCS8_ED25519_PREFIX = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
);

const _counts: WebCryptoEd25519Counts = { signs: 0, verifies: 0, keyImports: 0 };
const _privateKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
const _publicKeys = new Map<string, Promise<CryptoKey>>();

const _WEBCRYPTO: Ed25519Methods = {
  name: "webcrypto",
  sign: _sign,
  verify: _verify,
};

/**
 * Routes every Ed25519 `sign` and `verify` of `@libp2p/crypto` through WebCrypto, from now on
 * and in the whole process. Calling it again does nothing.
 */
export function installWebCryptoEd25519(): Promise<void> {
  return installEd25519Methods(_WEBCRYPTO);
}

/** Puts `@libp2p/crypto`'s own methods back (for tests that mix both paths in one process). */
export function uninstallWebCryptoEd25519(): void {
  if (installedEd25519Methods() !== _WEBCRYPTO.name) return;
  restoreEd25519Methods();
  _publicKeys.clear();
}

/** How many signs, verifies and key imports WebCrypto has served (to check it is in the path). */
export function webCryptoEd25519Counts(): WebCryptoEd25519Counts {
  return { ..._counts };
}

async function _sign(
  raw: Uint8Array,
  data: Uint8Array,
  options: AbortOptions | undefined,
): Promise<Uint8Array> {
  options?.signal?.throwIfAborted();
  let key = _privateKeys.get(raw);
  if (key === undefined) {
    key = _importPrivateKey(raw);
    _privateKeys.set(raw, key);
  }
  const signature = new Uint8Array(
    await crypto.subtle.sign("Ed25519", await key, data as Uint8Array<ArrayBuffer>),
  );
  _counts.signs++;
  options?.signal?.throwIfAborted();
  return signature;
}

async function _verify(
  raw: Uint8Array,
  sig: Uint8Array,
  data: Uint8Array,
  options: AbortOptions | undefined,
): Promise<boolean> {
  options?.signal?.throwIfAborted();
  // the same input checks as @libp2p/crypto's Node path, with the same messages
  if (raw.byteLength !== 32) throw new TypeError('"key" must be 32 bytes in length.');
  if (sig.byteLength !== 64) throw new TypeError('"sig" must be 64 bytes in length.');
  const valid = await crypto.subtle.verify(
    "Ed25519",
    await _publicKey(raw),
    sig as Uint8Array<ArrayBuffer>,
    data as Uint8Array<ArrayBuffer>,
  );
  _counts.verifies++;
  options?.signal?.throwIfAborted();
  return valid;
}

function _publicKey(raw: Uint8Array): Promise<CryptoKey> {
  const id = String.fromCharCode(...raw);
  let key = _publicKeys.get(id);
  if (key === undefined) {
    if (_publicKeys.size >= _MAX_CACHED_PUBLIC_KEYS) _publicKeys.clear();
    _counts.keyImports++;
    key = crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, "Ed25519", false, [
      "verify",
    ]);
    _publicKeys.set(id, key);
  }
  return key;
}

function _importPrivateKey(raw: Uint8Array): Promise<CryptoKey> {
  // raw is the 32-byte seed followed by the public key (libp2p's historical 64-byte form)
  const pkcs8 = new Uint8Array(_PKCS8_ED25519_PREFIX.byteLength + 32);
  pkcs8.set(_PKCS8_ED25519_PREFIX);
  pkcs8.set(raw.subarray(0, 32), _PKCS8_ED25519_PREFIX.byteLength);
  return crypto.subtle.importKey("pkcs8", pkcs8, "Ed25519", false, ["sign"]);
}
