import assert from "node:assert/strict";
import { createSignalGate, REPEAT_WINDOW_MS } from "./stop_signals.ts";

function gateAt(): { gate: ReturnType<typeof createSignalGate>; at(ms: number): void } {
  let nowMs = 0;
  const gate = createSignalGate({ now: () => nowMs });
  return { gate, at: (ms) => void (nowMs = ms) };
}

Deno.test("createSignalGate() takes deno task's forwarded copy of a Ctrl-C as the same one", () => {
  const { gate, at } = gateAt();
  assert.equal(gate.accept("SIGINT"), "stop");
  at(3);
  assert.equal(gate.accept("SIGINT"), "repeat");
  at(REPEAT_WINDOW_MS);
  assert.equal(gate.accept("SIGINT"), "repeat");
});

Deno.test("createSignalGate() quits on a Ctrl-C after the window, measured from the first", () => {
  const { gate, at } = gateAt();
  gate.accept("SIGINT");
  at(600);
  assert.equal(gate.accept("SIGINT"), "repeat");
  at(REPEAT_WINDOW_MS + 1);
  assert.equal(gate.accept("SIGINT"), "quit");
});

Deno.test("createSignalGate() quits on another signal, however soon", () => {
  const { gate, at } = gateAt();
  assert.equal(gate.accept("SIGTERM"), "stop");
  at(1);
  assert.equal(gate.accept("SIGINT"), "quit");
});

Deno.test("createSignalGate() takes its window from the options", () => {
  let nowMs = 0;
  const gate = createSignalGate({ repeatWindowMs: 10, now: () => nowMs });
  gate.accept("SIGINT");
  nowMs = 11;
  assert.equal(gate.accept("SIGINT"), "quit");
});
