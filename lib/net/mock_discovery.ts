/**
 * An in-process discovery service shared by every host of a run, like the mock server of
 * go-libp2p-pubsub's discovery tests: namespaces map to peer records that expire after a TTL,
 * `findPeers` returns up to a limit of them in random order, and hosts advertise or stop.
 *
 * @module
 */

/** What a host advertises: who it is and where to dial it. */
export interface PeerRecord {
  peerId: string;
  addrs: readonly string[];
}

/** Options of {@linkcode createMockDiscovery}. */
export interface MockDiscoveryOptions {
  /** The clock records expire by, in milliseconds. @default performance.now */
  now?: () => number;
  /** Random source in [0, 1) for the order of found peers. @default Math.random */
  random?: () => number;
}

/** One host's view of the service: it advertises itself and never finds itself. */
export interface DiscoveryClient {
  advertise(namespace: string, ttlMs: number): Promise<void>;
  stopAdvertising(namespace: string): Promise<void>;
  /** Up to `limit` live records of `namespace` other than the client's own, in random order. */
  findPeers(namespace: string, limit: number): Promise<PeerRecord[]>;
}

/** The shared service. */
export interface MockDiscovery {
  advertise(namespace: string, record: PeerRecord, ttlMs: number): void;
  stopAdvertising(namespace: string, peerId: string): void;
  findPeers(namespace: string, limit: number, options?: { exclude?: string }): PeerRecord[];
  /** Live records in `namespace`. */
  count(namespace: string): number;
  has(namespace: string, peerId: string): boolean;
  /**
   * Resolves once `namespace` holds at least `count` live records: checked on every advertise,
   * never by polling. Rejects with the signal's reason when `signal` aborts first.
   */
  waitForCount(namespace: string, count: number, options?: { signal?: AbortSignal }): Promise<void>;
  createClient(self: PeerRecord): DiscoveryClient;
}

interface _Registration {
  record: PeerRecord;
  expiresAt: number;
}

interface _Waiter {
  namespace: string;
  count: number;
  resolve: () => void;
}

/**
 * Creates an empty discovery service.
 *
 * @example
 * ```ts
 * const discovery = createMockDiscovery();
 * discovery.advertise("topic", { peerId: "a", addrs: [] }, 60_000);
 * discovery.findPeers("topic", 10); // [{ peerId: "a", addrs: [] }]
 * ```
 */
export function createMockDiscovery(options: MockDiscoveryOptions = {}): MockDiscovery {
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const namespaces = new Map<string, Map<string, _Registration>>();
  let waiters: _Waiter[] = [];

  function live(namespace: string): _Registration[] {
    const registrations = namespaces.get(namespace);
    if (registrations === undefined) return [];
    const time = now();
    for (const [peerId, registration] of registrations) {
      if (registration.expiresAt <= time) registrations.delete(peerId);
    }
    return [...registrations.values()];
  }

  function wakeWaiters(): void {
    const waiting: _Waiter[] = [];
    for (const waiter of waiters) {
      if (live(waiter.namespace).length >= waiter.count) waiter.resolve();
      else waiting.push(waiter);
    }
    waiters = waiting;
  }

  const service: MockDiscovery = {
    advertise(namespace, record, ttlMs) {
      if (!(ttlMs > 0)) {
        throw new RangeError(`advertise "${namespace}": ttlMs must be > 0, got ${ttlMs}`);
      }
      let registrations = namespaces.get(namespace);
      if (registrations === undefined) {
        registrations = new Map();
        namespaces.set(namespace, registrations);
      }
      registrations.set(record.peerId, {
        record: { peerId: record.peerId, addrs: [...record.addrs] },
        expiresAt: now() + ttlMs,
      });
      wakeWaiters();
    },
    stopAdvertising(namespace, peerId) {
      namespaces.get(namespace)?.delete(peerId);
    },
    findPeers(namespace, limit, findOptions = {}) {
      const candidates = live(namespace)
        .filter((registration) => registration.record.peerId !== findOptions.exclude)
        .map((registration) => registration.record);
      _shuffle(candidates, random);
      return candidates.slice(0, Math.max(0, limit)).map((record) => ({
        peerId: record.peerId,
        addrs: [...record.addrs],
      }));
    },
    count: (namespace) => live(namespace).length,
    has: (namespace, peerId) =>
      live(namespace).some((registration) => registration.record.peerId === peerId),
    waitForCount(namespace, count, waitOptions = {}) {
      if (live(namespace).length >= count) return Promise.resolve();
      const signal = waitOptions.signal;
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          waiters = waiters.filter((waiter) => waiter.resolve !== done);
          reject(signal?.reason);
        };
        const done = (): void => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        waiters.push({ namespace, count, resolve: done });
      });
    },
    createClient(self) {
      return {
        // Inside an executor, so a bad ttlMs rejects the promise instead of throwing at the call.
        advertise: (namespace, ttlMs) =>
          new Promise((resolve) => resolve(service.advertise(namespace, self, ttlMs))),
        stopAdvertising: (namespace) =>
          Promise.resolve(service.stopAdvertising(namespace, self.peerId)),
        findPeers: (namespace, limit) =>
          Promise.resolve(service.findPeers(namespace, limit, { exclude: self.peerId })),
      };
    },
  };
  return service;
}

/** Fisher-Yates shuffle in place. */
function _shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
