// Real hosts on 127.0.0.1, one test per trap of NOTES-libp2p-deno.md that silently breaks or
// hangs a many-host run. Each would fail without the setting or fix it checks.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import type { VariantSpec } from "../config/types.ts";
import {
  type BenchHost,
  closeTrackedBroadcastChannels,
  CONNECTION_MONITOR,
  createBenchHost,
} from "./mod.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };
const FIXTURE = new URL("./testdata/stop_and_exit.ts", import.meta.url).pathname;

function variantWith(overrides: Partial<VariantSpec>): VariantSpec {
  return { ...BUILTIN_VARIANTS.default, ...overrides };
}

async function startHosts(count: number, variant: VariantSpec, tag: string): Promise<BenchHost[]> {
  return await Promise.all(
    Array.from({ length: count }, (_, index) =>
      createBenchHost({
        index,
        keySeed: new Uint8Array(32).fill(index + 1),
        runTag: tag,
        variant,
      })),
  );
}

async function stopAll(hosts: BenchHost[]): Promise<void> {
  await Promise.all(hosts.map((host) => host.stop()));
  closeTrackedBroadcastChannels();
}

/** How long the fixture may take to start its hosts, connect and stop them (a loaded machine). */
const START_LIMIT_MS = 120_000;

/**
 * Runs the fixture until it prints "stopped", then gives it `afterStopMs` to exit by itself
 * before killing it. Both bounds are hard ones, not synchronisation: the traps checked here keep
 * a process alive for an hour or for ever, so a minute tells them apart from a slow exit on any
 * machine. The time before "stopped" (starting Deno and libp2p) is never counted.
 */
async function runFixture(
  variant: VariantSpec,
  mode: string,
  afterStopMs: number,
): Promise<{ stopped: boolean; exited: boolean; code: number | null }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net=127.0.0.1", "--allow-env", FIXTURE, JSON.stringify(variant), mode],
    stdout: "piped",
    stderr: "null",
    env: { DEBUG_COLORS: "no" },
  }).spawn();
  const stopped = Promise.withResolvers<boolean>();
  const reader = (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      if (chunk.includes("stopped")) stopped.resolve(true);
    }
    stopped.resolve(false);
  })();
  let killed = false;
  const kill = (): void => {
    killed = true;
    child.kill("SIGKILL");
  };
  let timer = setTimeout(kill, START_LIMIT_MS);
  const didStop = await stopped.promise;
  clearTimeout(timer);
  if (didStop && !killed) timer = setTimeout(kill, afterStopMs);
  const status = await child.status;
  clearTimeout(timer);
  await reader;
  return { stopped: didStop, exited: !killed, code: killed ? null : status.code };
}

Deno.test("stopped hosts let the process exit by itself (trap 1, trap 2)", libp2pTest, async () => {
  // A one-hour heartbeat: if gossipsub's pending heartbeat timer survived stop(), the process
  // would stay alive for an hour.
  const variant = variantWith({ gossipsub: { heartbeatIntervalMs: 3_600_000 } });
  const result = await runFixture(variant, "close-channels", 60_000);
  assertEquals(result.stopped, true, "the fixture never stopped its hosts");
  assertEquals(result.exited, true, "the process did not exit within 60 s after stop");
  assertEquals(result.code, 0);
});

Deno.test(
  "an open lock BroadcastChannel keeps the process alive (why trap 1 matters)",
  libp2pTest,
  async () => {
    // Counted from "stopped", so a slow start cannot pass for a process kept alive; a process
    // that exits by itself does so well within a second of it here (the test above).
    const result = await runFixture(BUILTIN_VARIANTS.default, "keep-channels", 5_000);
    assertEquals(result.stopped, true, "the fixture never stopped its hosts");
    assertEquals(result.exited, false, "expected the open channel to keep the process alive");
  },
);

Deno.test("the chainsafe stack's stopped hosts exit too", libp2pTest, async () => {
  const variant = variantWith({ stack: "libp2p2", gossipsub: { heartbeatIntervalMs: 3_600_000 } });
  const result = await runFixture(variant, "close-channels", 60_000);
  assertEquals(result.stopped, true, "the fixture never stopped its hosts");
  assertEquals(result.exited, true, "the process did not exit within 60 s after stop");
  assertEquals(result.code, 0);
});

Deno.test(
  "deno-tcp and deno-native hosts let the process exit by itself too",
  libp2pTest,
  async () => {
    // their sockets, accept loops and inactivity timers must all end with the hosts
    for (const name of ["deno-tcp", "deno-native"]) {
      const variant = { ...BUILTIN_VARIANTS[name], gossipsub: { heartbeatIntervalMs: 3_600_000 } };
      const result = await runFixture(variant, "close-channels", 20_000);
      assertEquals(result.exited, true, `${name}: the process did not exit within 20 s after stop`);
      assertEquals(result.code, 0);
    }
  },
);

Deno.test(
  "many simultaneous inbound dials from one IP all succeed (trap 4)",
  libp2pTest,
  async () => {
    // The defaults allow 5 inbound connections per second and 10 pending per IP.
    const hosts = await startHosts(41, BUILTIN_VARIANTS.floodsub, "dials");
    try {
      const results = await Promise.allSettled(
        hosts.slice(1).map((host) => host.dial(hosts[0].addrs[0])),
      );
      const failed = results.filter((result) => result.status === "rejected");
      assertEquals(
        failed.length,
        0,
        `dials failed: ${
          failed.map((f) => String((f as PromiseRejectedResult).reason)).join("; ")
        }`,
      );
      for (const host of hosts.slice(1)) assert(host.isConnected(hosts[0].peerId));
    } finally {
      await stopAll(hosts);
    }
  },
);

Deno.test(
  "a host with 19 loopback peers keeps its mesh past the heartbeats (trap 3)",
  libp2pTest,
  async () => {
    // Without the 127.0.0.1 whitelist the IP-colocation penalty graylists all 19 peers at the
    // first heartbeat: mesh 0, nothing delivered.
    const variant = variantWith({ gossipsub: { heartbeatIntervalMs: 100 } });
    const hosts = await startHosts(20, variant, "coloc");
    try {
      for (const host of hosts) host.subscribe("t");
      await Promise.all(hosts.slice(1).map((host) => host.dial(hosts[0].addrs[0])));
      // Wait until host 0 can send to all 19 (subscriptions in, streams open), then let the
      // heartbeats score, and graylist if they are going to.
      await withTimeout(waitForTopicPeerCount(hosts[0], "t", 19), 20_000, "19 topic peers");
      await withTimeout(waitForHeartbeats(hosts[0], 5), 20_000, "5 heartbeats");
      assert(
        hosts[0].meshDegree("t") >= 4,
        `mesh degree ${hosts[0].meshDegree("t")} after 5 heartbeats`,
      );
      const received = new Set<number>();
      const all = new Promise<void>((resolve) => {
        for (const host of hosts) {
          host.onMessage(() => {
            received.add(host.index);
            if (received.size === hosts.length) resolve();
          });
        }
      });
      await hosts[0].publish("t", new Uint8Array([1, 2, 3, 4]));
      await withTimeout(all, 20_000, "delivery to all 20 hosts");
      assertEquals(received.size, 20);
    } finally {
      await stopAll(hosts);
    }
  },
);

Deno.test("both stacks start hosts with the connection monitor off (trap 5)", () => {
  // The monitor pings every 10 s and aborts a connection whose ping fails; a saturated
  // single-process run misses pings on healthy connections. Both stack factories pass this.
  assertEquals(CONNECTION_MONITOR, { enabled: false });
});

function waitForTopicPeerCount(host: BenchHost, topic: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    if (host.topicPeerCount(topic) >= count) return resolve();
    const stop = host.onTopicPeersChange(() => {
      if (host.topicPeerCount(topic) >= count) {
        stop();
        resolve();
      }
    });
  });
}

/** Fails the test instead of hanging it when `promise` does not settle in time. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function waitForHeartbeats(host: BenchHost, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const stop = host.onHeartbeat(() => {
      if (++seen >= count) {
        stop();
        resolve();
      }
    });
  });
}
