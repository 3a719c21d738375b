// The transport on its own, with a recording upgrader standing in for libp2p's (the whole stack is
// in deno_tcp_libp2p_test.ts): dial errors, listen errors, many connections, IPv6, filters.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  AbortError,
  type Connection,
  ConnectionFailedError,
  InvalidMultiaddrError,
  ListenError,
  type MultiaddrConnection,
  TimeoutError,
  type Upgrader,
} from "@libp2p/interface";
import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";
import {
  collect,
  patternBytes,
  readToEnd,
  sameBytes,
  SILENT_COMPONENT_LOGGER,
  waitUntil,
} from "./_test_support.ts";
import type { DenoTcpConnection } from "./deno_tcp_connection.ts";
import { DenoTcpTransport } from "./deno_tcp_transport.ts";

/**
 * Hands back the raw connection as the "upgraded" one and records inbound connections; each can
 * be told to fail.
 */
class RecordingUpgrader {
  inbound: DenoTcpConnection[] = [];
  failInbound: Error | undefined;
  failOutbound: Error | undefined;
  onInbound: ((connection: DenoTcpConnection) => void) | undefined;

  upgradeOutbound(maConn: MultiaddrConnection): Promise<Connection> {
    if (this.failOutbound) return Promise.reject(this.failOutbound);
    return Promise.resolve(maConn as unknown as Connection);
  }

  upgradeInbound(maConn: MultiaddrConnection): Promise<void> {
    if (this.failInbound) return Promise.reject(this.failInbound);
    const connection = maConn as DenoTcpConnection;
    this.inbound.push(connection);
    this.onInbound?.(connection);
    return Promise.resolve();
  }

  asUpgrader(): Upgrader {
    return this as unknown as Upgrader;
  }
}

function createTransport(): DenoTcpTransport {
  return new DenoTcpTransport({ logger: SILENT_COMPONENT_LOGGER });
}

function dialOptions(upgrader: RecordingUpgrader, signal = new AbortController().signal) {
  return { upgrader: upgrader.asUpgrader(), signal };
}

async function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return await Promise.resolve(port);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the promise to reject, it resolved");
}

function ipv6LoopbackAvailable(): boolean {
  try {
    Deno.listen({ hostname: "::1", port: 0 }).close();
    return true;
  } catch {
    return false;
  }
}

Deno.test("DenoTcpTransport.dial to a closed port throws ConnectionFailedError naming it", async () => {
  const port = await freePort();
  const ma = multiaddr(`/ip4/127.0.0.1/tcp/${port}`);
  const err = await rejection(createTransport().dial(ma, dialOptions(new RecordingUpgrader())));
  assert(err instanceof ConnectionFailedError, `expected ConnectionFailedError, got ${err}`);
  assert(err.message.includes(`/ip4/127.0.0.1/tcp/${port}`), err.message);
  assert(err.cause instanceof Deno.errors.ConnectionRefused, `cause was ${err.cause}`);
});

Deno.test("DenoTcpTransport.dial with an aborted signal throws AbortError, or TimeoutError for a timeout", async () => {
  const ma = multiaddr(`/ip4/127.0.0.1/tcp/${await freePort()}`);
  const upgrader = new RecordingUpgrader();
  const aborted = await rejection(
    createTransport().dial(ma, dialOptions(upgrader, AbortSignal.abort())),
  );
  assert(aborted instanceof AbortError, `expected AbortError, got ${aborted}`);
  const timedOut = await rejection(
    createTransport().dial(
      ma,
      dialOptions(upgrader, AbortSignal.abort(new DOMException("too slow", "TimeoutError"))),
    ),
  );
  assert(timedOut instanceof TimeoutError, `expected TimeoutError, got ${timedOut}`);
});

Deno.test("DenoTcpTransport.dial rejects an address that is not TCP with InvalidMultiaddrError", async () => {
  const err = await rejection(
    createTransport().dial(
      multiaddr("/ip4/127.0.0.1/udp/4001"),
      dialOptions(new RecordingUpgrader()),
    ),
  );
  assert(err instanceof InvalidMultiaddrError, `expected InvalidMultiaddrError, got ${err}`);
  assert(err.message.includes("/ip4/127.0.0.1/udp/4001"), err.message);
});

Deno.test("DenoTcpListener.listen on a port in use throws ListenError naming the address", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const ma = multiaddr(`/ip4/127.0.0.1/tcp/${taken.addr.port}`);
  const listener = createTransport().createListener({
    upgrader: new RecordingUpgrader().asUpgrader(),
  });
  const err = await rejection(listener.listen(ma));
  taken.close();
  assert(err instanceof ListenError, `expected ListenError, got ${err}`);
  assert(err.message.includes(ma.toString()), err.message);
  assert(err.cause instanceof Deno.errors.AddrInUse, `cause was ${err.cause}`);
  assertEquals(listener.getAddrs(), []);
});

Deno.test("DenoTcpTransport: 200 connections at once each echo their own 4 KiB, and close with the listener", async () => {
  const transport = createTransport();
  const upgrader = new RecordingUpgrader();
  upgrader.onInbound = (connection) => {
    connection.addEventListener("message", (event) => connection.send(event.data));
  };
  const listener = transport.createListener({ upgrader: upgrader.asUpgrader() });
  const events: string[] = [];
  listener.addEventListener("listening", () => events.push("listening"));
  listener.addEventListener("close", () => events.push("close"));
  await listener.listen(multiaddr("/ip4/127.0.0.1/tcp/0"));
  const [address] = listener.getAddrs();
  assert(/^\/ip4\/127\.0\.0\.1\/tcp\/[1-9]\d*$/.test(address.toString()), address.toString());

  const count = 200;
  const dialed = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const connection = await transport.dial(
        address,
        dialOptions(upgrader),
      ) as unknown as DenoTcpConnection;
      const received = collect(connection);
      const payload = patternBytes(4096, index);
      connection.send(payload);
      await waitUntil(() => received.received() >= payload.byteLength);
      assert(sameBytes(received.bytes(), payload), `connection ${index} got another echo`);
      return { connection, received };
    }),
  );
  assertEquals(upgrader.inbound.length, count);
  await listener.close();
  const closes = await Promise.all(dialed.map(({ received }) => received.closed));
  assert(closes.every((event) => event.error === undefined), "a dialer saw an error on close");
  assertEquals(listener.getAddrs(), []);
  assertEquals(events, ["listening", "close"]);
});

Deno.test({
  name: "DenoTcpTransport listens and dials on IPv6 loopback",
  ignore: !ipv6LoopbackAvailable(),
  fn: async () => {
    const transport = createTransport();
    const upgrader = new RecordingUpgrader();
    const listener = transport.createListener({ upgrader: upgrader.asUpgrader() });
    await listener.listen(multiaddr("/ip6/::1/tcp/0"));
    const [address] = listener.getAddrs();
    assert(/^\/ip6\/::1\/tcp\/[1-9]\d*$/.test(address.toString()), address.toString());
    const outbound = await transport.dial(
      address,
      dialOptions(upgrader),
    ) as unknown as DenoTcpConnection;
    await waitUntil(() => upgrader.inbound.length === 1);
    const inbound = upgrader.inbound[0];
    assert(
      inbound.remoteAddr.toString().startsWith("/ip6/::1/tcp/"),
      inbound.remoteAddr.toString(),
    );
    const received = collect(inbound);
    outbound.send(Uint8Array.of(6, 6, 6));
    await outbound.close();
    await received.closed;
    assertEquals([...received.bytes()], [6, 6, 6]);
    await listener.close();
  },
});

Deno.test("DenoTcpTransport.dial closes the socket when the upgrade fails and rethrows its error", async () => {
  const server = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = server.accept();
  const upgrader = new RecordingUpgrader();
  upgrader.failOutbound = new Error("noise handshake failed");
  const err = await rejection(
    createTransport().dial(
      multiaddr(`/ip4/127.0.0.1/tcp/${server.addr.port}`),
      dialOptions(upgrader),
    ),
  );
  assertEquals(err.message, "noise handshake failed");
  const peer = await accepted;
  assertEquals((await readToEnd(peer)).byteLength, 0);
  peer.close();
  server.close();
});

Deno.test("DenoTcpListener closes an accepted socket whose upgrade fails", async () => {
  const upgrader = new RecordingUpgrader();
  upgrader.failInbound = new Error("unexpected peer");
  const listener = createTransport().createListener({ upgrader: upgrader.asUpgrader() });
  await listener.listen(multiaddr("/ip4/127.0.0.1/tcp/0"));
  const [address] = listener.getAddrs();
  const client = await Deno.connect({
    hostname: "127.0.0.1",
    port: Number(address.toString().split("/").pop()),
  });
  assertEquals((await readToEnd(client)).byteLength, 0);
  client.close();
  await listener.close();
});

Deno.test("DenoTcpTransport filters keep TCP addresses only", () => {
  const keep = [
    "/ip4/10.0.0.1/tcp/4001",
    "/ip6/::1/tcp/4001",
    "/dns4/example.com/tcp/4001",
    "/ip4/10.0.0.1/tcp/4001/p2p/12D3KooWCyPvH8m3LhaFcbF6Fj6zT3mL7ZCDq9mMKyHRixKx3KXP",
  ];
  const drop = [
    "/memory/host-1",
    "/ip4/10.0.0.1/udp/4001",
    "/ip4/10.0.0.1/tcp/4001/ws",
    "/ip4/10.0.0.1/udp/4001/quic-v1",
  ];
  const all: Multiaddr[] = [...keep, ...drop].map((text) => multiaddr(text));
  const transport = createTransport();
  assertEquals(transport.listenFilter(all).map(String), keep);
  assertEquals(transport.dialFilter(all).map(String), keep);
});
