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
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { AbortOptions } from "@libp2p/interface";

/** Calls served by WebCrypto since {@linkcode installWebCryptoEd25519}. */
export interface WebCryptoEd25519Counts {
  signs: number;
  verifies: number;
  /** Public keys imported into WebCrypto (the rest were found in the cache). */
  keyImports: number;
}

interface _KeyMethods {
  sign(this: { raw: Uint8Array }, data: Uint8Array | _Sliceable, options?: AbortOptions): unknown;
}
interface _PublicKeyMethods {
  verify(
    this: { raw: Uint8Array },
    data: Uint8Array | _Sliceable,
    sig: Uint8Array,
    options?: AbortOptions,
  ): unknown;
}
/** A Uint8ArrayList, as libp2p sometimes passes one. */
interface _Sliceable {
  subarray(): Uint8Array;
}

interface _Installed {
  privatePrototype: _KeyMethods;
  publicPrototype: _PublicKeyMethods;
  originalSign: _KeyMethods["sign"];
  originalVerify: _PublicKeyMethods["verify"];
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

let _installed: _Installed | undefined;
let _installing: Promise<void> | undefined;
const _counts: WebCryptoEd25519Counts = { signs: 0, verifies: 0, keyImports: 0 };
const _privateKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
const _publicKeys = new Map<string, Promise<CryptoKey>>();

/**
 * Routes every Ed25519 `sign` and `verify` of `@libp2p/crypto` through WebCrypto, from now on
 * and in the whole process. Calling it again does nothing.
 */
export function installWebCryptoEd25519(): Promise<void> {
  _installing ??= _install();
  return _installing;
}

/** Puts `@libp2p/crypto`'s own methods back (for tests that mix both paths in one process). */
export function uninstallWebCryptoEd25519(): void {
  if (_installed === undefined) return;
  _installed.privatePrototype.sign = _installed.originalSign;
  _installed.publicPrototype.verify = _installed.originalVerify;
  _installed = undefined;
  _installing = undefined;
  _publicKeys.clear();
}

/** How many signs, verifies and key imports WebCrypto has served (to check it is in the path). */
export function webCryptoEd25519Counts(): WebCryptoEd25519Counts {
  return { ..._counts };
}

async function _install(): Promise<void> {
  // The key classes are not exported: reach them through a key of each kind.
  const sample = await generateKeyPairFromSeed("Ed25519", new Uint8Array(32));
  const privatePrototype = Object.getPrototypeOf(sample) as _KeyMethods;
  const publicPrototype = Object.getPrototypeOf(sample.publicKey) as _PublicKeyMethods;
  _installed = {
    privatePrototype,
    publicPrototype,
    originalSign: privatePrototype.sign,
    originalVerify: publicPrototype.verify,
  };
  privatePrototype.sign = function (data, options) {
    return _sign(this.raw, _bytes(data), options);
  };
  publicPrototype.verify = function (data, sig, options) {
    return _verify(this.raw, sig, _bytes(data), options);
  };
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

function _bytes(data: Uint8Array | _Sliceable): Uint8Array {
  return data instanceof Uint8Array ? data : data.subarray();
}
