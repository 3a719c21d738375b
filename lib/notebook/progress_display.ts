/**
 * Live progress of a long cell as one output updated in place (a Jupyter display id), instead
 * of a line per step: front ends redraw it, and a saved notebook keeps its last state.
 *
 * @module
 */
import { flushKernelOutput } from "./flush_kernel_output.ts";
import { type PublishOutput, publishOutput } from "./show.ts";

/** Options of {@linkcode createProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** Where the output goes. @default {@linkcode publishOutput} */
  publish?: PublishOutput;
  /** Waits until the kernel has sent it (called by `close`). @default {@linkcode flushKernelOutput} */
  flush?: () => Promise<unknown>;
  /** Updates closer together than this are merged into the later one. @default 250 */
  minIntervalMs?: number;
  /** The display id. @default a random one */
  displayId?: string;
  /** The clock, in ms. @default performance.now */
  now?: () => number;
}

/** One output that shows the latest text. */
export interface ProgressDisplay {
  /** Shows `text` (plain text, several lines allowed) in place of the previous one. */
  update(text: string): void;
  /** Shows the last text now and waits until the kernel has sent it. */
  close(): Promise<void>;
}

/**
 * A progress output: the first `update` displays it, later ones replace its text (at most one
 * every `minIntervalMs`; the latest always wins), `close` shows the final text.
 *
 * @example
 * ```ts ignore
 * const progress = createProgressDisplay();
 * for (let i = 1; i <= 10; i++) progress.update(`${i}/10 done`);
 * await progress.close();
 * ```
 */
export function createProgressDisplay(options: ProgressDisplayOptions = {}): ProgressDisplay {
  const publish = options.publish ?? publishOutput;
  const flush = options.flush ?? flushKernelOutput;
  const minIntervalMs = options.minIntervalMs ?? 250;
  const now = options.now ?? (() => performance.now());
  const displayId = options.displayId ?? `progress-${crypto.randomUUID()}`;
  let shown = false;
  let lastSentAt = -Infinity;
  let pending: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = (text: string): void => {
    publish({ data: { "text/plain": text } }, { displayId, update: shown });
    shown = true;
    lastSentAt = now();
    pending = undefined;
  };
  const sendPending = (): void => {
    timer = undefined;
    if (pending !== undefined) send(pending);
  };
  return {
    update(text) {
      pending = text;
      const wait = lastSentAt + minIntervalMs - now();
      if (wait <= 0) {
        clearTimeout(timer);
        timer = undefined;
        send(text);
      } else {
        timer ??= setTimeout(sendPending, wait);
      }
    },
    async close() {
      clearTimeout(timer);
      timer = undefined;
      if (pending !== undefined) send(pending);
      await flush();
    },
  };
}
