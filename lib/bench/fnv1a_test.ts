// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createFnv1a32, FNV1A_OFFSET_BASIS } from "./fnv1a.ts";

Deno.test("createFnv1a32 gives the published FNV-1a 32 test vectors", () => {
  // From the FNV reference (draft-eastlake-fnv): "" is the offset basis.
  assertEquals(
    ["", "a", "foobar"].map((text) => createFnv1a32().text(text).hex()),
    ["811c9dc5", "e40c292c", "bf9cf968"],
  );
  assertEquals(createFnv1a32().value(), FNV1A_OFFSET_BASIS);
});

Deno.test("createFnv1a32 feeds text as UTF-8, bytes as they are, and uint32 lowest byte first", () => {
  assertEquals(
    createFnv1a32().text("é").hex(),
    createFnv1a32().bytes(new Uint8Array([0xc3, 0xa9])).hex(),
  );
  assertEquals(
    createFnv1a32().uint32(0x04030201).hex(),
    createFnv1a32().bytes(new Uint8Array([1, 2, 3, 4])).hex(),
  );
  // Negative numbers hash as their 32-bit pattern.
  assertEquals(createFnv1a32().uint32(-1).hex(), createFnv1a32().uint32(2 ** 32 - 1).hex());
});

Deno.test("createFnv1a32 feeds a wide code unit whole, unlike its UTF-8 bytes", () => {
  const wide = createFnv1a32().codeUnits("日").hex();
  assertEquals(wide, createFnv1a32().codeUnits("\u65e5").hex());
  assertEquals(wide === createFnv1a32().text("日").hex(), false);
  // For ASCII both are the same bytes.
  assertEquals(createFnv1a32().codeUnits("foobar").hex(), "bf9cf968");
});

Deno.test("createFnv1a32 gives the run fingerprint saved with earlier results", () => {
  // discovery_scenario.ts feeds each message as text and bytes, then the peer ids; this value
  // was computed by the fingerprint code before it used this module.
  const hash = createFnv1a32()
    .text("0:host1:")
    .bytes(new Uint8Array([1, 2, 3, 250]))
    .text("12D3KooWabc")
    .text("é日本😀");
  assertEquals(hash.hex(), "53f1c1bf");
});
