/**
 * libp2p settings that let many hosts share 127.0.0.1. Each one answers a trap in
 * NOTES-libp2p-deno.md that otherwise breaks a many-host run without an error.
 *
 * @module
 */

/** The loopback address every host listens on. */
export const LOOPBACK_IP = "127.0.0.1";

/**
 * Connection-manager settings (trap 4): the defaults refuse more than 5 inbound connections a second
 * and 10 pending upgrades per IP, and time dials out after 6 s, which partitions a network whose
 * hosts all dial from one IP. Allow-listing loopback skips both inbound limits; the timeouts are
 * raised because a busy single process can take seconds to finish a noise handshake.
 *
 * The stream protocol negotiation timeouts (10 s by default) are raised too: in a saturated event
 * loop (1000 hosts in one process) gossipsub's outbound stream to a connected, subscribed peer
 * timed out hundreds of times, and gossipsub never opens it again, so that peer stays a topic
 * peer the host cannot send to (docs/scaling.md, "one big run").
 */
export const LOOPBACK_CONNECTION_MANAGER = {
  allow: [`/ip4/${LOOPBACK_IP}`],
  maxConnections: 10_000,
  maxParallelDials: 64,
  maxIncomingPendingConnections: 10_000,
  inboundConnectionThreshold: 10_000,
  dialTimeout: 60_000,
  addressDialTimeout: 60_000,
  inboundUpgradeTimeout: 60_000,
  inboundStreamProtocolNegotiationTimeout: 60_000,
  outboundStreamProtocolNegotiationTimeout: 60_000,
} as const;

/**
 * Identify's settings: its 5 s default timeout fails identify on a saturated event loop, and
 * gossipsub learns from identify that a peer speaks its protocol.
 */
export const LOOPBACK_IDENTIFY = { timeout: 60_000 } as const;

/**
 * Connection monitor off (trap 5): it pings every 10 s and aborts connections whose ping fails;
 * there is no ping service here, and a saturated process misses pings on healthy connections.
 */
export const CONNECTION_MONITOR = { enabled: false } as const;

/**
 * Gossipsub score parameters (trap 3): every peer shares 127.0.0.1, so the IP-colocation penalty
 * graylists every peer of a host with more than about 14 connections, and the mesh stays empty.
 */
export function createLoopbackScoreParams(): { IPColocationFactorWhitelist: Set<string> } {
  return { IPColocationFactorWhitelist: new Set([LOOPBACK_IP]) };
}
