/**
 * The write side of a Deno socket as libp2p's synchronous `sendData` needs it: chunks are queued
 * at once, written in order by one pump, joined into fewer, larger writes, and the queue reports
 * when it is full and when it has drained.
 *
 * @module
 */

/** Where the queue writes: a `Deno.Conn`, or anything with its `write`. */
export interface ByteWriter {
  /** Writes some of `bytes`, resolving to how many were written. */
  write(bytes: Uint8Array): Promise<number>;
}

/** What the queue tells its owner. */
export interface SocketWriteQueueHandlers {
  /** The queue was reported full and is now empty. */
  onDrain(): void;
  /** A write failed; the queue has stopped and dropped what it held. */
  onError(err: unknown): void;
}

/** Options of {@linkcode SocketWriteQueue}. */
export interface SocketWriteQueueOptions {
  /** Buffered bytes at which {@linkcode SocketWriteQueue.push} reports the queue full. @default 1048576 */
  highWaterMarkBytes?: number;
  /** Small chunks are joined into one write of up to this many bytes. @default 65536 */
  maxBatchBytes?: number;
}

/**
 * node:net hands each write to the kernel at once and reports full only when the kernel's buffer
 * is; here bytes count as buffered until the runtime reports the write done, a turn of the event
 * loop later. A mark the size of a loopback socket buffer keeps a busy loop from reporting full
 * (and every layer above from stalling its streams until `drain`) when the kernel is not.
 */
const _DEFAULT_HIGH_WATER_MARK_BYTES = 1024 * 1024;
const _DEFAULT_MAX_BATCH_BYTES = 64 * 1024;

/**
 * An ordered write queue over an asynchronous writer.
 *
 * The pump starts in a microtask, so every chunk queued in the same synchronous turn (a yamux
 * frame header and its body, a burst of frames) leaves in one write: each `Deno.Conn.write` is a
 * call into the runtime, and fewer of them is most of what this transport saves.
 */
export class SocketWriteQueue {
  readonly #writer: ByteWriter;
  readonly #handlers: SocketWriteQueueHandlers;
  readonly #highWaterMarkBytes: number;
  readonly #maxBatchBytes: number;
  #chunks: Uint8Array[] = [];
  /** Queued plus in-flight bytes. */
  #bufferedBytes = 0;
  #pumping = false;
  #needsDrain = false;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];

  /** Creates a queue writing to `writer`. */
  constructor(
    writer: ByteWriter,
    handlers: SocketWriteQueueHandlers,
    options: SocketWriteQueueOptions = {},
  ) {
    this.#writer = writer;
    this.#handlers = handlers;
    this.#highWaterMarkBytes = options.highWaterMarkBytes ?? _DEFAULT_HIGH_WATER_MARK_BYTES;
    this.#maxBatchBytes = options.maxBatchBytes ?? _DEFAULT_MAX_BATCH_BYTES;
  }

  /** Bytes queued or being written. */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  /**
   * Queues `chunks` (kept by reference: the caller must not change them afterwards). Returns
   * whether more may be queued now; after `false`, `onDrain` fires once the queue is empty.
   * Chunks pushed after {@linkcode stop} are dropped.
   */
  push(chunks: Iterable<Uint8Array>): boolean {
    if (this.#stopped) return false;
    for (const chunk of chunks) {
      if (chunk.byteLength === 0) continue;
      this.#chunks.push(chunk);
      this.#bufferedBytes += chunk.byteLength;
    }
    if (!this.#pumping && this.#chunks.length > 0) {
      this.#pumping = true;
      queueMicrotask(() => this.#pump());
    }
    const canSendMore = this.#bufferedBytes < this.#highWaterMarkBytes;
    if (!canSendMore) this.#needsDrain = true;
    return canSendMore;
  }

  /** Resolves once everything queued so far is written, or the queue has stopped. */
  whenIdle(): Promise<void> {
    if (this.#bufferedBytes === 0 || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops everything queued and writes nothing more (a reset, or the socket is gone). */
  stop(): void {
    this.#stopped = true;
    this.#chunks = [];
    this.#bufferedBytes = 0;
    this.#wakeIdleWaiters();
  }

  async #pump(): Promise<void> {
    try {
      while (this.#chunks.length > 0 && !this.#stopped) {
        const batch = this.#takeBatch();
        let written = 0;
        while (written < batch.byteLength) {
          written += await this.#writer.write(
            written === 0 ? batch : batch.subarray(written),
          );
          if (this.#stopped) return;
        }
        this.#bufferedBytes -= batch.byteLength;
      }
    } catch (err) {
      if (this.#stopped) return;
      this.stop();
      this.#handlers.onError(err);
      return;
    } finally {
      this.#pumping = false;
    }
    if (this.#stopped) return;
    this.#wakeIdleWaiters();
    if (this.#needsDrain) {
      this.#needsDrain = false;
      this.#handlers.onDrain();
    }
  }

  /** The next write: one chunk as it is, or several small ones joined (one copy). */
  #takeBatch(): Uint8Array {
    const first = this.#chunks[0];
    if (this.#chunks.length === 1 || first.byteLength >= this.#maxBatchBytes) {
      this.#chunks.shift();
      return first;
    }
    let count = 0;
    let total = 0;
    while (
      count < this.#chunks.length &&
      (count === 0 || total + this.#chunks[count].byteLength <= this.#maxBatchBytes)
    ) {
      total += this.#chunks[count].byteLength;
      count++;
    }
    if (count === 1) {
      this.#chunks.shift();
      return first;
    }
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.#chunks.splice(0, count)) {
      joined.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return joined;
  }

  #wakeIdleWaiters(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
