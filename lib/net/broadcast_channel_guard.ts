/**
 * Keeps track of every BroadcastChannel the process opens, so they can be closed after the hosts
 * stop. The peer store's lock library (mortice) opens a global BroadcastChannel and calls
 * `unref()` on it, which Deno's BroadcastChannel lacks: the open channel keeps the process alive
 * after every host has stopped (NOTES-libp2p-deno.md, trap 1).
 *
 * @module
 */

const openChannels = new Set<BroadcastChannel>();
let installed = false;

/**
 * Replaces `globalThis.BroadcastChannel` with a subclass that remembers open channels. Call it
 * before the first host is created; calling it again does nothing.
 */
export function trackBroadcastChannels(): void {
  if (installed) return;
  installed = true;
  const Original = globalThis.BroadcastChannel;
  class TrackedBroadcastChannel extends Original {
    constructor(name: string) {
      super(name);
      openChannels.add(this);
    }
    override close(): void {
      openChannels.delete(this);
      super.close();
    }
  }
  globalThis.BroadcastChannel = TrackedBroadcastChannel;
}

/** Closes every tracked channel still open and returns how many there were. */
export function closeTrackedBroadcastChannels(): number {
  const count = openChannels.size;
  for (const channel of [...openChannels]) channel.close();
  return count;
}
