/**
 * The host variants every config has without defining them.
 *
 * @module
 */

import type { VariantSpec } from "./types.ts";

function _frozenVariant(spec: VariantSpec): VariantSpec {
  Object.freeze(spec.gossipsub);
  return Object.freeze(spec);
}

const _DEFAULT: VariantSpec = _frozenVariant({
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
  ed25519: "node",
  memoryLatencyMs: 0,
  gossipsub: {},
});

/**
 * The built-in variants, by name. A file may override their fields by defining a variant of the
 * same name; a variant with a new name starts from `default`'s values.
 *
 * The objects are frozen (deeply): copy one before changing it.
 *
 * @example
 * ```ts
 * import { BUILTIN_VARIANTS } from "./builtin_variants.ts";
 *
 * const tuned = { ...BUILTIN_VARIANTS.default, gossipsub: { D: 8 } };
 * ```
 */
export const BUILTIN_VARIANTS: Readonly<Record<string, VariantSpec>> = Object.freeze({
  /** The baseline: `@libp2p/gossipsub` on libp2p 3, plain async orchestration, TCP + Noise. */
  default: _DEFAULT,
  /** Router comparison: floodsub against gossipsub, everything else as `default`. */
  floodsub: _frozenVariant({ ..._DEFAULT, router: "floodsub", gossipsub: {} }),
  /**
   * Implementation comparison: `@chainsafe/libp2p-gossipsub` 14 on its own libp2p 2 stack against
   * `@libp2p/gossipsub` 17 on libp2p 3 (`default`).
   */
  chainsafe: _frozenVariant({ ..._DEFAULT, stack: "libp2p2", gossipsub: {} }),
  /**
   * Orchestration comparison, the question the project exists for: the same host, router and
   * network as `default`, its life driven by xstate machines instead of plain async code.
   */
  states: _frozenVariant({ ..._DEFAULT, orchestration: "states", gossipsub: {} }),
  /** Transport comparison: the in-memory transport (no sockets) against TCP (`default`). */
  memory: _frozenVariant({ ..._DEFAULT, transport: "memory", gossipsub: {} }),
  /**
   * Transport comparison: the same TCP wire on Deno's native sockets (`lib/net/deno_tcp`) against
   * `@libp2p/tcp` on node:net (`default`); the ratio is what the Node compatibility layer costs.
   */
  "deno-tcp": _frozenVariant({ ..._DEFAULT, transport: "deno-tcp", gossipsub: {} }),
  /**
   * `deno-tcp` with Ed25519 on Deno's native operations without the Node path's per-call key
   * object (`ed25519: keyobject`): against `deno-tcp`, what the second step gains; against
   * `default`, both. Same signatures, still verified (StrictSign).
   */
  "deno-native": _frozenVariant({
    ..._DEFAULT,
    transport: "deno-tcp",
    ed25519: "keyobject",
    gossipsub: {},
  }),
  /**
   * The A/A check: identical to `default` (to the file's `default` too, unless the file defines
   * `twin`), so `default` against `twin` measures this machine's noise (docs/statistics.md).
   */
  twin: _frozenVariant({ ..._DEFAULT, gossipsub: {} }),
});
