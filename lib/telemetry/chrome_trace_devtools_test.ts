// The Chrome trace file as Chrome DevTools' own trace engine reads it, for the sample trace whose
// every time is known (testdata/sample_spans.ts): the checks of validate_trace_files.ts are ours,
// this one is the consumer's.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { buildSampleTrace } from "./testdata/sample_spans.ts";
import { loadInDevtools } from "./testdata/devtools_trace.ts";

Deno.test("DevTools' trace engine reads the Chrome file: host processes, message threads, slices", async () => {
  const { tracing } = await buildSampleTrace();
  const dir = await Deno.makeTempDir({ prefix: "chrome_trace_devtools_test_" });
  try {
    const files = await tracing.writeFiles(dir, "run");
    const chrome = JSON.parse(await Deno.readTextFile(files.chromePath));
    const view = await loadInDevtools(chrome.traceEvents);
    // Times are microseconds from the earliest span (the run, at 0 ms): publish [43, 45] ms on
    // host 0; deliver m1 [50, 51.5] on host 1, [52, 53] on host 2, and m2 [52.5, 54] on host 2,
    // which overlaps the first and so gets a second messages thread.
    assertEquals(
      view.threads.map(({ pid, name, slices }) => [
        pid,
        name,
        slices.map(({ name, ts, dur }) => [name, ts, dur]),
      ]),
      [
        [2, "messages 1", [["publish", 43_000, 2_000]]],
        [3, "messages 1", [["deliver", 50_000, 1_500]]],
        [4, "messages 1", [["deliver", 52_000, 1_000]]],
        [4, "messages 2", [["deliver", 52_500, 1_500]]],
      ],
    );
    assertEquals([...view.processNames].sort(([a], [b]) => a - b), [
      [1, "run"],
      [2, "host 0 12D3KooWpeer0"],
      [3, "host 1 12D3KooWpeer1"],
      [4, "host 2 12D3KooWpeer2"],
    ]);
    assertEquals(view.bounds, { min: 43_000, max: 54_000 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
