/**
 * Swaps the `sign` and `verify` methods of `@libp2p/crypto`'s Ed25519 key classes, for the whole
 * process: libp2p checks signatures with key objects it builds itself (Noise, identify's signed
 * peer record, every gossipsub message), so there is no per-host hook. Each bench run is its own
 * process, so one variant's choice never leaks into another's runs.
 *
 * @module
 */
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { AbortOptions } from "@libp2p/interface";

/** One way to sign and verify, given the key classes' raw key bytes. */
export interface Ed25519Methods {
  /** Which path this is (what {@linkcode installedEd25519Methods} reports). */
  name: string;
  sign(raw: Uint8Array, data: Uint8Array, options: AbortOptions | undefined): unknown;
  verify(
    raw: Uint8Array,
    sig: Uint8Array,
    data: Uint8Array,
    options: AbortOptions | undefined,
  ): unknown;
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

interface _Prototypes {
  privatePrototype: _KeyMethods;
  publicPrototype: _PublicKeyMethods;
  originalSign: _KeyMethods["sign"];
  originalVerify: _PublicKeyMethods["verify"];
}

let _finding: Promise<_Prototypes> | undefined;
let _found: _Prototypes | undefined;
let _installed: string | undefined;

/** Routes every Ed25519 sign and verify of `@libp2p/crypto` through `methods`, from now on. */
export async function installEd25519Methods(methods: Ed25519Methods): Promise<void> {
  const found = await _prototypes();
  found.privatePrototype.sign = function (data, options) {
    return methods.sign(this.raw, _bytes(data), options);
  };
  found.publicPrototype.verify = function (data, sig, options) {
    return methods.verify(this.raw, sig, _bytes(data), options);
  };
  _installed = methods.name;
}

/** Puts `@libp2p/crypto`'s own methods back. */
export function restoreEd25519Methods(): void {
  if (_found === undefined) return;
  _found.privatePrototype.sign = _found.originalSign;
  _found.publicPrototype.verify = _found.originalVerify;
  _installed = undefined;
}

/** The name of the methods installed now, or `undefined` for `@libp2p/crypto`'s own. */
export function installedEd25519Methods(): string | undefined {
  return _installed;
}

function _prototypes(): Promise<_Prototypes> {
  // The key classes are not exported: reach them through a key of each kind, before any swap.
  _finding ??= generateKeyPairFromSeed("Ed25519", new Uint8Array(32)).then((sample) => {
    const privatePrototype = Object.getPrototypeOf(sample) as _KeyMethods;
    const publicPrototype = Object.getPrototypeOf(sample.publicKey) as _PublicKeyMethods;
    _found = {
      privatePrototype,
      publicPrototype,
      originalSign: privatePrototype.sign,
      originalVerify: publicPrototype.verify,
    };
    return _found;
  });
  return _finding;
}

function _bytes(data: Uint8Array | _Sliceable): Uint8Array {
  return data instanceof Uint8Array ? data : data.subarray();
}
