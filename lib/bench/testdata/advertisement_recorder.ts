import type { DiscoveryClient } from "../../net/mod.ts";

/**
 * Records a discovery client's advertisements: each one's time and, when `isLive` is given,
 * whether the host's record was still live just before it; `reached(k)` resolves at the k-th.
 */
export function recordAdvertisements() {
  const times: number[] = [];
  const liveBefore: boolean[] = [];
  const waiters = new Map<number, () => void>();
  return {
    times,
    liveBefore,
    reached: (count: number) => new Promise<void>((resolve) => waiters.set(count, resolve)),
    wrap: (
      client: DiscoveryClient,
      isLive?: (namespace: string) => boolean,
    ): DiscoveryClient => ({
      ...client,
      advertise: async (namespace, ttlMs) => {
        if (isLive) liveBefore.push(isLive(namespace));
        await client.advertise(namespace, ttlMs);
        times.push(performance.now());
        waiters.get(times.length)?.();
      },
    }),
  };
}
