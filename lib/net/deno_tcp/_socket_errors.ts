/**
 * Deno's socket errors, turned into the error classes libp2p reacts to. The original error is
 * kept as `cause`.
 *
 * @module
 */
import {
  AbortError,
  ConnectionFailedError,
  ListenError,
  StreamResetError,
  TimeoutError,
} from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

/** Errors that mean the peer (or the path to it) is gone, not that this side did wrong. */
export function isPeerGoneError(err: unknown): boolean {
  return err instanceof Deno.errors.ConnectionReset ||
    err instanceof Deno.errors.BrokenPipe ||
    err instanceof Deno.errors.ConnectionAborted ||
    err instanceof Deno.errors.NotConnected;
}

/**
 * A failed `Deno.connect` as libp2p's dialer expects it: {@linkcode AbortError} (or
 * {@linkcode TimeoutError} when the signal's reason is a timeout) if the dial signal fired,
 * otherwise {@linkcode ConnectionFailedError} naming the address and the OS's reason.
 */
export function toDialError(err: unknown, ma: Multiaddr, signal?: AbortSignal): Error {
  if (signal?.aborted === true) {
    const reason = signal.reason as { name?: string } | undefined;
    const mapped = reason?.name === "TimeoutError"
      ? new TimeoutError(`deno-tcp: dial to ${ma.toString()} timed out`)
      : new AbortError(`deno-tcp: dial to ${ma.toString()} was aborted`);
    return _withCause(mapped, err);
  }
  return _withCause(
    new ConnectionFailedError(`deno-tcp: dial to ${ma.toString()} failed: ${_reason(err)}`),
    err,
  );
}

/** A failed `Deno.listen`: {@linkcode ListenError} naming the address and the OS's reason. */
export function toListenError(err: unknown, ma: Multiaddr): Error {
  return _withCause(
    new ListenError(`deno-tcp: cannot listen on ${ma.toString()}: ${_reason(err)}`),
    err,
  );
}

/**
 * A read or write failure on an open connection: {@linkcode StreamResetError} when the peer reset
 * or vanished, the error itself otherwise.
 */
export function toSocketError(err: unknown, remoteAddr: Multiaddr): Error {
  if (isPeerGoneError(err)) {
    return _withCause(
      new StreamResetError(
        `deno-tcp: connection to ${remoteAddr.toString()} reset: ${_reason(err)}`,
      ),
      err,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

function _reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function _withCause<E extends Error>(error: E, cause: unknown): E {
  // libp2p's error constructors take only a message.
  Object.defineProperty(error, "cause", { value: cause, configurable: true, writable: true });
  return error;
}
