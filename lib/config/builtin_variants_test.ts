import assert from "node:assert/strict";
import { BUILTIN_VARIANTS } from "./builtin_variants.ts";

const DEFAULT = {
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
  ed25519: "node",
  memoryLatencyMs: 0,
  gossipsub: {},
};

Deno.test("BUILTIN_VARIANTS holds default, floodsub, chainsafe, states, memory, deno-tcp, deno-native and twin, in that order", () => {
  assert.deepEqual(Object.keys(BUILTIN_VARIANTS), [
    "default",
    "floodsub",
    "chainsafe",
    "states",
    "memory",
    "deno-tcp",
    "deno-native",
    "twin",
  ]);
});

Deno.test("BUILTIN_VARIANTS.twin is identical to default", () => {
  assert.deepEqual(BUILTIN_VARIANTS.twin, BUILTIN_VARIANTS.default);
});

Deno.test("BUILTIN_VARIANTS.default is libp2p3 gossipsub, plain, tcp, noise, no latency", () => {
  assert.deepEqual(BUILTIN_VARIANTS.default, DEFAULT);
});

Deno.test("BUILTIN_VARIANTS differ from default in exactly one field each", () => {
  assert.deepEqual(BUILTIN_VARIANTS.floodsub, { ...DEFAULT, router: "floodsub" });
  assert.deepEqual(BUILTIN_VARIANTS.chainsafe, { ...DEFAULT, stack: "libp2p2" });
  assert.deepEqual(BUILTIN_VARIANTS.memory, { ...DEFAULT, transport: "memory" });
  assert.deepEqual(BUILTIN_VARIANTS["deno-tcp"], { ...DEFAULT, transport: "deno-tcp" });
});

Deno.test("BUILTIN_VARIANTS deno-native is deno-tcp with kept Ed25519 key objects", () => {
  assert.deepEqual(BUILTIN_VARIANTS["deno-native"], {
    ...BUILTIN_VARIANTS["deno-tcp"],
    ed25519: "keyobject",
  });
});

Deno.test("BUILTIN_VARIANTS are frozen, down to their gossipsub options", () => {
  assert.ok(Object.isFrozen(BUILTIN_VARIANTS));
  for (const spec of Object.values(BUILTIN_VARIANTS)) {
    assert.ok(Object.isFrozen(spec));
    assert.ok(Object.isFrozen(spec.gossipsub));
  }
  assert.throws(() => {
    (BUILTIN_VARIANTS.default as { router: string }).router = "floodsub";
  }, TypeError);
});

Deno.test("BUILTIN_VARIANTS do not share their gossipsub objects", () => {
  const options = Object.values(BUILTIN_VARIANTS).map((spec) => spec.gossipsub);
  assert.equal(new Set(options).size, options.length);
});
