// Seeds and fingerprints are saved with results (`seed`, `seedFingerprint`) and decide which
// messages, peers and choices a run makes: a change of the hashing behind them would make old
// results incomparable and resumed benches inconsistent. These values were computed from the code
// as it was before FNV-1a was shared (lib/bench/fnv1a.ts), and must never change.
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { deriveRunSeed } from "./plan_matrix.ts";
import { createSeededRandom } from "./seeded_random.ts";

Deno.test("deriveRunSeed gives the seeds saved with earlier results", () => {
  const cases: Array<[number, number[], number]> = [
    [0, [], 1268118805],
    [1, [5, 20, 0, 0], 620021],
    [7, [10, 100, 3, 0], 1860619695],
    [-1, [2], 622335971],
    [2 ** 40 + 3, [4, 2 ** 31], 1078206434],
    [123456789, [1, 2, 3, 4, 5], 528743848],
  ];
  assertEquals(
    cases.map(([base, parts]) => deriveRunSeed(base, parts)),
    cases.map(([, , seed]) => seed),
  );
});

Deno.test("SeededRandom.fork gives the streams it gave before, for ASCII and wide labels", () => {
  const expected: Array<[string, [number, number]]> = [
    ["plan", [0.1511904153040723, 0.3414840840822362]],
    ["schedule", [0.9704522515678866, 0.7852856553145433]],
    ["discovery", [0.5593744889104251, 0.7961917455446501]],
    ["host-1", [0.4125760269585097, 0.4609012826294687]],
    ["", [0.1869930686364255, 0.42679169135390027]],
    ["é", [0.6741558293972226, 0.35494752687149045]],
    ["日本", [0.5387837722457475, 0.9187829062337265]],
    ["😀x", [0.4007232219487056, 0.8056477531136281]],
  ];
  const actual = expected.map(([label]) => {
    const random = createSeededRandom(42).fork(label);
    return [label, [random.next(), random.next()]];
  });
  assertEquals(actual, expected);
  const nested = createSeededRandom(-5).fork("a").fork("b");
  assertEquals([nested.next(), nested.int(0, 1000)], [0.8490005222460074, 342]);
});
