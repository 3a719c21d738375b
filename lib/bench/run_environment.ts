/**
 * The machine and software a bench ran on.
 *
 * @module
 */
import os from "node:os";
import type { RunEnvironment } from "./run_result.ts";

/** Collects the environment once per bench (git, CPU, memory, Deno and package versions). */
export async function collectEnvironment(): Promise<RunEnvironment> {
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: `${Deno.build.os} ${Deno.osRelease()} ${Deno.build.arch}`,
    cpuModel: _cpuModel(),
    cpuCount: navigator.hardwareConcurrency,
    memoryBytes: Deno.systemMemoryInfo().total,
    ..._hostname(),
    gitCommit: await _gitCommit(),
    packages: await _pinnedPackages(),
  };
}

/** From node:os (needs --allow-sys): Deno asks for --allow-all to read /proc/cpuinfo itself. */
function _cpuModel(): string {
  try {
    return os.cpus()[0]?.model?.trim() || "unknown";
  } catch {
    return "unknown";
  }
}

/** Tells two machines apart in a baseline comparison; needs --allow-sys=hostname. */
function _hostname(): { hostname?: string } {
  try {
    return { hostname: Deno.hostname() };
  } catch {
    return {};
  }
}

async function _git(args: string[]): Promise<string | undefined> {
  try {
    const root = new URL("../../", import.meta.url).pathname;
    const output = await new Deno.Command("git", { args, cwd: root, stderr: "null" }).output();
    return output.success ? new TextDecoder().decode(output.stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

async function _gitCommit(): Promise<string> {
  const commit = await _git(["rev-parse", "HEAD"]);
  if (commit === undefined) return "unknown";
  const status = await _git(["status", "--porcelain", "--untracked-files=no"]);
  return status === undefined || status === "" ? commit : `${commit}-dirty`;
}

async function _pinnedPackages(): Promise<Record<string, string>> {
  try {
    const text = await Deno.readTextFile(new URL("../../deno.json", import.meta.url));
    const imports = (JSON.parse(text) as { imports?: Record<string, string> }).imports ?? {};
    return Object.fromEntries(
      Object.entries(imports).filter(([, specifier]) => specifier.startsWith("npm:")),
    );
  } catch {
    return {};
  }
}
