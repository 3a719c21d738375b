// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { markdownOutput, type NotebookOutput, publishOutput, show } from "./show.ts";

Deno.test("show publishes every item in order, strings as Markdown, then flushes once", async () => {
  const events: string[] = [];
  const chart: NotebookOutput = {
    data: { "image/png": "iVBOR", "text/plain": "Peak RSS" },
    metadata: { "image/png": { width: 640, height: 300 } },
  };
  await show(["## Result", chart], {
    publish: (output, options) => events.push(JSON.stringify([output, options ?? {}])),
    flush: () => Promise.resolve(events.push("flush")),
  });
  assertEquals(events, [
    JSON.stringify([markdownOutput("## Result"), {}]),
    JSON.stringify([chart, {}]),
    "flush",
  ]);
  await show("one", {
    publish: (output) => events.push(output.data["text/markdown"]),
    flush: () => Promise.resolve(events.push("flush")),
  });
  assertEquals(events.slice(3), ["one", "flush"]);
});

Deno.test("markdownOutput carries the text as Markdown and as its plain fallback", () => {
  assertEquals(markdownOutput("**x**"), {
    data: { "text/markdown": "**x**", "text/plain": "**x**" },
  });
});

Deno.test("publishOutput outside a kernel prints the plain text", () => {
  const printed: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => printed.push(...args);
  try {
    publishOutput({ data: { "text/plain": "3 runs done", "text/markdown": "**3**" } });
    publishOutput({ data: { "image/png": "iVBOR" } });
  } finally {
    console.log = log;
  }
  assertEquals(printed, ["3 runs done", "image/png"]);
});
