/**
 * A libp2p 3 `Listener` on `Deno.listen`: accepts connections and hands each to the upgrader.
 *
 * @module
 */
import {
  AlreadyStartedError,
  type ComponentLogger,
  type Listener,
  type ListenerEvents,
  type Logger,
  TypedEventEmitter,
  type Upgrader,
} from "@libp2p/interface";
import { getThinWaistAddresses } from "@libp2p/utils";
import type { Multiaddr } from "@multiformats/multiaddr";
import { fromDenoAddr, toNetAddress } from "./_net_address.ts";
import { toListenError } from "./_socket_errors.ts";
import { DenoTcpConnection } from "./deno_tcp_connection.ts";

/** What {@linkcode DenoTcpListener} needs from its transport. */
export interface DenoTcpListenerInit {
  upgrader: Upgrader;
  logger: ComponentLogger;
  /** See {@linkcode DenoTcpConnectionInit}. */
  inactivityTimeoutMs?: number;
  /** See {@linkcode DenoTcpConnectionInit}. */
  writeHighWaterMarkBytes?: number;
  /** Pending connections the kernel queues before refusing more. @default 511 */
  backlog?: number;
}

/**
 * Listens on one TCP address. `close()` stops accepting, cancels upgrades in progress and closes
 * every connection it accepted, as `@libp2p/tcp`'s listener does.
 */
export class DenoTcpListener extends TypedEventEmitter<ListenerEvents> implements Listener {
  readonly #init: DenoTcpListenerInit;
  readonly #log: Logger;
  readonly #shutdown = new AbortController();
  readonly #connections = new Set<DenoTcpConnection>();
  #listener: Deno.TcpListener | undefined;
  #listeningAddr: Multiaddr | undefined;
  #closed = false;

  /** Creates a listener that is not listening yet. */
  constructor(init: DenoTcpListenerInit) {
    super();
    this.#init = init;
    this.#log = init.logger.forComponent("libp2p:deno-tcp:listener");
  }

  /** Binds `ma` (port 0 picks a free port) and starts accepting. */
  listen(ma: Multiaddr): Promise<void> {
    if (this.#listener !== undefined) {
      return Promise.reject(new AlreadyStartedError("deno-tcp: this listener already listens"));
    }
    const { hostname, port } = toNetAddress(ma);
    try {
      this.#listener = Deno.listen({
        hostname,
        port,
        transport: "tcp",
        ...(this.#init.backlog !== undefined ? { tcpBacklog: this.#init.backlog } : {}),
      });
    } catch (err) {
      return Promise.reject(toListenError(err, ma));
    }
    this.#listeningAddr = ma;
    this.#log("listening on %s", fromDenoAddr(this.#listener.addr));
    this.#acceptLoop(this.#listener);
    this.safeDispatchEvent("listening");
    return Promise.resolve();
  }

  /** The bound addresses (a wildcard host expanded to the interfaces' addresses). */
  getAddrs(): Multiaddr[] {
    if (this.#listener === undefined || this.#closed) return [];
    return getThinWaistAddresses(this.#listeningAddr, this.#listener.addr.port);
  }

  /** Nothing to do: announce addresses do not change what a TCP listener binds. */
  updateAnnounceAddrs(): void {}

  /** Stops accepting and closes every connection this listener accepted. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    try {
      this.#listener?.close();
    } catch {
      // already closed
    }
    this.#shutdown.abort();
    for (const connection of this.#connections) connection.destroy();
    this.#connections.clear();
    this.safeDispatchEvent("close");
    return Promise.resolve();
  }

  async #acceptLoop(listener: Deno.TcpListener): Promise<void> {
    while (!this.#closed) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (err) {
        if (this.#closed) return;
        // EMFILE and the like: report it and keep accepting, as a node:net server does
        this.#log.error("accept failed - %e", err);
        this.safeDispatchEvent("error", { detail: err as Error });
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      this.#onConnection(conn);
    }
  }

  #onConnection(conn: Deno.TcpConn): void {
    if (this.#closed) {
      conn.close();
      return;
    }
    conn.setNoDelay(true);
    conn.setKeepAlive(true);
    const connection = new DenoTcpConnection({
      conn,
      direction: "inbound",
      remoteAddr: fromDenoAddr(conn.remoteAddr),
      log: this.#init.logger.forComponent("libp2p:deno-tcp:connection"),
      inactivityTimeoutMs: this.#init.inactivityTimeoutMs,
      writeHighWaterMarkBytes: this.#init.writeHighWaterMarkBytes,
    });
    this.#connections.add(connection);
    connection.addEventListener("close", () => this.#connections.delete(connection));
    this.#init.upgrader.upgradeInbound(connection, { signal: this.#shutdown.signal })
      .catch((err: Error) => {
        this.#log.error("inbound upgrade of %s failed - %e", connection.remoteAddr, err);
        connection.abort(err);
      });
  }
}
