// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  createMessagePayload,
  formatMessageId,
  messageIdBytes,
  readMessageId,
} from "./message_payload.ts";

Deno.test("createMessagePayload puts the id big-endian in the first 8 bytes, zeros after", () => {
  assertEquals([...createMessagePayload(258, 10)], [0, 0, 0, 0, 0, 0, 1, 2, 0, 0]);
  assertEquals([...createMessagePayload(0, 8)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals(
    [...createMessagePayload(2n ** 64n - 1n, 9)],
    [255, 255, 255, 255, 255, 255, 255, 255, 0],
  );
  assertEquals(createMessagePayload(3, 98_304).length, 98_304);
});

Deno.test("createMessagePayload rejects a size below 8 and ids outside uint64", () => {
  throws(() => createMessagePayload(1, 7), {
    name: "RangeError",
    message:
      "createMessagePayload: sizeBytes must be an integer >= 8 (the id takes the first 8 bytes), got 7",
  });
  for (const bad of [-1, 1.5, 2n ** 64n]) {
    throws(() => createMessagePayload(bad, 8), {
      name: "RangeError",
      message: `createMessagePayload: messageId must be an integer in [0, 2^64 - 1], got ${bad}`,
    });
  }
});

Deno.test("messageIdBytes is a copy of exactly the first 8 bytes", () => {
  const payload = createMessagePayload(31, 64);
  const id = messageIdBytes(payload);
  assertEquals([...id], [0, 0, 0, 0, 0, 0, 0, 31]);
  payload[7] = 99;
  assertEquals(id[7], 31);
  assertEquals(id.buffer === payload.buffer, false);
});

Deno.test("formatMessageId gives the decimal id the experiment logs", () => {
  assertEquals(formatMessageId(createMessagePayload(31, 100)), "31");
  assertEquals(formatMessageId(createMessagePayload(2n ** 64n - 1n, 8)), "18446744073709551615");
  // A payload inside a larger buffer, at an offset.
  const framed = new Uint8Array(20);
  framed.set(createMessagePayload(7, 10), 5);
  assertEquals(formatMessageId(framed.subarray(5, 15)), "7");
  assertEquals(readMessageId(framed.subarray(5, 15)), 7n);
});

Deno.test("formatMessageId gives undefined for a payload shorter than 8 bytes", () => {
  assertEquals(formatMessageId(new Uint8Array(7)), undefined);
  assertEquals(formatMessageId(new Uint8Array(0)), undefined);
});
