/**
 * Test helper: Debian's headless Chromium driven by playwright-core, never a downloaded browser.
 *
 * @module
 */
import fs from "node:fs";
import type { Browser } from "playwright-core";

/** Debian's chromium package. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const _ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches the browser. Close it in the test that launched it.
 *
 * playwright-core probes `/proc/sys/fs/binfmt_misc/WSLInterop` with `fs.existsSync` when it is
 * loaded, and Deno answers that probe with NotCapable unless the process runs with --allow-all,
 * which the test task does not grant. Before the first import, `existsSync` is wrapped so that a
 * NotCapable answer for a path under /proc/sys reads as "does not exist" (which is true off WSL);
 * every other call is untouched.
 */
export async function launchChromium(): Promise<Browser> {
  try {
    await Deno.stat(CHROMIUM_PATH);
  } catch {
    throw new Error(
      `the viewer tests need headless Chromium at ${CHROMIUM_PATH}: apt-get install chromium`,
    );
  }
  _allowWslProbe();
  const { chromium } = await import("playwright-core");
  return await chromium.launch({ executablePath: CHROMIUM_PATH, args: _ARGS });
}

let _wrapped = false;

function _allowWslProbe(): void {
  if (_wrapped) return;
  _wrapped = true;
  const existsSync = fs.existsSync;
  fs.existsSync = ((path: fs.PathLike) => {
    try {
      return existsSync(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable && String(path).startsWith("/proc/sys/")) {
        return false;
      }
      throw error;
    }
  }) as typeof fs.existsSync;
}
