import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { writeMessageIndex } from "./delivery_tracker.ts";
import { createDeliveryVerifier } from "./delivery_verifier.ts";

function message(index: number, fill = 0xaa): Uint8Array {
  return writeMessageIndex(new Uint8Array(8).fill(fill), index);
}

function recording() {
  const events: string[] = [];
  const verifier = createDeliveryVerifier({
    delivered: (host, index, time) => events.push(`delivered ${host}/${index}@${time}`),
    corrupted: (host, index) => events.push(`corrupted ${host}/${index}`),
  });
  return { events, verifier };
}

Deno.test("DeliveryVerifier passes identical bytes once per host, at their reception time", () => {
  const { events, verifier } = recording();
  verifier.expect(3, message(3));
  verifier.receive(5, message(3), 10);
  verifier.receive(5, message(3), 12);
  verifier.receive(6, message(3), 14);
  assertEquals(events, ["delivered 5/3@10", "delivered 6/3@14"]);
  assertEquals(verifier.unknownReceptions(), []);
});

Deno.test("DeliveryVerifier reports bytes that differ from the published ones as corrupted", () => {
  const { events, verifier } = recording();
  verifier.expect(1, message(1, 0xaa));
  verifier.receive(2, message(1, 0xab), 5);
  verifier.receive(2, message(1).subarray(0, 6), 6);
  assertEquals(events, ["corrupted 2/1", "corrupted 2/1"]);
});

Deno.test("DeliveryVerifier holds a message that arrived before its expectation", () => {
  const { events, verifier } = recording();
  verifier.receive(4, message(9), 20);
  verifier.receive(5, message(9, 0x00), 21);
  assertEquals(events, []);
  verifier.expect(9, message(9));
  // Checked against the bytes once known, with the time it really arrived.
  assertEquals(events, ["delivered 4/9@20", "corrupted 5/9"]);
  assertEquals(verifier.unknownReceptions(), []);
});

Deno.test("DeliveryVerifier lists receptions never expected, and ones too short for an index", () => {
  const { events, verifier } = recording();
  verifier.receive(1, message(4), 1);
  verifier.receive(2, new Uint8Array(3), 2);
  assertEquals(events, []);
  assertEquals(verifier.unknownReceptions(), [
    "host 2 received an unknown message (3 bytes)",
    "host 1 received an unknown message (8 bytes)",
  ]);
});
