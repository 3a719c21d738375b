// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import {
  deepStrictEqual as assertEquals,
  notDeepStrictEqual as assertNotEquals,
  ok as assert,
  throws,
} from "node:assert/strict";
import { createSeededRandom, type SeededRandom } from "./seeded_random.ts";

function draw(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => random.int(0, 1_000_000));
}

Deno.test("createSeededRandom gives the same sequence for the same seed", () => {
  const a = createSeededRandom(7);
  const b = createSeededRandom(7);
  assertEquals(draw(a, 20), draw(b, 20));
  assertEquals(a.next(), b.next());
  assertEquals(a.bytes(9), b.bytes(9));
});

Deno.test("createSeededRandom gives different sequences for different seeds", () => {
  assertNotEquals(draw(createSeededRandom(1), 5), draw(createSeededRandom(2), 5));
  assertNotEquals(draw(createSeededRandom(0), 5), draw(createSeededRandom(2 ** 32), 5));
});

Deno.test("createSeededRandom keeps its sequence for seed 42 across versions", () => {
  // A pinned sequence, not a hand computation: if it changes, saved results' seeds no longer
  // reproduce their runs (a pure-rand upgrade or a change to the seed mixing would do it).
  const random = createSeededRandom(42);
  assertEquals(draw(random, 3), [183445, 216866, 472472]);
  assertEquals(Array.from(random.bytes(6)), [216, 212, 255, 138, 151, 249]);
});

Deno.test("createSeededRandom rejects a seed that is not a safe integer", () => {
  throws(() => createSeededRandom(1.5), {
    name: "RangeError",
    message: "createSeededRandom: seed must be a safe integer, got 1.5",
  });
  throws(() => createSeededRandom(Number.NaN), {
    name: "RangeError",
    message: "createSeededRandom: seed must be a safe integer, got NaN",
  });
});

Deno.test("SeededRandom.next stays in [0, 1)", () => {
  const random = createSeededRandom(3);
  for (let i = 0; i < 1000; i++) {
    const value = random.next();
    assert(value >= 0 && value < 1, `next() gave ${value}`);
  }
});

Deno.test("SeededRandom.int includes both bounds and nothing outside them", () => {
  const random = createSeededRandom(3);
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) seen.add(random.int(-1, 1));
  assertEquals([...seen].sort(), [-1, 0, 1]);
  assertEquals(random.int(5, 5), 5);
});

Deno.test("SeededRandom.int rejects min > max and non-integers", () => {
  const random = createSeededRandom(3);
  throws(() => random.int(3, 2), {
    name: "RangeError",
    message:
      "SeededRandom.int: min and max must be safe integers with min <= max, got min 3, max 2",
  });
  throws(() => random.int(0, 1.5), {
    name: "RangeError",
    message:
      "SeededRandom.int: min and max must be safe integers with min <= max, got min 0, max 1.5",
  });
});

Deno.test("SeededRandom.bytes returns the requested length, empty included", () => {
  const random = createSeededRandom(3);
  assertEquals(random.bytes(0), new Uint8Array(0));
  assertEquals(random.bytes(1).length, 1);
  assertEquals(random.bytes(7).length, 7);
  throws(() => random.bytes(-1), {
    name: "RangeError",
    message: "SeededRandom.bytes: length must be an integer >= 0, got -1",
  });
});

Deno.test("SeededRandom.fork does not depend on how much the parent was consumed", () => {
  const fresh = createSeededRandom(11);
  const used = createSeededRandom(11);
  draw(used, 50);
  used.bytes(13);
  assertEquals(draw(fresh.fork("host-1"), 10), draw(used.fork("host-1"), 10));
});

Deno.test("SeededRandom.fork does not advance the parent", () => {
  const forked = createSeededRandom(11);
  forked.fork("x");
  assertEquals(draw(forked, 5), draw(createSeededRandom(11), 5));
});

Deno.test("SeededRandom.fork gives streams that differ by label, by seed and from the parent", () => {
  const random = createSeededRandom(11);
  const a = draw(random.fork("a"), 5);
  assertNotEquals(a, draw(random.fork("b"), 5));
  assertNotEquals(a, draw(createSeededRandom(12).fork("a"), 5));
  assertNotEquals(a, draw(createSeededRandom(11), 5));
  assertNotEquals(draw(random.fork("a").fork("b"), 5), draw(random.fork("b"), 5));
});
