// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  flushKernelOutput,
  markerDisplayId,
  zmtpFrame,
  ZmtpReader,
} from "./flush_kernel_output.ts";

const encoder = new TextEncoder();

/** Reads from a fixed byte array in chunks of `chunk` bytes. */
function bytesSource(bytes: Uint8Array, chunk = 3) {
  let offset = 0;
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (offset >= bytes.length) return Promise.resolve(null);
      const size = Math.min(chunk, buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + size));
      offset += size;
      return Promise.resolve(size);
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** A Jupyter wire message as ZMTP frames (no identities, empty signature). */
function jupyterMessage(msgType: string, content: unknown): Uint8Array[] {
  return ["<IDS|MSG>", "", JSON.stringify({ msg_type: msgType }), "{}", "{}"]
    .map((text) => encoder.encode(text))
    .concat(encoder.encode(JSON.stringify(content)));
}

Deno.test("ZmtpReader reads short, long and multi-frame messages and skips commands", async () => {
  const long = new Uint8Array(300).fill(7);
  const stream = concat([
    zmtpFrame(encoder.encode("READY"), { command: true }),
    zmtpFrame(encoder.encode("a"), { more: true }),
    zmtpFrame(long),
    zmtpFrame(new Uint8Array(0)),
  ]);
  // A body over 255 bytes takes the long form: flags 0x02 and an 8-byte size.
  assertEquals([zmtpFrame(long)[0], zmtpFrame(long).length], [0x02, 1 + 8 + 300]);
  const reader = new ZmtpReader(bytesSource(stream));
  assertEquals(await reader.readMessage(), [encoder.encode("a"), long]);
  assertEquals(await reader.readMessage(), [new Uint8Array(0)]);
  let ended = false;
  await reader.readMessage().catch(() => ended = true);
  assert(ended, "reading past the end throws");
});

Deno.test("markerDisplayId reads the display id of update_display_data messages only", () => {
  const marker = jupyterMessage("update_display_data", { transient: { display_id: "nb-flush-1" } });
  assertEquals(markerDisplayId(marker), "nb-flush-1");
  assertEquals(markerDisplayId([encoder.encode("topic"), ...marker]), "nb-flush-1");
  const display = jupyterMessage("display_data", { transient: { display_id: "x" } });
  assertEquals(markerDisplayId(display), undefined);
  assertEquals(markerDisplayId([encoder.encode("no delimiter")]), undefined);
});

Deno.test("flushKernelOutput does nothing outside a Jupyter kernel", async () => {
  assertEquals(await flushKernelOutput(), "not-in-kernel");
});

/**
 * A stand-in for the Deno kernel's IOPub: a ZMTP PUB server that publishes queued messages one
 * at a time, `delayMs` apart, to every subscriber registered `registerAfterMs` after its
 * subscription, as the kernel's drain loop does.
 */
function fakeKernel(options: { delayMs: number; registerAfterMs?: number; echo?: boolean }) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const subscribers = new Set<Deno.Conn>();
  const queue: Uint8Array[][] = [];
  const sent: string[] = [];
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    while (queue.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const frames = queue.shift()!;
      const bytes = concat(
        frames.map((frame, index) => zmtpFrame(frame, { more: index < frames.length - 1 })),
      );
      for (const conn of subscribers) await conn.write(bytes).catch(() => subscribers.delete(conn));
      sent.push(new TextDecoder().decode(frames[2]));
    }
    draining = false;
  };
  const accepting = (async () => {
    for await (const conn of listener) {
      (async () => {
        const reader = new ZmtpReader(conn);
        const greeting = new Uint8Array(64);
        greeting.set([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0]);
        await conn.write(greeting);
        await reader.readExact(64);
        await conn.write(zmtpFrame(encoder.encode("\x05READY"), { command: true }));
        await reader.readFrame();
        await reader.readMessage(); // the subscription
        await new Promise((resolve) => setTimeout(resolve, options.registerAfterMs ?? 0));
        subscribers.add(conn);
        await reader.readMessage().catch(() => {});
        subscribers.delete(conn);
        conn.close();
      })().catch(() => {});
    }
  })().catch(() => {});
  return {
    iopub: { ip: "127.0.0.1", port: (listener.addr as Deno.NetAddr).port },
    /** Queues a message like `Deno.jupyter.broadcast`. */
    broadcast(msgType: string, content: Record<string, unknown>) {
      if (msgType === "update_display_data" && options.echo === false) return;
      queue.push(jupyterMessage(msgType, content));
      drain();
    },
    sent,
    async close() {
      listener.close();
      await accepting;
    },
  };
}

Deno.test("flushKernelOutput returns once the kernel published everything queued before", async () => {
  const kernel = fakeKernel({ delayMs: 20 });
  for (let index = 0; index < 10; index++) kernel.broadcast("display_data", { data: { index } });
  const outcome = await flushKernelOutput({ broadcast: kernel.broadcast, iopub: kernel.iopub });
  assertEquals(outcome, "flushed");
  // Ten outputs, 20 ms apart, were all on the wire before the marker came back.
  assertEquals(kernel.sent.slice(0, 10), Array(10).fill('{"msg_type":"display_data"}'));
  await kernel.close();
});

Deno.test("flushKernelOutput publishes another marker when the kernel registers it late", async () => {
  const kernel = fakeKernel({ delayMs: 1, registerAfterMs: 400 });
  const outcome = await flushKernelOutput({
    broadcast: kernel.broadcast,
    iopub: kernel.iopub,
    resendMs: 100,
  });
  assertEquals(outcome, "flushed");
  const markers = kernel.sent.filter((type) => type.includes("update_display_data")).length;
  assert(markers >= 2, `${markers} markers`);
  await kernel.close();
});

Deno.test("flushKernelOutput gives up after timeoutMs, and falls back to a wait without a socket", async () => {
  const kernel = fakeKernel({ delayMs: 1, echo: false });
  assertEquals(
    await flushKernelOutput({
      broadcast: kernel.broadcast,
      iopub: kernel.iopub,
      timeoutMs: 300,
      resendMs: 100,
    }),
    "timed-out",
  );
  await kernel.close();
  // Nothing listens on the closed port any more.
  assertEquals(
    await flushKernelOutput({ broadcast: () => {}, iopub: kernel.iopub, fallbackMs: 1 }),
    "fallback",
  );
});
