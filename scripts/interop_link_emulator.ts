/**
 * The link emulator of `deno task node:netns`, run by it inside the run's router namespace:
 * creates the TUN device, prints `ready`, then hands every packet routed into the device back
 * after the one-way latency between its two nodes, until it is killed.
 *
 *   deno run --allow-ffi --allow-read scripts/interop_link_emulator.ts TUN_NAME LATENCY_JSON
 *
 * LATENCY_JSON holds `{"latencyMs": [[...], ...]}`, milliseconds from node i to node j.
 *
 * @module
 */
import { openTunDevice } from "../lib/interop/tun_device.ts";
import { runLinkEmulator } from "../lib/interop/link_emulator.ts";

if (import.meta.main) {
  const [tunName, latencyPath] = Deno.args;
  if (tunName === undefined || latencyPath === undefined) {
    console.error("usage: interop_link_emulator.ts TUN_NAME LATENCY_JSON");
    Deno.exit(2);
  }
  try {
    const { latencyMs } = JSON.parse(await Deno.readTextFile(latencyPath));
    const tun = openTunDevice(tunName);
    console.log("ready");
    await runLinkEmulator(tun, latencyMs, {
      onStats: ({ packets, bytes }) =>
        console.error(`link emulator: ${packets} packets, ${bytes} bytes`),
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    Deno.exit(2);
  }
}
