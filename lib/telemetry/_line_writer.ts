/**
 * Lines to a file, in order, without a system call per line: lines are buffered and written by
 * one chain of asynchronous writes, started when a batch fills up and at the end of each task.
 *
 * @module
 */

/** Lines or characters buffered before a write is started without waiting for the microtask. */
const _FLUSH_LINES = 2_000;
const _FLUSH_CHARS = 512 * 1024;

/** A buffered, ordered writer of lines; see {@linkcode createLineWriter}. */
export interface LineWriter {
  /** Queues a line (without its "\n"); never blocks, never throws. */
  push(line: string): void;
  /**
   * Writes what is queued, closes the file, and resolves with the first write error, if any (the
   * writes after a failed one are skipped).
   */
  close(): Promise<unknown>;
}

/** Writes lines to `file`, which the writer owns from now on (it closes it). */
export function createLineWriter(file: Deno.FsFile): LineWriter {
  const encoder = new TextEncoder();
  let lines: string[] = [];
  let chars = 0;
  let flushScheduled = false;
  let chain: Promise<void> = Promise.resolve();
  let writeError: unknown;

  function flush(): void {
    flushScheduled = false;
    if (lines.length === 0) return;
    const bytes = encoder.encode(lines.join("\n") + "\n");
    lines = [];
    chars = 0;
    chain = chain.then(async () => {
      if (writeError !== undefined) return;
      try {
        for (let offset = 0; offset < bytes.length;) {
          offset += await file.write(bytes.subarray(offset));
        }
      } catch (error) {
        writeError = error;
      }
    });
  }

  return {
    push(line) {
      lines.push(line);
      chars += line.length;
      if (lines.length >= _FLUSH_LINES || chars >= _FLUSH_CHARS) flush();
      else if (!flushScheduled) {
        flushScheduled = true;
        queueMicrotask(flush);
      }
    },
    async close() {
      flush();
      await chain;
      file.close();
      return writeError;
    },
  };
}
