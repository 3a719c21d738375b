/**
 * FNV-1a, 32 bits: the one hash behind run seeds (plan_matrix.ts), forked random streams
 * (seeded_random.ts) and run fingerprints (discovery_scenario.ts). Small, fast and fixed, which
 * is what these need: the values are saved with results, so they must never change.
 *
 * @module
 */

/** FNV-1a's 32-bit offset basis, where a hash starts. */
export const FNV1A_OFFSET_BASIS = 0x811c9dc5;

const _FNV1A_PRIME = 0x01000193;

/** An FNV-1a hash being fed; see {@linkcode createFnv1a32}. Each method returns the hasher. */
export interface Fnv1a32 {
  /** Feeds bytes. */
  bytes(bytes: Uint8Array): Fnv1a32;
  /** Feeds `text` as UTF-8 bytes. */
  text(text: string): Fnv1a32;
  /** Feeds the low 32 bits of `value` (two's complement for negatives) as 4 bytes, lowest first. */
  uint32(value: number): Fnv1a32;
  /**
   * Feeds `text` as UTF-16 code units, one step per unit (a unit above 255 is not split into
   * bytes): the variant seeded_random.ts has always used for its labels.
   */
  codeUnits(text: string): Fnv1a32;
  /** The hash so far, as an unsigned 32-bit integer. */
  value(): number;
  /** The hash so far, as 8 lowercase hex digits. */
  hex(): string;
}

/**
 * Starts an FNV-1a hash at `start`.
 *
 * @example
 * ```ts
 * createFnv1a32().text("foobar").hex(); // "bf9cf968", the published test vector
 * ```
 */
export function createFnv1a32(start: number = FNV1A_OFFSET_BASIS): Fnv1a32 {
  let hash = start | 0;
  const step = (unit: number): void => {
    hash = Math.imul(hash ^ unit, _FNV1A_PRIME);
  };
  const encoder = new TextEncoder();
  const hasher: Fnv1a32 = {
    bytes(bytes) {
      for (const byte of bytes) step(byte);
      return hasher;
    },
    text(text) {
      return hasher.bytes(encoder.encode(text));
    },
    uint32(value) {
      for (let shift = 0; shift < 32; shift += 8) step((value >>> shift) & 0xff);
      return hasher;
    },
    codeUnits(text) {
      for (let i = 0; i < text.length; i++) step(text.charCodeAt(i));
      return hasher;
    },
    value: () => hash >>> 0,
    hex: () => (hash >>> 0).toString(16).padStart(8, "0"),
  };
  return hasher;
}
