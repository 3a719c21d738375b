// Helpers for the deno-tcp tests: silent loggers, socket pairs, byte patterns.
import type { ComponentLogger, Logger, StreamCloseEvent } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import { DenoTcpConnection, type DenoTcpConnectionInit } from "./deno_tcp_connection.ts";

/** A logger that drops everything. */
export function silentLogger(): Logger {
  const log = Object.assign((_formatter: unknown, ..._args: unknown[]): void => {}, {
    error: (_formatter: unknown, ..._args: unknown[]): void => {},
    trace: (_formatter: unknown, ..._args: unknown[]): void => {},
    enabled: false,
    newScope: (_name: string): Logger => log,
  });
  return log;
}

/** A component logger handing out {@linkcode silentLogger}s. */
export const SILENT_COMPONENT_LOGGER: ComponentLogger = { forComponent: () => silentLogger() };

/** A connected pair: `local` wraps the dialing socket, `remote` is the accepted raw socket. */
export interface ConnectionPair {
  local: DenoTcpConnection;
  remote: Deno.TcpConn;
}

/** Opens a loopback TCP connection and wraps its dialing end. */
export async function connectedPair(
  options: Partial<DenoTcpConnectionInit> = {},
): Promise<ConnectionPair> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
  const remote = await accepted;
  listener.close();
  const local = new DenoTcpConnection({
    conn,
    direction: "outbound",
    remoteAddr: multiaddr(`/ip4/127.0.0.1/tcp/${listener.addr.port}`),
    log: silentLogger(),
    ...options,
  });
  return { local, remote };
}

/** Wraps an accepted or dialed socket. */
export function wrapConn(
  conn: Deno.TcpConn,
  options: Partial<DenoTcpConnectionInit> = {},
): DenoTcpConnection {
  return new DenoTcpConnection({
    conn,
    direction: "inbound",
    remoteAddr: multiaddr(`/ip4/127.0.0.1/tcp/${conn.remoteAddr.port}`),
    log: silentLogger(),
    ...options,
  });
}

/** Reads `conn` until the peer ends it (or it fails) and returns every byte. */
export async function readToEnd(conn: Deno.Conn): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(64 * 1024);
  try {
    while (true) {
      const count = await conn.read(buffer);
      if (count === null) break;
      chunks.push(buffer.slice(0, count));
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.ConnectionReset)) throw err;
  }
  return concat(chunks);
}

/** Everything a connection emits as messages, and a promise of its close event. */
export function collect(
  connection: DenoTcpConnection,
): { bytes(): Uint8Array; closed: Promise<StreamCloseEvent>; received(): number } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  connection.addEventListener("message", (event) => {
    const data = event.data;
    const bytes = data instanceof Uint8Array ? data : data.subarray();
    chunks.push(bytes);
    total += bytes.byteLength;
  });
  const closed = new Promise<StreamCloseEvent>((resolve) =>
    connection.addEventListener("close", (event) => resolve(event), { once: true })
  );
  return { bytes: () => concat(chunks), closed, received: () => total };
}

/** `size` bytes of a pattern that differs per `seed` and per position. */
export function patternBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7 + (i >>> 11)) & 0xff;
  return bytes;
}

/** The chunks joined. */
export function concat(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/** Whether two byte arrays are equal (without building huge assertion messages). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The connection's next `drain` event. (`onDrain()` of @libp2p/utils 7.4.1 keeps its first
 * promise once resolved, so after the first drain it no longer waits: the event is reliable.)
 */
export function nextDrain(connection: DenoTcpConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => reject(new Error("closed while waiting for drain"));
    connection.addEventListener("drain", () => {
      connection.removeEventListener("close", onClose);
      resolve();
    }, { once: true });
    connection.addEventListener("close", onClose, { once: true });
  });
}

/** Sends `bytes` in `chunkBytes` pieces, waiting for drain whenever the connection is full. */
export async function sendAll(
  connection: DenoTcpConnection,
  bytes: Uint8Array,
  chunkBytes = 64 * 1024,
): Promise<void> {
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    if (!connection.send(bytes.subarray(offset, offset + chunkBytes))) await nextDrain(connection);
  }
}

export { waitUntil } from "../testdata/wait_until.ts";
