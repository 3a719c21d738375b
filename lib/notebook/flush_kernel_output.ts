/**
 * Waits until the Deno Jupyter kernel has published every output the running cell produced.
 *
 * Why: the Deno 2.9.6 kernel queues a cell's outputs (`console.log`, `Deno.jupyter.display`) on a
 * channel that a separate loop drains onto IOPub, while the cell's `status: idle` is sent
 * directly. Outputs still queued when the cell ends go out after idle, where nbclient, nbconvert,
 * papermill and front ends have moved on (lost), or after the next cell started, under its header
 * (misfiled). A cell that ends with `await flushKernelOutput()` ends only when the queue is empty.
 *
 * How: the kernel's own IOPub socket is a plain ZMTP PUB over TCP that sends every message to
 * every subscriber, in order, one message at a time. This joins it as one more subscriber (the
 * kernel's connection file is named on its command line), publishes a marker (an
 * `update_display_data` for a display id nobody has: front ends ignore it), and returns when the
 * marker comes back: everything queued before it has been written to every subscriber by then.
 *
 * @module
 */

/** Options of {@linkcode flushKernelOutput}. */
export interface FlushKernelOutputOptions {
  /** Give up waiting for the marker after this long. @default 15000 */
  timeoutMs?: number;
  /**
   * Publish another marker when none came back within this long (the kernel registers a new
   * subscriber a moment after its handshake, so the first marker may go out before).
   * @default 250
   */
  resendMs?: number;
  /**
   * Where no marker can be used (not in a Deno kernel on Linux, or the socket failed), wait
   * this long instead, so that most outputs still go out before the cell ends. @default 200
   */
  fallbackMs?: number;
  /** Publishes a message on the kernel's IOPub. @default `Deno.jupyter.broadcast` */
  broadcast?: (msgType: string, content: Record<string, unknown>) => unknown;
  /** The kernel's IOPub socket. @default from the connection file on the kernel's command line */
  iopub?: { ip: string; port: number };
}

/**
 * How the flush went: `flushed` (the marker came back), `not-in-kernel` (nothing to do),
 * `fallback` (a timed wait was used: not in a kernel we can reach, or the socket failed), or
 * `timed-out` (no marker came back within `timeoutMs`).
 */
export type FlushOutcome = "flushed" | "not-in-kernel" | "fallback" | "timed-out";

/** The marker's display id prefix; no output ever has such an id. */
export const FLUSH_MARKER_PREFIX = "nb-flush-";

/**
 * Returns when every output this cell produced so far has been published by the Deno kernel, so
 * that it reaches this cell in any front end. Outside a Jupyter kernel it returns at once.
 *
 * @example
 * ```ts ignore
 * for (const bundle of bundles) await Deno.jupyter.display(bundle, { raw: true });
 * await flushKernelOutput(); // the last statement of the cell
 * ```
 */
export async function flushKernelOutput(
  options: FlushKernelOutputOptions = {},
): Promise<FlushOutcome> {
  const { timeoutMs = 15_000, resendMs = 250, fallbackMs = 200 } = options;
  const broadcast = options.broadcast ?? denoJupyter()?.broadcast;
  if (broadcast === undefined) return "not-in-kernel";
  const iopub = options.iopub ?? await _iopubAddress();
  if (iopub === undefined) {
    await _sleep(fallbackMs);
    return "fallback";
  }
  let connection: Deno.TcpConn | undefined;
  try {
    connection = await Deno.connect({ hostname: iopub.ip, port: iopub.port });
    const reader = new ZmtpReader(connection);
    await _handshake(connection, reader);
    const markerId = `${FLUSH_MARKER_PREFIX}${crypto.randomUUID()}`;
    const seen = _waitForMarker(reader, markerId);
    seen.catch(() => {});
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      broadcast("update_display_data", {
        data: { "text/plain": "" },
        metadata: {},
        transient: { display_id: markerId },
      });
      const wait = Math.min(resendMs, Math.max(0, deadline - performance.now()));
      if (await _within(seen, wait)) return "flushed";
    }
    return "timed-out";
  } catch {
    await _sleep(fallbackMs);
    return "fallback";
  } finally {
    try {
      connection?.close();
    } catch {
      // already closed
    }
  }
}

type _Jupyter = Pick<typeof Deno.jupyter, "broadcast">;

/** `Deno.jupyter` in the Deno kernel; undefined elsewhere (where reading it throws). */
export function denoJupyter(): _Jupyter | undefined {
  try {
    const jupyter = (Deno as { jupyter?: _Jupyter }).jupyter;
    return typeof jupyter?.broadcast === "function" ? jupyter : undefined;
  } catch {
    return undefined;
  }
}

let _address: Promise<{ ip: string; port: number } | undefined> | undefined;

/** The kernel's IOPub address, from the connection file named on its command line (Linux). */
function _iopubAddress(): Promise<{ ip: string; port: number } | undefined> {
  _address ??= (async () => {
    try {
      const words = (await Deno.readTextFile("/proc/self/cmdline")).split("\0");
      const index = words.indexOf("--conn");
      if (index < 0 || !words.includes("--kernel")) return undefined;
      const info = JSON.parse(await Deno.readTextFile(words[index + 1]));
      if (info.transport !== undefined && info.transport !== "tcp") return undefined;
      if (typeof info.ip !== "string" || !Number.isInteger(info.iopub_port)) return undefined;
      const ip = info.ip === "0.0.0.0" || info.ip === "*" ? "127.0.0.1" : info.ip;
      return { ip, port: info.iopub_port };
    } catch {
      return undefined;
    }
  })();
  return _address;
}

const _ENCODER = new TextEncoder();
const _DECODER = new TextDecoder();
const _DELIMITER = "<IDS|MSG>";

/** Anything with `read` like a `Deno.Conn`. */
export interface ByteSource {
  read(buffer: Uint8Array): Promise<number | null>;
}

/** Reads ZMTP 3 frames from a byte stream. */
export class ZmtpReader {
  #conn: ByteSource;
  #buffer = new Uint8Array(0);
  #start = 0;

  /** Reads from `conn`. */
  constructor(conn: ByteSource) {
    this.#conn = conn;
  }

  /** Exactly `size` bytes; throws when the stream ends first. */
  async readExact(size: number): Promise<Uint8Array> {
    while (this.#buffer.length - this.#start < size) {
      const chunk = new Uint8Array(Math.max(65536, size - (this.#buffer.length - this.#start)));
      const read = await this.#conn.read(chunk);
      if (read === null) throw new Error("ZMTP peer closed the connection");
      const rest = this.#buffer.subarray(this.#start);
      const next = new Uint8Array(rest.length + read);
      next.set(rest);
      next.set(chunk.subarray(0, read), rest.length);
      this.#buffer = next;
      this.#start = 0;
    }
    const bytes = this.#buffer.slice(this.#start, this.#start + size);
    this.#start += size;
    return bytes;
  }

  /** One frame: its body, whether more frames of the message follow, whether it is a command. */
  async readFrame(): Promise<{ body: Uint8Array; more: boolean; command: boolean }> {
    const [flags] = await this.readExact(1);
    let size: number;
    if (flags & 0x02) {
      const bytes = await this.readExact(8);
      size = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0));
    } else {
      [size] = await this.readExact(1);
    }
    return {
      body: await this.readExact(size),
      more: (flags & 0x01) !== 0,
      command: (flags & 0x04) !== 0,
    };
  }

  /** The frames of one message (commands are skipped). */
  async readMessage(): Promise<Uint8Array[]> {
    const frames: Uint8Array[] = [];
    while (true) {
      const frame = await this.readFrame();
      if (frame.command) continue;
      frames.push(frame.body);
      if (!frame.more) return frames;
    }
  }
}

/** A ZMTP 3 frame holding `body`. */
export function zmtpFrame(
  body: Uint8Array,
  options: { more?: boolean; command?: boolean } = {},
): Uint8Array {
  const long = body.length > 255;
  const head = long ? 9 : 2;
  const frame = new Uint8Array(head + body.length);
  frame[0] = (options.more ? 0x01 : 0) | (long ? 0x02 : 0) | (options.command ? 0x04 : 0);
  if (long) new DataView(frame.buffer).setBigUint64(1, BigInt(body.length));
  else frame[1] = body.length;
  frame.set(body, head);
  return frame;
}

/** The 64-byte ZMTP 3.0 greeting with the NULL mechanism, as a client. */
function _greeting(): Uint8Array {
  const greeting = new Uint8Array(64);
  greeting[0] = 0xff;
  greeting[9] = 0x7f;
  greeting[10] = 3;
  greeting.set(_ENCODER.encode("NULL"), 12);
  return greeting;
}

/** The READY command announcing `socketType`. */
function _ready(socketType: string): Uint8Array {
  const name = _ENCODER.encode("READY");
  const key = _ENCODER.encode("Socket-Type");
  const value = _ENCODER.encode(socketType);
  const body = new Uint8Array(1 + name.length + 1 + key.length + 4 + value.length);
  let offset = 0;
  body[offset++] = name.length;
  body.set(name, offset);
  offset += name.length;
  body[offset++] = key.length;
  body.set(key, offset);
  offset += key.length;
  new DataView(body.buffer).setUint32(offset, value.length);
  body.set(value, offset + 4);
  return zmtpFrame(body, { command: true });
}

async function _writeAll(connection: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await connection.write(bytes.subarray(offset));
}

/** Greeting and READY both ways, then a subscription to every topic (ZMTP 3.0 style). */
async function _handshake(connection: Deno.Conn, reader: ZmtpReader): Promise<void> {
  await _writeAll(connection, _greeting());
  await reader.readExact(64);
  await _writeAll(connection, _ready("SUB"));
  const ready = await reader.readFrame();
  if (!ready.command) throw new Error("ZMTP peer sent no READY command");
  await _writeAll(connection, zmtpFrame(new Uint8Array([1])));
}

/**
 * The display id of a Jupyter message's `transient`, when the message is an
 * `update_display_data` (other messages are not parsed: they may be large).
 */
export function markerDisplayId(frames: readonly Uint8Array[]): string | undefined {
  const delimiter = frames.findIndex((frame) =>
    frame.length === _DELIMITER.length && _DECODER.decode(frame) === _DELIMITER
  );
  if (delimiter < 0 || frames.length < delimiter + 6) return undefined;
  try {
    const header = JSON.parse(_DECODER.decode(frames[delimiter + 2]));
    if (header?.msg_type !== "update_display_data") return undefined;
    const content = JSON.parse(_DECODER.decode(frames[delimiter + 5]));
    const id = content?.transient?.display_id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

async function _waitForMarker(reader: ZmtpReader, markerId: string): Promise<void> {
  while (markerDisplayId(await reader.readMessage()) !== markerId) {
    // Outputs published before the marker: already on their way to the front end.
  }
}

/** True when `promise` resolves within `ms`; false on timeout; rethrows its rejection. */
async function _within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise.then(() => true),
      new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), ms)),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function _sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
