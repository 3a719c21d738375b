/**
 * The `plain` orchestration (variant `default`): the host's life in ordinary async code.
 *
 * @module
 */
import { bootstrapTopic, dialDiscoveredPeers } from "./bootstrap_topic.ts";
import type { HostDriver, HostDriverInit } from "./host_driver.ts";

/** Drives `init.host` with plain async calls. */
export function createPlainDriver(init: HostDriverInit): HostDriver {
  const { host, discovery, limitDial } = init;
  return {
    host,
    async join(topic, ttlMs) {
      host.subscribe(topic);
      await discovery.advertise(topic, ttlMs);
    },
    async leave(topic) {
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
    stop: () => host.stop(),
    transitions: () => undefined,
  };
}
