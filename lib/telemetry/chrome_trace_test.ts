import assert from "node:assert/strict";
import { CHROME_RUN_PID, chromeHostPid, toChromeTrace } from "./chrome_trace.ts";
import type { ChromeTraceEvent } from "./chrome_trace.ts";
import { validateChromeTrace } from "./validate_trace_files.ts";
import { buildSampleTrace, sampleSpan } from "./testdata/sample_spans.ts";

/**
 * The slice Perfetto's JSON importer binds a v1 flow event to: the top of the slice stack of the
 * event's thread (pid, tid), in timestamp order; the stack only unwinds when a new slice begins.
 */
function perfettoBoundSlice(
  events: readonly ChromeTraceEvent[],
  flow: ChromeTraceEvent,
): ChromeTraceEvent | undefined {
  const ordered = events.map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.ts - b.event.ts || a.index - b.index);
  const stack: ChromeTraceEvent[] = [];
  for (const { event } of ordered) {
    if (event === flow) return stack.at(-1);
    // Complete slices and thread instants (zero-length slices) both go on the stack.
    const isSlice = event.ph === "X" || (event.ph as string) === "i";
    if (event.pid !== flow.pid || event.tid !== flow.tid || !isSlice) continue;
    while (stack.length > 0 && stack.at(-1)!.ts + (stack.at(-1)!.dur ?? 0) <= event.ts) {
      stack.pop();
    }
    stack.push(event);
  }
  return undefined;
}

Deno.test("toChromeTrace returns no events for no spans", () => {
  const file = toChromeTrace([]);
  assert.deepEqual(file.traceEvents, []);
  assert.equal(file.displayTimeUnit, "ms");
});

Deno.test("toChromeTrace makes one named process per host plus the run", async () => {
  const { spans } = await buildSampleTrace();
  const events = toChromeTrace(spans).traceEvents;
  const names = events.filter((e) => e.ph === "M" && e.name === "process_name")
    .map((e) => [e.pid, e.args?.name]);
  assert.deepEqual(names, [
    [CHROME_RUN_PID, "run"],
    [chromeHostPid(0), "host 0 12D3KooWpeer0"],
    [chromeHostPid(1), "host 1 12D3KooWpeer1"],
    [chromeHostPid(2), "host 2 12D3KooWpeer2"],
  ]);
  const pids = new Set(events.map((e) => e.pid));
  assert.deepEqual([...pids].sort(), [1, 2, 3, 4]);
  const pidOf = (name: string) =>
    events.filter((e) => e.name === name && (e.ph === "b" || e.ph === "X")).map((e) => e.pid);
  assert.deepEqual(pidOf("run"), [CHROME_RUN_PID]);
  assert.deepEqual(pidOf("verify"), [CHROME_RUN_PID]);
  assert.deepEqual(pidOf("dial"), [2, 3, 4]);
  assert.deepEqual(pidOf("deliver"), [3, 4, 4]);
  assert.deepEqual(validateChromeTrace(toChromeTrace(spans)), []);
});

Deno.test("toChromeTrace draws one flow per publish-deliver pair, bound to those slices", async () => {
  const { spans } = await buildSampleTrace();
  const events = toChromeTrace(spans).traceEvents;
  const enclosing = (flow: ChromeTraceEvent) => perfettoBoundSlice(events, flow);
  const starts = events.filter((e) => e.ph === "s");
  const ends = events.filter((e) => e.ph === "f");
  assert.equal(starts.length, 2);
  assert.equal(ends.length, 2);
  const pairs = starts.map((s) => {
    const f = ends.find((e) => e.id === s.id && e.cat === s.cat && e.name === s.name)!;
    assert.equal(f.bp, "e");
    const from = enclosing(s)!;
    const to = enclosing(f)!;
    return [from.name, from.pid, to.name, to.pid, to.args?.["pubsub.message.id"]];
  });
  assert.deepEqual(pairs, [
    ["publish", chromeHostPid(0), "deliver", chromeHostPid(1), "m1"],
    ["publish", chromeHostPid(0), "deliver", chromeHostPid(2), "m1"],
  ]);
  assert.notEqual(starts[0].id, starts[1].id);
});

Deno.test("toChromeTrace puts overlapping message slices of a host on separate threads", async () => {
  const { spans } = await buildSampleTrace();
  const events = toChromeTrace(spans).traceEvents;
  const delivers = events.filter((e) => e.ph === "X" && e.pid === chromeHostPid(2));
  assert.equal(delivers.length, 2);
  assert.notEqual(delivers[0].tid, delivers[1].tid);
  const threadNames = events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === 4)
    .map((e) => e.args?.name);
  assert.deepEqual(threadNames, ["spans", "messages 1", "messages 2"]);
  // Thread ids never repeat across processes and never equal a pid.
  const threads = events.filter((e) => e.ph === "M" && e.name === "thread_name");
  const lanes = threads.filter((e) => e.tid !== e.pid).map((e) => e.tid);
  assert.equal(new Set(lanes).size, lanes.length);
  assert.ok(lanes.every((tid) => tid > 4));
});

Deno.test("toChromeTrace gives times in microseconds after the first span start", async () => {
  const { spans } = await buildSampleTrace();
  const file = toChromeTrace(spans);
  assert.equal(file.otherData.traceOriginUnixNano, "1700000000000000000");
  const find = (ph: string, name: string) =>
    file.traceEvents.find((e) => e.ph === ph && e.name === name)!;
  assert.equal(find("b", "run").ts, 0);
  assert.equal(find("e", "run").ts, 100_000);
  assert.equal(find("X", "publish").ts, 43_000);
  assert.equal(find("X", "publish").dur, 2_000);
  assert.equal(find("X", "deliver").dur, 1_500);
  // Span events: async instants, nanoseconds kept as decimals.
  assert.equal(find("n", "connected").ts, 4_001.234);
  // A message slice keeps its events in args, so a flow binds to the slice itself.
  assert.deepEqual(find("X", "publish").args?.["otel.events"], [
    { name: "sent", ts: 44_000, "rpc.peers": 2 },
  ]);
});

Deno.test("toChromeTrace writes spans as async slices with the span id and attributes", async () => {
  const { spans } = await buildSampleTrace();
  const dial = sampleSpan(spans, "dial");
  const events = toChromeTrace(spans).traceEvents.filter((e) => e.id === dial.spanContext().spanId);
  assert.deepEqual(events.map((e) => e.ph), ["b", "n", "e"]);
  assert.ok(events.every((e) => e.cat === "bench.router" && e.pid === 2 && e.tid === 2));
  assert.equal(events[0].args?.["libp2p.remote_peer.id"], "12D3KooWpeer1");
  assert.equal(events[0].args?.["otel.parent_span_id"], dial.parentSpanContext?.spanId);
});

Deno.test("toChromeTrace adds the given otherData and the resource", async () => {
  const { spans } = await buildSampleTrace();
  const file = toChromeTrace(spans, { otherData: { droppedSpans: 0 } });
  assert.equal(file.otherData.droppedSpans, 0);
  assert.equal(file.otherData["service.name"], "bench-test");
  assert.equal(file.otherData["bench.variant"], "default");
  assert.equal(file.otherData.spanCount, spans.length);
});
