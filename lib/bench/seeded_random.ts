/**
 * A seeded, forkable random source for pure code (statistics, topology, scheduling): the same
 * seed always gives the same sequence, so a run or a bootstrap can be repeated exactly.
 *
 * @module
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { createFnv1a32, FNV1A_OFFSET_BASIS } from "./fnv1a.ts";

/** A deterministic stream of random values; every method advances the stream. */
export interface SeededRandom {
  /** A float in [0, 1), with 53 random bits. */
  next(): number;
  /** An integer in [min, max], both inclusive; min and max must be safe integers, min <= max. */
  int(min: number, max: number): number;
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
  /**
   * An independent stream derived only from this stream's seed and `label`: it does not depend on
   * how much of this stream has been consumed, so `fork("x")` gives the same stream whenever it is
   * called. Different labels give different streams.
   */
  fork(label: string): SeededRandom;
}

/**
 * Creates a random source on pure-rand's xoroshiro128+ generator.
 *
 * The seed is folded to 32 bits (xoroshiro128+ in pure-rand takes a 32-bit seed) and scrambled, so
 * neighbouring seeds start far apart; seeds below 2^32 never collide.
 *
 * @example
 * ```ts
 * const random = createSeededRandom(42);
 * const die = random.int(1, 6);
 * const perHost = random.fork("host-3"); // same stream however much `random` was used
 * ```
 *
 * @param seed any safe integer (negative allowed)
 * @throws {RangeError} if `seed` is not a safe integer
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(
      `createSeededRandom: seed must be a safe integer, got ${String(seed)}`,
    );
  }
  return _createFromKey(_foldSeed(seed));
}

function _createFromKey(key: number): SeededRandom {
  // The golden ratio constant keeps key 0 away from murmur's fixed point fmix32(0) = 0,
  // whose xoroshiro state starts with a run of all-ones outputs.
  const rng = xoroshiro128plus(_fmix32(key ^ 0x9e3779b9));
  return {
    next(): number {
      return uniformFloat64(rng);
    },
    int(min: number, max: number): number {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
        throw new RangeError(
          `SeededRandom.int: min and max must be safe integers with min <= max, ` +
            `got min ${String(min)}, max ${String(max)}`,
        );
      }
      return uniformInt(rng, min, max);
    },
    bytes(length: number): Uint8Array {
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new RangeError(
          `SeededRandom.bytes: length must be an integer >= 0, got ${String(length)}`,
        );
      }
      const out = new Uint8Array(length);
      let word = 0;
      for (let i = 0; i < length; i++) {
        // One 32-bit output feeds four bytes, lowest byte first.
        if (i % 4 === 0) word = rng.next();
        out[i] = (word >>> ((i % 4) * 8)) & 0xff;
      }
      return out;
    },
    fork(label: string): SeededRandom {
      return _createFromKey(_hashLabel(key, label));
    },
  };
}

/** Folds a safe integer to 32 bits; the identity (as int32) on [0, 2^32). */
function _foldSeed(seed: number): number {
  const low = seed | 0;
  const high = Math.floor(seed / 0x100000000) | 0;
  return (low ^ Math.imul(high, 0x85ebca6b)) | 0;
}

/** FNV-1a over the label's UTF-16 code units, started from the parent key, then scrambled. */
function _hashLabel(key: number, label: string): number {
  return _fmix32(createFnv1a32(FNV1A_OFFSET_BASIS ^ key).codeUnits(label).value());
}

/** MurmurHash3's 32-bit finaliser: a bijection on int32 that spreads every input bit. */
function _fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
