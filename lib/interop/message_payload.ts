/**
 * The experiment's message format: `messageSizeBytes` bytes whose first eight are the message id
 * as a big-endian uint64, the rest zeros. Every implementation uses exactly those eight bytes as
 * the gossipsub message id and logs them as a decimal string.
 *
 * @module
 */

/** Bytes at the start of a payload that hold its message id. */
export const MESSAGE_ID_BYTES = 8;

const MAX_U64 = (1n << 64n) - 1n;

/**
 * The payload of message `messageId`: `sizeBytes` bytes, the id big-endian in the first eight.
 *
 * @example
 * ```ts
 * import { createMessagePayload } from "./message_payload.ts";
 *
 * const payload = createMessagePayload(258, 16);
 * console.assert(payload.length === 16 && payload[6] === 1 && payload[7] === 2);
 * ```
 *
 * @throws {RangeError} if the id is not in [0, 2^64 - 1] or `sizeBytes` is below 8
 */
export function createMessagePayload(messageId: bigint | number, sizeBytes: number): Uint8Array {
  const id = typeof messageId === "bigint"
    ? messageId
    : Number.isSafeInteger(messageId)
    ? BigInt(messageId)
    : -1n;
  if (id < 0n || id > MAX_U64) {
    throw new RangeError(
      `createMessagePayload: messageId must be an integer in [0, 2^64 - 1], got ${
        String(messageId)
      }`,
    );
  }
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < MESSAGE_ID_BYTES) {
    throw new RangeError(
      `createMessagePayload: sizeBytes must be an integer >= ${MESSAGE_ID_BYTES} (the id takes ` +
        `the first ${MESSAGE_ID_BYTES} bytes), got ${String(sizeBytes)}`,
    );
  }
  const payload = new Uint8Array(sizeBytes);
  new DataView(payload.buffer).setBigUint64(0, id, false);
  return payload;
}

/**
 * The gossipsub message id of a payload: a copy of its first eight bytes (a copy, so the id does
 * not keep a large payload alive in the router's caches). A shorter payload is its own id.
 */
export function messageIdBytes(data: Uint8Array): Uint8Array {
  return data.slice(0, MESSAGE_ID_BYTES);
}

/** The message id of a payload as a bigint, or `undefined` when it has fewer than eight bytes. */
export function readMessageId(data: Uint8Array): bigint | undefined {
  if (data.length < MESSAGE_ID_BYTES) return undefined;
  return new DataView(data.buffer, data.byteOffset, MESSAGE_ID_BYTES).getBigUint64(0, false);
}

/**
 * The message id of a payload as the experiment logs it (decimal, e.g. `"31"`), or `undefined`
 * when the payload has fewer than eight bytes.
 */
export function formatMessageId(data: Uint8Array): string | undefined {
  return readMessageId(data)?.toString();
}
