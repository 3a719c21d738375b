import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  estimateRunRssBytes,
  memoryShortfall,
  RSS_PER_HOST_BYTES,
  RSS_PROCESS_BASE_BYTES,
  RSS_SHARD_BASE_BYTES,
} from "./estimate_run_memory.ts";

const GIB = 2 ** 30;

Deno.test("estimateRunRssBytes adds the process, each shard beyond one, and every host", () => {
  assertEquals(estimateRunRssBytes(10, 1), RSS_PROCESS_BASE_BYTES + 10 * RSS_PER_HOST_BYTES);
  assertEquals(
    estimateRunRssBytes(1000, 2),
    RSS_PROCESS_BASE_BYTES + 2 * RSS_SHARD_BASE_BYTES + 1000 * RSS_PER_HOST_BYTES,
  );
});

Deno.test("memoryShortfall is undefined when the runs fit", () => {
  assertEquals(
    memoryShortfall({ hosts: 1000, shards: 2, jobs: 1, availableBytes: 20 * GIB }),
    undefined,
  );
  const exact = estimateRunRssBytes(500, 1) * 2;
  assertEquals(
    memoryShortfall({ hosts: 500, shards: 1, jobs: 2, availableBytes: exact }),
    undefined,
  );
});

Deno.test("memoryShortfall gives the estimate, the jobs and what is available", () => {
  const text = memoryShortfall({ hosts: 10000, shards: 2, jobs: 1, availableBytes: 8 * GIB });
  const perRun = (estimateRunRssBytes(10000, 2) / GIB).toFixed(1);
  assertEquals(
    text,
    `a run of 10000 hosts needs about ${perRun} GiB (${
      (RSS_PER_HOST_BYTES / 2 ** 20).toFixed(1)
    } MiB per host plus ${RSS_PROCESS_BASE_BYTES / 2 ** 20} MiB per process and ${
      RSS_SHARD_BASE_BYTES / 2 ** 20
    } MiB per shard, as measured here), and this machine has 8.0 GiB available`,
  );
  const jobs = memoryShortfall({ hosts: 4000, shards: 1, jobs: 3, availableBytes: 10 * GIB });
  assert(
    jobs?.includes(
      `3 at once (--jobs): ${(3 * estimateRunRssBytes(4000, 1) / GIB).toFixed(1)} GiB`,
    ),
    jobs,
  );
});
