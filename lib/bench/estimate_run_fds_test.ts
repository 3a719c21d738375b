import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { estimateRunFds, FDS_PROCESS_BASE, openFilesLimit } from "./estimate_run_fds.ts";

Deno.test("estimateRunFds counts listeners, both ends of every connection and the base", () => {
  // 5 hosts, 2 dials each: hosts 1..4 dial 0, 1, 2, 2 peers; host 0 reaches 4: 9 connections.
  assertEquals(
    estimateRunFds({ hosts: 5, dialsPerHost: 2, readyTopicPeers: 4 }),
    FDS_PROCESS_BASE + 5 + 2 * 9,
  );
  // 2000 hosts, 4 dials: 0 + 1 + 2 + 3 + 4 x 1995 = 7986 connections, plus 100 of host 0's.
  assertEquals(
    estimateRunFds({ hosts: 2000, dialsPerHost: 4, readyTopicPeers: 100 }),
    FDS_PROCESS_BASE + 2000 + 2 * 8086,
  );
});

Deno.test("openFilesLimit reads the soft limit, and nothing when unlimited or absent", () => {
  const text = "Limit                     Soft Limit           Hard Limit           Units     \n" +
    "Max open files            20000                40000                files     \n";
  assertEquals(openFilesLimit(text), 20000);
  assertEquals(openFilesLimit(text.replace("20000 ", "unlimited ")), undefined);
  assertEquals(openFilesLimit("Max processes 10 10 processes\n"), undefined);
});
