/**
 * Ed25519 signing and verification through `node:crypto`, as `@libp2p/crypto`'s Node path does,
 * but with each key's `KeyObject` built once and kept. The Node path builds one from a JWK on every
 * sign and every verify (gossipsub verifies every copy of every message it receives); in Deno that
 * is about a third of a verify's CPU time (docs/transport.md). The signing and verifying are
 * Deno's own native operations either way, and stay synchronous, as on the Node path.
 *
 * It swaps the methods of `@libp2p/crypto`'s Ed25519 key classes for the whole process
 * (`_ed25519_swap.ts`). Ed25519 signatures are deterministic: both paths produce the same bytes.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import type { AbortOptions } from "@libp2p/interface";
import {
  type Ed25519Methods,
  installEd25519Methods,
  installedEd25519Methods,
  restoreEd25519Methods,
} from "./_ed25519_swap.ts";

/** Calls served since {@linkcode installKeyObjectEd25519}. */
export interface KeyObjectEd25519Counts {
  signs: number;
  verifies: number;
  /** Key objects built (the rest of the calls found theirs in the cache). */
  keysBuilt: number;
}

/** Peers whose public key objects are kept; far more than any run here has hosts. */
const _MAX_CACHED_PUBLIC_KEYS = 4096;

const _counts: KeyObjectEd25519Counts = { signs: 0, verifies: 0, keysBuilt: 0 };
/** A host's private key lives as long as the host: keyed by its raw bytes' identity. */
const _privateKeys = new WeakMap<Uint8Array, KeyObject>();
/** Public keys arrive as fresh arrays (one per received message): keyed by their bytes. */
const _publicKeys = new Map<string, KeyObject>();

const _KEYOBJECT: Ed25519Methods = {
  name: "keyobject",
  sign: _sign,
  verify: _verify,
};

/**
 * Routes every Ed25519 `sign` and `verify` of `@libp2p/crypto` through `node:crypto` with kept
 * key objects, from now on and in the whole process. Calling it again does nothing.
 */
export function installKeyObjectEd25519(): Promise<void> {
  return installEd25519Methods(_KEYOBJECT);
}

/** Puts `@libp2p/crypto`'s own methods back (for tests that mix paths in one process). */
export function uninstallKeyObjectEd25519(): void {
  if (installedEd25519Methods() !== _KEYOBJECT.name) return;
  restoreEd25519Methods();
  _publicKeys.clear();
}

/** How many signs, verifies and key builds this path has served (to check it is in the path). */
export function keyObjectEd25519Counts(): KeyObjectEd25519Counts {
  return { ..._counts };
}

function _sign(raw: Uint8Array, data: Uint8Array, options: AbortOptions | undefined): Uint8Array {
  options?.signal?.throwIfAborted();
  if (raw.byteLength !== 64) throw new TypeError('"key" must be 64 bytes in length.');
  let key = _privateKeys.get(raw);
  if (key === undefined) {
    key = _privateKey(raw);
    _privateKeys.set(raw, key);
  }
  const signature = sign(null, data, key);
  _counts.signs++;
  options?.signal?.throwIfAborted();
  return signature;
}

function _verify(
  raw: Uint8Array,
  sig: Uint8Array,
  data: Uint8Array,
  options: AbortOptions | undefined,
): boolean {
  options?.signal?.throwIfAborted();
  // the same input checks as @libp2p/crypto's Node path, with the same messages
  if (raw.byteLength !== 32) throw new TypeError('"key" must be 32 bytes in length.');
  if (sig.byteLength !== 64) throw new TypeError('"sig" must be 64 bytes in length.');
  const valid = verify(null, data, _publicKey(raw), sig);
  _counts.verifies++;
  return valid;
}

function _publicKey(raw: Uint8Array): KeyObject {
  const id = String.fromCharCode(...raw);
  let key = _publicKeys.get(id);
  if (key === undefined) {
    if (_publicKeys.size >= _MAX_CACHED_PUBLIC_KEYS) _publicKeys.clear();
    _counts.keysBuilt++;
    key = createPublicKey({
      format: "jwk",
      key: { crv: "Ed25519", kty: "OKP", x: _base64url(raw) },
    });
    _publicKeys.set(id, key);
  }
  return key;
}

function _privateKey(raw: Uint8Array): KeyObject {
  // the 32-byte seed followed by the public key: libp2p's Ed25519 private keys are always this
  // 64-byte form (its key class checks the length when the key is made)
  _counts.keysBuilt++;
  return createPrivateKey({
    format: "jwk",
    key: {
      crv: "Ed25519",
      kty: "OKP",
      d: _base64url(raw.subarray(0, 32)),
      x: _base64url(raw.subarray(32)),
    },
  });
}

function _base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}
