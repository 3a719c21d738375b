/**
 * A libp2p 3 `MultiaddrConnection` over a `Deno.TcpConn`: the bytes between two hosts before
 * Noise and yamux. libp2p's `AbstractMultiaddrConnection` keeps the stream state (status, read
 * buffer, pause, events); this class moves bytes between it and the socket.
 *
 * @module
 */
import { TimeoutError } from "@libp2p/interface";
import type { AbortOptions, Logger } from "@libp2p/interface";
import { AbstractMultiaddrConnection, type SendResult } from "@libp2p/utils";
import type { Multiaddr } from "@multiformats/multiaddr";
import { isPeerGoneError, toSocketError } from "./_socket_errors.ts";
import { SocketWriteQueue } from "./socket_write_queue.ts";

/** What {@linkcode DenoTcpConnection} is built from. */
export interface DenoTcpConnectionInit {
  conn: Deno.TcpConn;
  /** Who opened the connection: `outbound` for a dial, `inbound` for an accepted one. */
  direction: "inbound" | "outbound";
  remoteAddr: Multiaddr;
  log: Logger;
  /** The connection is aborted after this long without a byte either way. @default 120000 */
  inactivityTimeoutMs?: number;
  /** Buffered outgoing bytes at which `send` asks the writer to wait for `drain`. @default 1048576 */
  writeHighWaterMarkBytes?: number;
}

/** What libp2p hands `sendData`: a `Uint8ArrayList`, iterable as its chunks. */
type _Chunks = Parameters<AbstractMultiaddrConnection["sendData"]>[0];

/** The first read buffer; it doubles (up to the largest) whenever a read fills it. */
const _INITIAL_READ_BYTES = 8 * 1024;
const _MAX_READ_BYTES = 64 * 1024;
const _DEFAULT_INACTIVITY_TIMEOUT_MS = 120_000;

/**
 * One TCP connection as libp2p sees it before the upgrade.
 *
 * Reads run in a loop of `conn.read` into a per-connection buffer (copied out, since libp2p keeps
 * what it is given); writes go through a {@linkcode SocketWriteQueue}. Closing follows
 * `@libp2p/tcp` with `allowHalfOpen: false`: when the peer ends its side, this side flushes what
 * it queued and closes too. Deno cannot send a TCP reset (no `SO_LINGER`), so an abort closes the
 * socket and the peer sees an end of stream.
 */
export class DenoTcpConnection extends AbstractMultiaddrConnection {
  readonly #conn: Deno.TcpConn;
  readonly #writes: SocketWriteQueue;
  #socketClosed = false;
  #readBytes = _INITIAL_READ_BYTES;
  #paused = false;
  #resumeReading: (() => void) | undefined;
  #lastActivityMs = Date.now();
  #inactivityTimer: ReturnType<typeof setTimeout> | undefined;

  /** Wraps `init.conn` and starts reading from it. */
  constructor(init: DenoTcpConnectionInit) {
    super({
      log: init.log,
      direction: init.direction,
      remoteAddr: init.remoteAddr,
      inactivityTimeout: init.inactivityTimeoutMs ?? _DEFAULT_INACTIVITY_TIMEOUT_MS,
    });
    this.#conn = init.conn;
    this.#writes = new SocketWriteQueue(init.conn, {
      onDrain: () => this.safeDispatchEvent("drain"),
      onError: (err) => this.#onSocketError(err),
    }, { highWaterMarkBytes: init.writeHighWaterMarkBytes });
    // however the stream ended, the socket goes once the bytes already accepted are written
    this.addEventListener("close", () => {
      this.#writes.whenIdle().then(() => this.#closeSocket());
    });
    this.#armInactivityTimer(this.inactivityTimeout);
    queueMicrotask(() => this.#readLoop());
  }

  /** Queues `data` for the socket; `canSendMore` is false while the write queue is full. */
  sendData(data: _Chunks): SendResult {
    this.#lastActivityMs = Date.now();
    const canSendMore = this.#writes.push(data);
    return { sentBytes: data.byteLength, canSendMore };
  }

  /** Flushes queued bytes, ends this side (FIN) and closes the socket. */
  async sendClose(options?: AbortOptions): Promise<void> {
    if (this.#socketClosed) return;
    const flushed = this.#writes.whenIdle();
    if (options?.signal !== undefined) {
      options.signal.throwIfAborted();
      await _raceAbort(flushed, options.signal);
    } else {
      await flushed;
    }
    try {
      await this.#conn.closeWrite();
    } catch {
      // the peer may be gone already; closing below is all that is left to do
    }
    this.#closeSocket();
  }

  /** Drops queued bytes and closes the socket at once. */
  sendReset(_err: Error): void {
    this.#writes.stop();
    this.#closeSocket();
  }

  /** Stops reading from the socket (the kernel's buffers then push back on the peer). */
  sendPause(): void {
    this.#paused = true;
  }

  /** Starts reading again after {@linkcode sendPause}. */
  sendResume(): void {
    this.#paused = false;
    const resume = this.#resumeReading;
    this.#resumeReading = undefined;
    resume?.();
  }

  /** Closes the socket without an error: the listener shutting down its accepted connections. */
  destroy(): void {
    this.#writes.stop();
    this.#closeSocket();
    this.onTransportClosed();
  }

  async #readLoop(): Promise<void> {
    let buffer = new Uint8Array(this.#readBytes);
    while (!this.#socketClosed) {
      if (this.#paused) {
        await new Promise<void>((resolve) => (this.#resumeReading = resolve));
        continue;
      }
      let count: number | null;
      try {
        count = await this.#conn.read(buffer);
      } catch (err) {
        if (!this.#socketClosed) this.#onSocketError(err);
        return;
      }
      if (count === null) {
        this.#onEndOfStream();
        return;
      }
      this.#lastActivityMs = Date.now();
      // libp2p keeps references to what it is handed: give it its own copy
      this.onData(buffer.slice(0, count));
      if (count === buffer.byteLength && buffer.byteLength < _MAX_READ_BYTES) {
        this.#readBytes = buffer.byteLength * 2;
        buffer = new Uint8Array(this.#readBytes);
      }
    }
  }

  /** The peer ended its side: nothing more will arrive, so flush and close this side too. */
  #onEndOfStream(): void {
    this.log("remote ended the connection");
    this.onTransportClosed();
  }

  #onSocketError(err: unknown): void {
    if (this.#socketClosed) return;
    this.log("socket error - %e", err);
    this.#writes.stop();
    this.#closeSocket();
    if (isPeerGoneError(err)) {
      this.onRemoteReset();
      return;
    }
    this.abort(toSocketError(err, this.remoteAddr));
  }

  #closeSocket(): void {
    if (this.#socketClosed) return;
    this.#socketClosed = true;
    if (this.#inactivityTimer !== undefined) clearTimeout(this.#inactivityTimer);
    this.#inactivityTimer = undefined;
    try {
      this.#conn.close();
    } catch {
      // already closed by the runtime
    }
    this.sendResume();
  }

  /**
   * One timer per connection, re-armed for the remaining time when it fires: cheaper than
   * resetting a timer on every read and write.
   */
  #armInactivityTimer(delayMs: number): void {
    if (this.inactivityTimeout <= 0 || this.#socketClosed) return;
    const timer = setTimeout(() => {
      const idleMs = Date.now() - this.#lastActivityMs;
      if (idleMs >= this.inactivityTimeout) {
        this.abort(
          new TimeoutError(
            `deno-tcp: no traffic with ${this.remoteAddr.toString()} for ${this.inactivityTimeout} ms`,
          ),
        );
        return;
      }
      this.#armInactivityTimer(Math.max(1, this.inactivityTimeout - idleMs));
    }, delayMs);
    this.#inactivityTimer = timer;
    // an idle connection must not keep the process alive (node:net's socket timers do not either)
    Deno.unrefTimer(timer);
  }
}

function _raceAbort(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
