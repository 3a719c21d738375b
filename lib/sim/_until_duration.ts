/**
 * The wait at the end of a simulation: its duration, cut short by Ctrl-C.
 *
 * @module
 */

/** Resolves "duration" after `delayMs`, or "interrupted" when `signal` aborts first. */
export function untilDurationOrAbort(
  delayMs: number,
  signal?: AbortSignal,
): Promise<"duration" | "interrupted"> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve("interrupted");
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve("duration");
    }, Math.max(0, delayMs));
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve("interrupted");
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
