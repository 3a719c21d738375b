/**
 * Follows each published message until every host has it, byte for byte.
 *
 * @module
 */

/** One message's fate. */
export interface MessageRecord {
  index: number;
  publisher: number;
  publishedAt: number;
  /** Receive time per host index (the publisher's own copy included). */
  receivedAt: Map<number, number>;
  /** Hosts that received bytes differing from what was published. */
  corruptedAt: number[];
}

/** What the tracker measured over all messages. */
export interface DeliveryFigures {
  expected: number;
  delivered: number;
  missed: number;
  /** Publish -> receive latency of every remote delivery, in ms, in arrival order. */
  remoteLatenciesMs: number[];
  /** Per message: time until the last host had it (messages every host got). */
  lastDeliveryMs: number[];
}

/** Tracks messages of one run: `hosts` receivers, messages identified by their index. */
export interface DeliveryTracker {
  /** Registers a message just before it is published. */
  expect(index: number, publisher: number, data: Uint8Array): void;
  /** Records that `host` received `data` (called from each host's message listener). */
  receive(host: number, data: Uint8Array): void;
  /**
   * Records a reception whose bytes were already checked elsewhere (by the shard that holds
   * `host`), at `time` on this tracker's clock. A repeat for the same host is ignored.
   */
  receiveVerified(host: number, index: number, time: number): void;
  /** Records that `host` received message `index` with different bytes (checked elsewhere). */
  receiveCorrupted(host: number, index: number): void;
  /** Records a problem seen elsewhere, e.g. a message no one published. */
  addProblem(problem: string): void;
  /**
   * Moves message `index`'s publish time to `time` (on this tracker's clock): the moment the
   * publisher's publish call began, when that is known only after {@linkcode expect}.
   */
  setPublishedAt(index: number, time: number): void;
  /** Receptions recorded so far over all messages. */
  deliveredCount(): number;
  /**
   * Resolves true when every host has message `index`, false when `timeoutMs` passes first.
   * Event-driven: resolves from `receive`, not by polling.
   */
  waitForAll(index: number, timeoutMs: number): Promise<boolean>;
  /** Hosts that do not have message `index` yet. */
  missingHosts(index: number): number[];
  figures(): DeliveryFigures;
  /** Unexpected or corrupted receptions, as readable problems (empty when all is well). */
  problems(): string[];
}

/** Reads the message index carried in the first 4 bytes of a message body. */
export function readMessageIndex(data: Uint8Array): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
}

/** Writes `index` into the first 4 bytes of `body` (a fresh copy is returned). */
export function writeMessageIndex(body: Uint8Array, index: number): Uint8Array {
  const copy = body.slice();
  new DataView(copy.buffer).setUint32(0, index);
  return copy;
}

/** Creates a tracker for `hosts` receivers on the clock `now` (ms). */
export function createDeliveryTracker(hosts: number, now: () => number): DeliveryTracker {
  const messages = new Map<number, { record: MessageRecord; data: Uint8Array }>();
  const waiters = new Map<number, () => void>();
  const unexpected: string[] = [];
  let deliveredSoFar = 0;

  function isComplete(index: number): boolean {
    return (messages.get(index)?.record.receivedAt.size ?? 0) >= hosts;
  }

  function record(host: number, index: number, time: number): void {
    const entry = messages.get(index)!;
    if (entry.record.receivedAt.has(host)) return;
    entry.record.receivedAt.set(host, time);
    deliveredSoFar++;
    if (isComplete(index)) waiters.get(index)?.();
  }

  return {
    expect(index, publisher, data) {
      messages.set(index, {
        record: { index, publisher, publishedAt: now(), receivedAt: new Map(), corruptedAt: [] },
        data,
      });
    },
    receive(host, data) {
      const time = now();
      const index = data.byteLength >= 4 ? readMessageIndex(data) : -1;
      const entry = messages.get(index);
      if (entry === undefined) {
        unexpected.push(`host ${host} received an unknown message (${data.byteLength} bytes)`);
        return;
      }
      if (!_bytesEqual(entry.data, data)) {
        entry.record.corruptedAt.push(host);
        return;
      }
      record(host, index, time);
    },
    receiveVerified(host, index, time) {
      if (!messages.has(index)) {
        unexpected.push(`host ${host} received message ${index}, which was never published`);
        return;
      }
      record(host, index, time);
    },
    receiveCorrupted(host, index) {
      messages.get(index)?.record.corruptedAt.push(host);
    },
    addProblem(problem) {
      unexpected.push(problem);
    },
    setPublishedAt(index, time) {
      const entry = messages.get(index);
      if (entry !== undefined) entry.record.publishedAt = time;
    },
    deliveredCount: () => deliveredSoFar,
    waitForAll(index, timeoutMs) {
      if (isComplete(index)) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(index);
          resolve(false);
        }, timeoutMs);
        waiters.set(index, () => {
          clearTimeout(timer);
          waiters.delete(index);
          resolve(true);
        });
      });
    },
    missingHosts(index) {
      const received = messages.get(index)?.record.receivedAt;
      return Array.from({ length: hosts }, (_, host) => host).filter((host) =>
        !received?.has(host)
      );
    },
    figures() {
      let delivered = 0;
      const remoteLatenciesMs: number[] = [];
      const lastDeliveryMs: number[] = [];
      for (const { record } of messages.values()) {
        delivered += record.receivedAt.size;
        let last = 0;
        for (const [host, time] of record.receivedAt) {
          const latency = time - record.publishedAt;
          last = Math.max(last, latency);
          if (host !== record.publisher) remoteLatenciesMs.push(latency);
        }
        if (record.receivedAt.size >= hosts) lastDeliveryMs.push(last);
      }
      const expected = messages.size * hosts;
      return {
        expected,
        delivered,
        missed: expected - delivered,
        remoteLatenciesMs,
        lastDeliveryMs,
      };
    },
    problems() {
      const corrupted = [...messages.values()]
        .filter(({ record }) => record.corruptedAt.length > 0)
        .map(({ record }) =>
          `message ${record.index} arrived with different bytes at hosts ${
            record.corruptedAt.join(", ")
          }`
        );
      return [...unexpected, ...corrupted];
    },
  };
}

function _bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
