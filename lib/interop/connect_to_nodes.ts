/**
 * The `connect` instruction: resolve `node<N>` through the system resolver (getaddrinfo, so
 * /etc/hosts and Shadow's hosts file answer), dial `/ip4/<ip>/tcp/9000/p2p/<peer id of N>`, and
 * retry a failed resolution or dial with a growing pause (a peer may not be listening yet).
 *
 * @module
 */
import { lookup } from "node:dns/promises";
import { InteropError } from "./interop_error.ts";
import { INTEROP_TCP_PORT } from "./interop_host.ts";
import { derivePeerId } from "./node_identity.ts";

/** Options of {@linkcode connectToNodes}. */
export interface ConnectToNodesOptions {
  /** This node's id: a node never dials itself. */
  selfNodeId: number;
  /** Dials a full multiaddr (with `/p2p/`); resolves once connected. */
  dial(addr: string): Promise<void>;
  /**
   * The address of a node without its `/p2p/` part.
   *
   * @default {@linkcode resolveNodeAddress}
   */
  resolveAddress?: (nodeId: number) => Promise<string>;
  /** @default `setTimeout` */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Attempts per node before giving up. Generous: under Shadow every node starts at once, but in
   * network namespaces on a loaded machine a node may take most of a minute to start listening.
   *
   * @default 50
   */
  attempts?: number;
  /**
   * Pause after the first failure; it doubles after each further one.
   *
   * @default 100
   */
  firstBackoffMs?: number;
  /** @default 2000 */
  maxBackoffMs?: number;
  /** Called after a failed attempt that will be retried (for stderr). */
  onRetry?(nodeId: number, attempt: number, error: unknown): void;
}

/**
 * Connects to every node in `nodeIds` at once and resolves when all are connected.
 *
 * With the defaults a node gets 50 attempts over about 90 s.
 *
 * @throws {InteropError} when `nodeIds` has this node's own id, or a node could not be reached in
 *   `attempts` attempts (the message has the last error)
 */
export async function connectToNodes(
  nodeIds: readonly number[],
  options: ConnectToNodesOptions,
): Promise<void> {
  if (nodeIds.includes(options.selfNodeId)) {
    throw new InteropError(
      `connect: node ${options.selfNodeId} was told to connect to itself (connectTo: ${
        JSON.stringify(nodeIds)
      })`,
    );
  }
  await Promise.all(nodeIds.map((nodeId) => _connectWithRetry(nodeId, options)));
}

/**
 * Resolves `node<N>` to its first IPv4 address with getaddrinfo (as Go's `net.LookupHost` and the
 * Rust node's `lookup_host`), and returns `/ip4/<ip>/tcp/9000`.
 */
export async function resolveNodeAddress(nodeId: number): Promise<string> {
  const { address } = await lookup(`node${nodeId}`, { family: 4 });
  return `/ip4/${address}/tcp/${INTEROP_TCP_PORT}`;
}

async function _connectWithRetry(nodeId: number, options: ConnectToNodesOptions): Promise<void> {
  const resolveAddress = options.resolveAddress ?? resolveNodeAddress;
  const sleep = options.sleep ??
    ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempts = options.attempts ?? 50;
  let backoffMs = options.firstBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 2000;
  const peerId = await derivePeerId(nodeId);
  for (let attempt = 1;; attempt++) {
    try {
      const addr = `${await resolveAddress(nodeId)}/p2p/${peerId}`;
      await options.dial(addr);
      return;
    } catch (error) {
      if (attempt >= attempts) {
        throw new InteropError(
          `connect: node ${options.selfNodeId} could not connect to node${nodeId} in ${attempts} ` +
            `attempts; last error: ${_oneLine(error)}`,
          { cause: error },
        );
      }
      options.onRetry?.(nodeId, attempt, error);
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    }
  }
}

function _oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, " ").trim();
}
