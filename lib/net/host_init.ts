import type { VariantSpec } from "../config/types.ts";

/** What a stack needs to create one host. */
export interface HostInit {
  /** Position of the host in its run. */
  index: number;
  /** 32 bytes the host's Ed25519 key is derived from. */
  keySeed: Uint8Array;
  /** Unique in the process; names the host's memory-transport address. */
  runTag: string;
  variant: VariantSpec;
}

/**
 * Gossipsub options shared by both gossipsub generations: the publisher gets its own copy
 * (`emitSelf`, as Go's pubsub delivers to the publisher's subscription), and the variant's
 * parameters override the router's defaults.
 */
export function gossipsubOptionsFor(variant: VariantSpec): Record<string, unknown> {
  const tuning = variant.gossipsub;
  const options: Record<string, unknown> = { emitSelf: true };
  if (tuning.D !== undefined) options.D = tuning.D;
  if (tuning.Dlo !== undefined) options.Dlo = tuning.Dlo;
  if (tuning.Dhi !== undefined) options.Dhi = tuning.Dhi;
  if (tuning.heartbeatIntervalMs !== undefined) {
    options.heartbeatInterval = tuning.heartbeatIntervalMs;
  }
  if (tuning.floodPublish !== undefined) options.floodPublish = tuning.floodPublish;
  return options;
}
