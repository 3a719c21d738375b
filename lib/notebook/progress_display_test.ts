// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createProgressDisplay } from "./progress_display.ts";

function recorder() {
  const sent: [string, { displayId?: string; update?: boolean }][] = [];
  let flushes = 0;
  let clock = 0;
  return {
    sent,
    flushes: () => flushes,
    advance: (ms: number) => clock += ms,
    options: {
      publish: (output: { data: Record<string, string> }, options = {}) =>
        sent.push([output.data["text/plain"], options]),
      flush: () => Promise.resolve(flushes++),
      now: () => clock,
      displayId: "p1",
      minIntervalMs: 250,
    },
  };
}

Deno.test("createProgressDisplay shows the first text, then replaces it under the same id", async () => {
  const spy = recorder();
  const progress = createProgressDisplay(spy.options);
  progress.update("1/3 runs");
  spy.advance(300);
  progress.update("2/3 runs");
  await progress.close();
  assertEquals(spy.sent, [
    ["1/3 runs", { displayId: "p1", update: false }],
    ["2/3 runs", { displayId: "p1", update: true }],
  ]);
  assertEquals(spy.flushes(), 1);
});

Deno.test("createProgressDisplay merges quick updates and close shows the latest", async () => {
  const spy = recorder();
  const progress = createProgressDisplay(spy.options);
  progress.update("1/4");
  spy.advance(10);
  progress.update("2/4");
  progress.update("3/4");
  assertEquals(spy.sent.map(([text]) => text), ["1/4"]);
  await progress.close();
  assertEquals(spy.sent.map(([text]) => text), ["1/4", "3/4"]);
  // Nothing pending: closing again sends nothing new.
  await progress.close();
  assertEquals(spy.sent.length, 2);
});

Deno.test("createProgressDisplay sends a merged update once the interval has passed", async () => {
  const sent: string[] = [];
  let second: () => void = () => {};
  const arrived = new Promise<void>((resolve) => second = resolve);
  const progress = createProgressDisplay({
    publish: (output) => {
      sent.push(output.data["text/plain"]);
      if (sent.length === 2) second();
    },
    flush: () => Promise.resolve(),
    minIntervalMs: 20,
  });
  progress.update("a");
  progress.update("b");
  assertEquals(sent, ["a"]);
  await arrived; // sent by the timer, without close
  assertEquals(sent, ["a", "b"]);
  await progress.close();
  assertEquals(sent, ["a", "b"]);
});
