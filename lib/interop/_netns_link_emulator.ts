/**
 * Starts the link emulator (`scripts/interop_link_emulator.ts`) in the router namespace of a
 * namespace run (netns_experiment.ts): it delays every packet between two nodes by their
 * one-way latency, read from a TUN device, because this kernel has no `netem`.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InteropError } from "./interop_error.ts";
import type { NetnsTools } from "./netns_tools.ts";
import { copyStreamToFile, killQuietly } from "./_netns_commands.ts";

/** The name of the TUN device that carries packets to the link emulator. */
export const LINK_EMULATOR_TUN = "linkdelay0";

const LINK_EMULATOR_SCRIPT = fileURLToPath(
  new URL("../../scripts/interop_link_emulator.ts", import.meta.url),
);

/**
 * Starts the link emulator inside `switchNs` and waits for its `ready` line (its TUN device
 * exists then). Its stderr goes to `<outDir>/link_emulator.stderr`.
 */
export async function startLinkEmulator(
  switchNs: string,
  latencyMs: number[][],
  outDir: string,
  tools: NetnsTools,
): Promise<Deno.ChildProcess> {
  const latencyPath = join(outDir, "link_latency.json");
  await Deno.writeTextFile(latencyPath, JSON.stringify({ latencyMs }));
  const child = new Deno.Command(tools.ip, {
    args: [
      "netns",
      "exec",
      switchNs,
      Deno.execPath(),
      "run",
      "--no-prompt",
      "--allow-ffi",
      "--allow-read",
      LINK_EMULATOR_SCRIPT,
      LINK_EMULATOR_TUN,
      latencyPath,
    ],
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderrCopy = copyStreamToFile(child.stderr, join(outDir, "link_emulator.stderr"));
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), 60_000);
  });
  try {
    while (!seen.includes("ready\n")) {
      const next = await Promise.race([reader.read(), late]);
      if (next === "late" || next.done) {
        killQuietly(child);
        await child.status;
        await stderrCopy;
        const stderr = await Deno.readTextFile(join(outDir, "link_emulator.stderr"))
          .catch(() => "");
        throw new InteropError(
          `network namespaces: the link emulator did not start${
            next === "late" ? " in 60 s" : ""
          }: ${stderr.trim().split("\n").at(-1) ?? ""}`,
        );
      }
      seen += next.value;
    }
  } finally {
    clearTimeout(timer);
  }
  // Nothing more is expected on stdout; keep draining it so the emulator never blocks on it.
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })().catch(() => {});
  return child;
}
