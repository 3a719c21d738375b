// DenoTcpConnection over real loopback sockets: ordering, large writes, backpressure, half-close,
// close, abort, a peer killed mid-connection, and the inactivity timeout.
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  throws as assertThrows,
} from "node:assert/strict";
import { StreamResetError, TimeoutError } from "@libp2p/interface";
import {
  collect,
  connectedPair,
  nextDrain,
  patternBytes,
  readToEnd,
  sameBytes,
  sendAll,
  waitUntil,
  wrapConn,
} from "./_test_support.ts";

const FIXTURE = new URL("./testdata/abrupt_peer.ts", import.meta.url).pathname;
const MiB = 1024 * 1024;

Deno.test("DenoTcpConnection carries 8 MiB each way at once, in order", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const a = wrapConn(await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }));
  const b = wrapConn(await accepted);
  listener.close();
  const fromA = patternBytes(8 * MiB, 1);
  const fromB = patternBytes(8 * MiB, 2);
  const atA = collect(a);
  const atB = collect(b);
  await Promise.all([sendAll(a, fromA, 100_000), sendAll(b, fromB, 3_000)]);
  // Close only once both directions have arrived: like @libp2p/tcp (destroySoon), close() shuts
  // the socket as soon as its own bytes are out, and bytes the peer still sends then meet a closed
  // socket whose reset makes the peer's kernel drop what it had not yet read.
  await waitUntil(() => atB.received() >= fromA.byteLength && atA.received() >= fromB.byteLength);
  await a.close();
  await Promise.all([atA.closed, atB.closed]);
  assert(sameBytes(atB.bytes(), fromA), `b received ${atB.received()} bytes, not a's 8 MiB`);
  assert(sameBytes(atA.bytes(), fromB), `a received ${atA.received()} bytes, not b's 8 MiB`);
});

Deno.test("DenoTcpConnection stops accepting writes while the peer does not read, then drains", async () => {
  const { local, remote } = await connectedPair();
  const peer = wrapConn(remote);
  peer.pause();
  const received = collect(peer);
  const total = 48 * MiB;
  const payload = patternBytes(total, 3);
  // Loopback socket buffers hold a few MiB: with the peer not reading, the sender must block
  // long before 48 MiB. The 2 s bound only ends the wait for a drain that must not come.
  let offset = 0;
  let blockedAt: number | undefined;
  while (offset < total) {
    const accepted = local.send(payload.subarray(offset, offset + 64 * 1024));
    offset += 64 * 1024;
    if (accepted) continue;
    const drained = await Promise.race([
      nextDrain(local).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000)),
    ]);
    if (!drained) {
      blockedAt = offset;
      break;
    }
  }
  assert(blockedAt !== undefined, "the sender never blocked although the peer read nothing");
  assert(blockedAt < 32 * MiB, `the sender buffered ${blockedAt} bytes before blocking`);
  const drained = nextDrain(local);
  peer.resume();
  await drained;
  await sendAll(local, payload.subarray(offset));
  await local.close();
  await received.closed;
  assert(sameBytes(received.bytes(), payload), `peer received ${received.received()} bytes`);
});

Deno.test("DenoTcpConnection: when the peer ends its side, earlier bytes arrive both ways and it closes", async () => {
  const { local, remote } = await connectedPair();
  const events = collect(local);
  local.send(new TextEncoder().encode("queued before the peer's FIN"));
  await remote.write(new TextEncoder().encode("last words"));
  await remote.closeWrite();
  const closeEvent = await events.closed;
  assertEquals(closeEvent.error, undefined);
  assertEquals(new TextDecoder().decode(events.bytes()), "last words");
  assertEquals(local.status, "closed");
  // the peer can still read: what this side queued, then this side's end of stream
  assertEquals(new TextDecoder().decode(await readToEnd(remote)), "queued before the peer's FIN");
  remote.close();
});

Deno.test("DenoTcpConnection.close flushes what was queued, then ends the stream", async () => {
  const { local, remote } = await connectedPair();
  const payload = patternBytes(3 * MiB, 4);
  local.send(payload);
  const reading = readToEnd(remote);
  await local.close();
  assertEquals(local.status, "closed");
  assert(sameBytes(await reading, payload), "the peer did not get the 3 MiB before the end");
  assertThrows(() => local.send(Uint8Array.of(1)), /closed/);
  remote.close();
});

Deno.test("DenoTcpConnection.abort closes the socket at once and reports the error locally", async () => {
  const { local, remote } = await connectedPair();
  const events = collect(local);
  local.abort(new Error("test abort"));
  const closeEvent = await events.closed;
  assertEquals(closeEvent.error?.message, "test abort");
  assertEquals(closeEvent.local, true);
  assertEquals(local.status, "aborted");
  assertEquals((await readToEnd(remote)).byteLength, 0);
  remote.close();
});

/** Starts the abrupt-peer fixture against a fresh listener and wraps its connection. */
async function connectToDoomedPeer(): Promise<{
  connection: ReturnType<typeof wrapConn>;
  child: Deno.ChildProcess;
}> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net=127.0.0.1", FIXTURE, String(listener.addr.port)],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  // a small mark, so that awaiting drain means the bytes reached the kernel
  const connection = wrapConn(await listener.accept(), { writeHighWaterMarkBytes: 64 * 1024 });
  listener.close();
  const reader = child.stdout.getReader();
  await reader.read(); // "connected"
  reader.releaseLock();
  await child.stdout.cancel();
  return { connection, child };
}

Deno.test("DenoTcpConnection: a peer killed with unread data resets the connection", async () => {
  const { connection, child } = await connectToDoomedPeer();
  const events = collect(connection);
  // 256 KiB the peer never reads: its kernel answers the kill with a TCP reset
  if (!connection.send(patternBytes(256 * 1024, 5))) await nextDrain(connection);
  child.kill("SIGKILL");
  await child.status;
  const closeEvent = await events.closed;
  assert(
    closeEvent.error instanceof StreamResetError,
    `expected a StreamResetError, got ${closeEvent.error}`,
  );
  assertEquals(connection.status, "reset");
});

Deno.test("DenoTcpConnection: a peer killed with nothing unread ends the connection cleanly", async () => {
  const { connection, child } = await connectToDoomedPeer();
  const events = collect(connection);
  child.kill("SIGKILL");
  await child.status;
  const closeEvent = await events.closed;
  assertEquals(closeEvent.error, undefined);
  assertEquals(connection.status, "closed");
});

Deno.test("DenoTcpConnection aborts an idle connection with TimeoutError", async () => {
  const { local, remote } = await connectedPair({ inactivityTimeoutMs: 50 });
  const events = collect(local);
  const closeEvent = await events.closed;
  assert(
    closeEvent.error instanceof TimeoutError,
    `expected a TimeoutError, got ${closeEvent.error}`,
  );
  assertEquals((await readToEnd(remote)).byteLength, 0);
  remote.close();
});

Deno.test("DenoTcpConnection keeps bytes that arrive before anyone listens", async () => {
  const { local, remote } = await connectedPair();
  await remote.write(Uint8Array.of(9, 8, 7));
  // the upgrader attaches its listener later than the socket starts reading
  await waitUntil(() => local.readBufferLength === 3);
  const events = collect(local);
  await remote.closeWrite();
  await events.closed;
  assertEquals([...events.bytes()], [9, 8, 7]);
  remote.close();
});
