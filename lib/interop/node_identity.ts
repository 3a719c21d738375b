/**
 * Who a node is in a gossipsub-interop experiment: its node id (from the hostname `nodeN`) and
 * the Ed25519 identity every implementation derives from it, so any node can compute any other
 * node's peer id without asking.
 *
 * @module
 */
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { Ed25519PrivateKey } from "@libp2p/interface";
import { InteropError } from "./interop_error.ts";

/** The largest node id: ids are written into the key seed as a little-endian int32. */
export const MAX_NODE_ID = 0x7fff_ffff;

/**
 * The 32-byte Ed25519 seed of node `nodeId`: all zeros except the first four bytes, the node id
 * as a little-endian int32 (the experiment's `test-specs/implementation.md`; go-libp2p writes a
 * little-endian uint64 into the first eight, which is the same bytes for every id used here).
 *
 * @example
 * ```ts
 * import { createNodeKeySeed } from "./node_identity.ts";
 *
 * console.assert(createNodeKeySeed(258)[0] === 2 && createNodeKeySeed(258)[1] === 1);
 * ```
 *
 * @throws {RangeError} if `nodeId` is not an integer in [0, 2^31 - 1]
 */
export function createNodeKeySeed(nodeId: number): Uint8Array {
  if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId > MAX_NODE_ID) {
    throw new RangeError(
      `createNodeKeySeed: nodeId must be an integer in [0, ${MAX_NODE_ID}], got ${String(nodeId)}`,
    );
  }
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setInt32(0, nodeId, true);
  return seed;
}

/** The Ed25519 private key of node `nodeId` (see {@linkcode createNodeKeySeed}). */
export async function createNodePrivateKey(nodeId: number): Promise<Ed25519PrivateKey> {
  return await generateKeyPairFromSeed("Ed25519", createNodeKeySeed(nodeId));
}

/**
 * The peer id of node `nodeId` as a string (`12D3KooW...`): what a node dials as
 * `/ip4/<ip>/tcp/9000/p2p/<peer id>` and what it logs as `PeerID`.
 */
export async function derivePeerId(nodeId: number): Promise<string> {
  return (await createNodePrivateKey(nodeId)).publicKey.toString();
}

/**
 * The node id in a hostname `node<N>` (the experiment names every Shadow host so). Leading
 * zeros are read as the Go and Rust nodes read them (`node07` is node 7).
 *
 * @throws {InteropError} naming the hostname when it is not `node` followed by a decimal id
 */
export function parseNodeIdFromHostname(hostname: string): number {
  const match = /^node([0-9]+)$/.exec(hostname);
  const nodeId = match === null ? Number.NaN : Number(match[1]);
  if (!(nodeId <= MAX_NODE_ID)) {
    throw new InteropError(
      `hostname: must be "node<N>" with N an integer in [0, ${MAX_NODE_ID}] (the experiment ` +
        `names its hosts so), got ${JSON.stringify(hostname)}`,
    );
  }
  return nodeId;
}
