/**
 * The `plain` orchestration (variant `default`): the host's life in ordinary async code.
 *
 * @module
 */
import { bootstrapTopic, dialDiscoveredPeers } from "./bootstrap_topic.ts";
import { type HostDriver, type HostDriverInit, READVERTISE_SHARE } from "./host_driver.ts";

/** Drives `init.host` with plain async calls. */
export function createPlainDriver(init: HostDriverInit): HostDriver {
  const { host, discovery, limitDial } = init;
  const renewals = new Map<string, ReturnType<typeof setTimeout>>();
  const stopRenewing = (topic: string): void => {
    clearTimeout(renewals.get(topic));
    renewals.delete(topic);
  };
  // Without this, records of the first hosts expired in runs whose subscribe phase outlasted
  // the TTL (1000 hosts on one core), and host 0 could never find those peers again.
  const renewLater = (topic: string, ttlMs: number): void => {
    const timer = setTimeout(() => {
      discovery.advertise(topic, ttlMs).then(
        () => {
          // Left (or stopped) while advertising: the entry is gone or is another timer.
          if (renewals.get(topic) === timer) renewLater(topic, ttlMs);
        },
        () => {/* the next join advertises again */},
      );
    }, ttlMs * READVERTISE_SHARE);
    renewals.set(topic, timer);
  };
  return {
    host,
    async join(topic, ttlMs) {
      host.subscribe(topic);
      await discovery.advertise(topic, ttlMs);
      stopRenewing(topic);
      renewLater(topic, ttlMs);
    },
    async leave(topic) {
      stopRenewing(topic);
      host.unsubscribe(topic);
      await discovery.stopAdvertising(topic);
    },
    dialDiscovered: async (topic, limit) =>
      (await dialDiscoveredPeers(init, topic, limit)).dialFailures,
    bootstrap: (topic, minTopicPeers, discoverLimit) =>
      bootstrapTopic(host, discovery, {
        topic,
        minTopicPeers,
        discoverLimit,
        ...init.bootstrap,
        limitDial,
        now: () => performance.now(),
      }),
    publish: (topic, data) => host.publish(topic, data),
    onMessage: (listener) => host.onMessage(listener),
    meshDegree: (topic) => host.meshDegree(topic),
    stop: () => {
      for (const topic of [...renewals.keys()]) stopRenewing(topic);
      return host.stop();
    },
    transitions: () => undefined,
  };
}
