import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type ByteWriter, SocketWriteQueue } from "./socket_write_queue.ts";

/** A writer that records each write, takes at most `maxPerWrite` bytes, and can be held. */
class RecordingWriter implements ByteWriter {
  writes: number[][] = [];
  maxPerWrite: number;
  failWith: Error | undefined;
  #held: Array<() => void> = [];
  holding = false;

  constructor(maxPerWrite = Infinity) {
    this.maxPerWrite = maxPerWrite;
  }

  async write(bytes: Uint8Array): Promise<number> {
    if (this.holding) await new Promise<void>((resolve) => this.#held.push(resolve));
    if (this.failWith) throw this.failWith;
    const count = Math.min(bytes.byteLength, this.maxPerWrite);
    this.writes.push([...bytes.subarray(0, count)]);
    return count;
  }

  release(): void {
    this.holding = false;
    for (const resolve of this.#held.splice(0)) resolve();
  }

  get bytes(): number[] {
    return this.writes.flat();
  }
}

function noHandlers(): {
  onDrain(): void;
  onError(err: unknown): void;
  drains: number;
  errors: unknown[];
} {
  const handlers = {
    drains: 0,
    errors: [] as unknown[],
    onDrain: () => handlers.drains++,
    onError: (err: unknown) => handlers.errors.push(err),
  };
  return handlers;
}

Deno.test("SocketWriteQueue joins chunks queued in one turn into one write", async () => {
  const writer = new RecordingWriter();
  const queue = new SocketWriteQueue(writer, noHandlers());
  queue.push([Uint8Array.of(1, 2), Uint8Array.of(3)]);
  queue.push([Uint8Array.of(4)]);
  await queue.whenIdle();
  assertEquals(writer.writes, [[1, 2, 3, 4]]);
  assertEquals(queue.bufferedBytes, 0);
});

Deno.test("SocketWriteQueue keeps the order across partial writes", async () => {
  const writer = new RecordingWriter(3);
  const queue = new SocketWriteQueue(writer, noHandlers());
  queue.push([Uint8Array.of(1, 2, 3, 4, 5), Uint8Array.of(6, 7)]);
  await Promise.resolve();
  queue.push([Uint8Array.of(8, 9)]);
  await queue.whenIdle();
  assertEquals(writer.bytes, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert(writer.writes.every((write) => write.length <= 3));
});

Deno.test("SocketWriteQueue batches stay within maxBatchBytes and a large chunk goes alone", async () => {
  const writer = new RecordingWriter();
  const queue = new SocketWriteQueue(writer, noHandlers(), { maxBatchBytes: 4 });
  queue.push([
    Uint8Array.of(1, 2),
    Uint8Array.of(3, 4),
    Uint8Array.of(5),
    Uint8Array.of(6, 7, 8, 9, 10),
    Uint8Array.of(11),
  ]);
  await queue.whenIdle();
  assertEquals(writer.writes, [[1, 2, 3, 4], [5], [6, 7, 8, 9, 10], [11]]);
});

Deno.test("SocketWriteQueue.push reports full at the high-water mark and drains once", async () => {
  const writer = new RecordingWriter();
  writer.holding = true;
  const handlers = noHandlers();
  const queue = new SocketWriteQueue(writer, handlers, { highWaterMarkBytes: 4 });
  assertEquals(queue.push([Uint8Array.of(1, 2, 3)]), true);
  assertEquals(queue.push([Uint8Array.of(4)]), false);
  assertEquals(queue.push([Uint8Array.of(5)]), false);
  assertEquals(queue.bufferedBytes, 5);
  await Promise.resolve();
  assertEquals(handlers.drains, 0);
  writer.release();
  await queue.whenIdle();
  assertEquals(handlers.drains, 1);
  assertEquals(writer.bytes, [1, 2, 3, 4, 5]);
});

Deno.test("SocketWriteQueue does not drain when it was never full", async () => {
  const writer = new RecordingWriter();
  const handlers = noHandlers();
  const queue = new SocketWriteQueue(writer, handlers, { highWaterMarkBytes: 100 });
  queue.push([Uint8Array.of(1)]);
  await queue.whenIdle();
  assertEquals(handlers.drains, 0);
});

Deno.test("SocketWriteQueue stops on a write error, reports it once and drops later chunks", async () => {
  const writer = new RecordingWriter();
  writer.failWith = new Error("broken pipe");
  const handlers = noHandlers();
  const queue = new SocketWriteQueue(writer, handlers);
  queue.push([Uint8Array.of(1)]);
  await queue.whenIdle();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(handlers.errors.map((err) => (err as Error).message), ["broken pipe"]);
  assertEquals(queue.push([Uint8Array.of(2)]), false);
  assertEquals(queue.bufferedBytes, 0);
  assertEquals(writer.writes, []);
});

Deno.test("SocketWriteQueue.stop drops queued bytes and wakes idle waiters", async () => {
  const writer = new RecordingWriter();
  writer.holding = true;
  const handlers = noHandlers();
  const queue = new SocketWriteQueue(writer, handlers);
  queue.push([Uint8Array.of(1, 2)]);
  await Promise.resolve();
  const idle = queue.whenIdle();
  queue.stop();
  await idle;
  writer.release();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(queue.bufferedBytes, 0);
  assertEquals(handlers.errors, []);
  assertEquals(handlers.drains, 0);
});

Deno.test("SocketWriteQueue skips empty chunks", async () => {
  const writer = new RecordingWriter();
  const queue = new SocketWriteQueue(writer, noHandlers());
  assertEquals(queue.push([new Uint8Array(0)]), true);
  await queue.whenIdle();
  assertEquals(writer.writes, []);
});
