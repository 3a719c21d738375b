// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  type ChildReport,
  encodeChildMessage,
  parseChildMessage,
  readLines,
} from "./child_protocol.ts";

Deno.test("encodeChildMessage writes one line that parseChildMessage reads back", () => {
  const report = { ok: true, measurements: { activeMs: 12 } } as unknown as ChildReport;
  for (
    const message of [{ type: "ready" }, { type: "measured" }, { type: "report", report }] as const
  ) {
    const line = encodeChildMessage(message);
    assertEquals(line.endsWith("\n") && !line.slice(0, -1).includes("\n"), true);
    assertEquals(parseChildMessage(line), message);
  }
});

Deno.test("parseChildMessage gives undefined for anything that is not a message", () => {
  for (
    const line of [
      "",
      "ready",
      "null",
      "[]",
      '{"type":"go"}',
      '{"type":"report"}',
      '{"type":"report","report":3}',
      '{"ok":true,"measurements":{}}',
    ]
  ) {
    assertEquals(parseChildMessage(line), undefined, line);
  }
});

Deno.test("parseChildMessage keeps only the type of a ready or measured line", () => {
  assertEquals(parseChildMessage('{"type":"ready","extra":1}'), { type: "ready" });
});

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return ReadableStream.from(chunks.map((chunk) => encoder.encode(chunk)));
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(stream)) lines.push(line);
  return lines;
}

Deno.test("readLines joins lines split across chunks and splits chunks of several lines", async () => {
  assertEquals(await collect(streamOf(["a", "b\nc\n", "d\ne", "\n"])), ["ab", "c", "d", "e"]);
});

Deno.test("readLines yields a last line without its newline", async () => {
  assertEquals(await collect(streamOf(["x\ny"])), ["x", "y"]);
});

Deno.test("readLines decodes a character split across two chunks", async () => {
  const bytes = new TextEncoder().encode("é\n");
  const stream = ReadableStream.from([bytes.slice(0, 1), bytes.slice(1)]);
  assertEquals(await collect(stream), ["é"]);
});

Deno.test("readLines of an empty stream yields nothing", async () => {
  assertEquals(await collect(streamOf([])), []);
});
