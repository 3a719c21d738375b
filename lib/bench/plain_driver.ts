/**
 * The `plain` orchestration (variant `default`): the host's life in ordinary async code.
 *
 * @module
 */
import { bootstrapTopic } from "./bootstrap_topic.ts";
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
    dialDiscovered: (topic, limit) => dialDiscoveredPeers(init, topic, limit),
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

/**
 * Finds up to `limit` advertised peers and dials those not yet connected, within the run's dial
 * bound; returns how many dials failed. Shared by both orchestrations.
 */
export async function dialDiscoveredPeers(
  init: Pick<HostDriverInit, "host" | "discovery" | "limitDial">,
  topic: string,
  limit: number,
): Promise<number> {
  const { host, discovery, limitDial } = init;
  const found = await discovery.findPeers(topic, limit);
  let failures = 0;
  await Promise.all(
    found
      .filter((record) => !host.isConnected(record.peerId) && record.addrs.length > 0)
      .map((record) =>
        limitDial(() => host.dial(record.addrs[0])).catch(() => {
          failures++;
        })
      ),
  );
  return failures;
}
