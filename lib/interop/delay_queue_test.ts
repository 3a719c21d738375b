// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createDelayQueue } from "./delay_queue.ts";

/** A fake clock with timers that `advance` fires in due order. */
function fakeTime() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { dueMs: number; fire: () => void }>();
  return {
    nowMs: () => now,
    setTimer: (fire: () => void, ms: number) => {
      timers.set(next, { dueMs: now + ms, fire });
      return next++;
    },
    clearTimer: (handle: unknown) => void timers.delete(handle as number),
    pending: () => timers.size,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.dueMs <= end)
          .sort((a, b) => a[1].dueMs - b[1].dueMs)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].dueMs;
        due[1].fire();
      }
      now = end;
    },
  };
}

Deno.test("createDelayQueue delivers each item when its delay has passed, not before", () => {
  const time = fakeTime();
  const out: Array<[string, number]> = [];
  const queue = createDelayQueue<string>({
    ...time,
    deliver: (item) => out.push([item, time.nowMs()]),
  });
  queue.push("a50", 50);
  time.advance(10);
  queue.push("b20", 20);
  queue.push("c0", 0);
  assertEquals(out, [["c0", 10]]);
  time.advance(19);
  assertEquals(out.length, 1);
  time.advance(1);
  assertEquals(out, [["c0", 10], ["b20", 30]]);
  time.advance(20);
  assertEquals(out, [["c0", 10], ["b20", 30], ["a50", 50]]);
  assertEquals([queue.size(), time.pending()], [0, 0]);
});

Deno.test("createDelayQueue keeps the order of items that share a delay", () => {
  const time = fakeTime();
  const out: number[] = [];
  const queue = createDelayQueue<number>({ ...time, deliver: (item) => out.push(item) });
  for (let i = 0; i < 5; i++) {
    queue.push(i, 30);
    time.advance(1);
  }
  time.advance(100);
  assertEquals(out, [0, 1, 2, 3, 4]);
});

Deno.test("createDelayQueue holds one timer however many items wait", () => {
  const time = fakeTime();
  const queue = createDelayQueue<number>({ ...time, deliver: () => {} });
  for (let i = 0; i < 100; i++) queue.push(i, 10 + (i % 7));
  assertEquals([queue.size(), time.pending()], [100, 1]);
  queue.close();
  assertEquals([queue.size(), time.pending()], [0, 0]);
});
