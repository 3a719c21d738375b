import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { AUTO_HOSTS_PER_SHARD, resolveShards } from "./resolve_shards.ts";

Deno.test("resolveShards keeps a number as it is, even above the cores", () => {
  assertEquals(resolveShards(3, { hosts: 10, cores: 2 }), 3);
  assertEquals(resolveShards(1, { hosts: 5000, cores: 8 }), 1);
});

Deno.test("resolveShards auto keeps small runs in one shard", () => {
  assertEquals(resolveShards("auto", { hosts: 2, cores: 8 }), 1);
  assertEquals(resolveShards("auto", { hosts: 2 * AUTO_HOSTS_PER_SHARD - 1, cores: 8 }), 1);
});

Deno.test("resolveShards auto adds a shard per AUTO_HOSTS_PER_SHARD hosts up to the cores", () => {
  assertEquals(resolveShards("auto", { hosts: 2 * AUTO_HOSTS_PER_SHARD, cores: 8 }), 2);
  assertEquals(resolveShards("auto", { hosts: 5 * AUTO_HOSTS_PER_SHARD + 1, cores: 8 }), 5);
  assertEquals(resolveShards("auto", { hosts: 1000, cores: 2 }), 2);
  assertEquals(resolveShards("auto", { hosts: 1000, cores: 1 }), 1);
});

Deno.test("resolveShards auto is 1 for a bench with an unshardable variant", () => {
  assertEquals(resolveShards("auto", { hosts: 1000, cores: 2, unshardable: true }), 1);
});
