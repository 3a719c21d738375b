/**
 * A libp2p 3 TCP transport on Deno's native sockets (`Deno.listen`, `Deno.connect`), a drop-in
 * for `@libp2p/tcp` (which runs on `node:net` through Deno's Node compatibility layer).
 *
 * @module
 */
export { denoTcp, DenoTcpTransport } from "./deno_tcp_transport.ts";
export type { DenoTcpComponents, DenoTcpOptions } from "./deno_tcp_transport.ts";
export { DenoTcpListener } from "./deno_tcp_listener.ts";
export type { DenoTcpListenerInit } from "./deno_tcp_listener.ts";
export { DenoTcpConnection } from "./deno_tcp_connection.ts";
export type { DenoTcpConnectionInit } from "./deno_tcp_connection.ts";
export { SocketWriteQueue } from "./socket_write_queue.ts";
export type {
  ByteWriter,
  SocketWriteQueueHandlers,
  SocketWriteQueueOptions,
} from "./socket_write_queue.ts";
