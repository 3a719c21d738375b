/**
 * Polling for tests of asynchronous network code: waits until a condition holds.
 *
 * @module
 */

/**
 * Waits (in 2 ms steps, up to `limitMs`) until `condition` holds; throws naming `what` if it
 * never does.
 */
export async function waitUntil(
  condition: () => boolean,
  what = "the condition",
  limitMs = 10_000,
): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > limitMs) {
      throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
