/**
 * A libp2p 3 TCP transport on Deno's own sockets (`Deno.connect`, `Deno.listen`) instead of
 * `node:net` through Deno's Node compatibility layer, as `@libp2p/tcp` uses.
 *
 * @module
 */
import {
  type ComponentLogger,
  type Connection,
  type CreateListenerOptions,
  type DialTransportOptions,
  type Listener,
  type Logger,
  serviceCapabilities,
  type Transport,
  transportSymbol,
} from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { TCP } from "@multiformats/multiaddr-matcher";
import { toNetAddress } from "./_net_address.ts";
import { toDialError } from "./_socket_errors.ts";
import { DenoTcpConnection } from "./deno_tcp_connection.ts";
import { DenoTcpListener } from "./deno_tcp_listener.ts";

/** Options of {@linkcode denoTcp}. */
export interface DenoTcpOptions {
  /** A connection is aborted after this long without a byte either way. @default 120000 */
  inactivityTimeoutMs?: number;
  /** Buffered outgoing bytes at which a connection asks its writer to wait. @default 1048576 */
  writeHighWaterMarkBytes?: number;
  /** Pending inbound connections the kernel queues per listener. @default 511 */
  backlog?: number;
}

/** The components libp2p hands a transport; this one needs only the logger. */
export interface DenoTcpComponents {
  logger: ComponentLogger;
}

/**
 * The transport: dials and listens on `/ip4/.../tcp/N` and `/ip6/.../tcp/N` (dials `/dns*` too),
 * with no-delay and keep-alive on every socket, as `@libp2p/tcp` sets them.
 */
export class DenoTcpTransport implements Transport {
  readonly [transportSymbol] = true as const;
  readonly [Symbol.toStringTag] = "deno-tcp";
  readonly [serviceCapabilities]: string[] = ["@libp2p/transport"];
  readonly #components: DenoTcpComponents;
  readonly #options: DenoTcpOptions;
  readonly #log: Logger;

  /** Creates the transport; libp2p does this through {@linkcode denoTcp}. */
  constructor(components: DenoTcpComponents, options: DenoTcpOptions = {}) {
    this.#components = components;
    this.#options = options;
    this.#log = components.logger.forComponent("libp2p:deno-tcp");
  }

  /**
   * Connects to `ma` and upgrades the connection (encryption, multiplexer). A refused or failed
   * connect throws `ConnectionFailedError`; the dial signal firing throws `AbortError` (or
   * `TimeoutError`); a failed upgrade closes the socket and throws the upgrader's error.
   */
  async dial(ma: Multiaddr, options: DialTransportOptions): Promise<Connection> {
    const { hostname, port } = toNetAddress(ma);
    let conn: Deno.TcpConn;
    try {
      options.signal.throwIfAborted();
      conn = await Deno.connect({ hostname, port, transport: "tcp", signal: options.signal });
    } catch (err) {
      this.#log.error("dial to %a failed - %e", ma, err);
      throw toDialError(err, ma, options.signal);
    }
    conn.setNoDelay(true);
    conn.setKeepAlive(true);
    const connection = new DenoTcpConnection({
      conn,
      direction: "outbound",
      remoteAddr: ma,
      log: this.#log.newScope("connection"),
      inactivityTimeoutMs: this.#options.inactivityTimeoutMs,
      writeHighWaterMarkBytes: this.#options.writeHighWaterMarkBytes,
    });
    try {
      return await options.upgrader.upgradeOutbound(connection, options);
    } catch (err) {
      this.#log.error("outbound upgrade to %a failed - %e", ma, err);
      connection.abort(err as Error);
      throw err;
    }
  }

  /** A listener that upgrades every connection it accepts with `options.upgrader`. */
  createListener(options: CreateListenerOptions): Listener {
    return new DenoTcpListener({
      upgrader: options.upgrader,
      logger: this.#components.logger,
      inactivityTimeoutMs: this.#options.inactivityTimeoutMs,
      writeHighWaterMarkBytes: this.#options.writeHighWaterMarkBytes,
      backlog: this.#options.backlog,
    });
  }

  /** The TCP addresses among `multiaddrs` (what `@libp2p/tcp` accepts, without Unix sockets). */
  listenFilter(multiaddrs: Multiaddr[]): Multiaddr[] {
    return multiaddrs.filter((ma) => TCP.exactMatch(ma));
  }

  /** Same as {@linkcode listenFilter}. */
  dialFilter(multiaddrs: Multiaddr[]): Multiaddr[] {
    return this.listenFilter(multiaddrs);
  }
}

/**
 * The transport factory libp2p's `transports` option takes.
 *
 * @example
 * ```ts
 * import { createLibp2p } from "libp2p";
 * import { denoTcp } from "./mod.ts";
 *
 * const node = await createLibp2p({
 *   addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
 *   transports: [denoTcp()],
 * });
 * ```
 */
export function denoTcp(
  options: DenoTcpOptions = {},
): (components: DenoTcpComponents) => Transport {
  return (components) => new DenoTcpTransport(components, options);
}
