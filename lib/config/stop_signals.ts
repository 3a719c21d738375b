/**
 * Ctrl-C and SIGTERM for long-running commands (sim, dbg), each handled once.
 *
 * Under `deno task`, one Ctrl-C arrives twice: the terminal sends SIGINT to the whole process
 * group, and `deno task` forwards the SIGINT it got to its command as well. The two land within
 * milliseconds of each other, so a repeat of the same signal soon after the first is taken as
 * that same request; only a later one (a person pressing Ctrl-C again) means "quit now".
 *
 * @module
 */

/** What a signal means given the ones before it. */
export type SignalVerdict = "stop" | "repeat" | "quit";

/** Options of {@linkcode createSignalGate}. */
export interface SignalGateOptions {
  /**
   * A repeat of the first signal within this many milliseconds of it is the same request. A
   * forwarded copy arrives within milliseconds; a person's second Ctrl-C takes longer than this
   * to come after reading "Ctrl-C again quits".
   * @default {1000}
   */
  repeatWindowMs?: number;
  /** The clock, in milliseconds. @default {performance.now} */
  now?: () => number;
}

/** Sorts signals into the first (stop), its copies (repeat) and a real second one (quit). */
export interface SignalGate {
  accept(signal: string): SignalVerdict;
}

/** The default repeat window of {@linkcode createSignalGate}. */
export const REPEAT_WINDOW_MS = 1000;

/**
 * A gate for stop signals: the first is `stop`; the same signal again within the window is
 * `repeat` (ignore it); any other later signal is `quit`. Pure: the clock is an option.
 *
 * @example
 * ```ts
 * import { createSignalGate } from "./stop_signals.ts";
 *
 * let t = 0;
 * const gate = createSignalGate({ now: () => t });
 * console.assert(gate.accept("SIGINT") === "stop");
 * t = 5;
 * console.assert(gate.accept("SIGINT") === "repeat"); // deno task's forwarded copy
 * t = 3000;
 * console.assert(gate.accept("SIGINT") === "quit");
 * ```
 */
export function createSignalGate(options: SignalGateOptions = {}): SignalGate {
  const windowMs = options.repeatWindowMs ?? REPEAT_WINDOW_MS;
  const now = options.now ?? (() => performance.now());
  let first: { signal: string; atMs: number } | undefined;
  return {
    accept(signal) {
      if (first === undefined) {
        first = { signal, atMs: now() };
        return "stop";
      }
      return signal === first.signal && now() - first.atMs <= windowMs ? "repeat" : "quit";
    },
  };
}

/** Options of {@linkcode listenForStopSignals}. */
export interface StopSignalOptions extends SignalGateOptions {
  /**
   * Signals that stop the command. SIGTERM is left out on Windows, where Deno cannot listen
   * for it.
   * @default {["SIGINT", "SIGTERM"]}
   */
  signals?: Deno.Signal[];
}

/** Handlers of {@linkcode listenForStopSignals}. */
export interface StopSignalHandlers {
  /** The first signal: stop cleanly. */
  onStop(signal: Deno.Signal): void;
  /** A second, distinct request: quit at once. */
  onQuit(signal: Deno.Signal): void;
}

/**
 * Listens for stop signals through a {@linkcode createSignalGate} gate until the returned
 * function is called.
 *
 * @returns removes the listeners
 */
export function listenForStopSignals(
  handlers: StopSignalHandlers,
  options: StopSignalOptions = {},
): () => void {
  const gate = createSignalGate(options);
  const signals = (options.signals ?? ["SIGINT", "SIGTERM"]).filter((signal) =>
    Deno.build.os !== "windows" || signal === "SIGINT" || signal === "SIGBREAK"
  );
  const listeners = signals.map((signal) => {
    const listener = (): void => {
      const verdict = gate.accept(signal);
      if (verdict === "stop") handlers.onStop(signal);
      else if (verdict === "quit") handlers.onQuit(signal);
    };
    Deno.addSignalListener(signal, listener);
    return { signal, listener };
  });
  return () => {
    for (const { signal, listener } of listeners) Deno.removeSignalListener(signal, listener);
  };
}
