/**
 * The tools the namespace runner (netns_experiment.ts) drives, found by absolute path: it runs
 * as root, so it does not trust PATH, and it says which Debian package brings a missing tool.
 *
 * @module
 */
import { InteropError } from "./interop_error.ts";

/** Where each tool is looked for; the first existing path is used. */
const TOOL_CANDIDATES = {
  ip: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"],
  tc: ["/usr/sbin/tc", "/sbin/tc", "/usr/bin/tc", "/bin/tc"],
  unshare: ["/usr/bin/unshare", "/bin/unshare"],
  hostname: ["/usr/bin/hostname", "/bin/hostname"],
  env: ["/usr/bin/env", "/bin/env"],
  sh: ["/bin/sh", "/usr/bin/sh"],
} as const;

type ToolName = keyof typeof TOOL_CANDIDATES;

/** The tools' absolute paths. */
export type NetnsTools = Record<ToolName, string>;

/**
 * What the namespace runner lacks on this machine, one line each (empty when nothing): root,
 * and the tools of {@linkcode findNetnsTools}.
 */
export async function checkNetnsPrerequisites(): Promise<string[]> {
  const missing: string[] = [];
  if (Deno.uid() !== 0) missing.push(`root (running as uid ${Deno.uid()})`);
  for (const [tool, paths] of Object.entries(TOOL_CANDIDATES)) {
    if (await _firstExisting(paths) === undefined) {
      missing.push(`${tool} (looked for ${paths.join(", ")}; Debian: ${_package(tool)})`);
    }
  }
  return missing;
}

/**
 * The tools' absolute paths.
 *
 * @throws {InteropError} listing what is missing, as {@linkcode checkNetnsPrerequisites} does
 */
export async function findNetnsTools(): Promise<NetnsTools> {
  const found: Partial<NetnsTools> = {};
  const missing: string[] = [];
  for (const [tool, paths] of Object.entries(TOOL_CANDIDATES)) {
    const path = await _firstExisting(paths);
    if (path === undefined) missing.push(`${tool} (Debian: ${_package(tool)})`);
    else found[tool as ToolName] = path;
  }
  if (missing.length > 0) {
    throw new InteropError(`network namespaces: missing ${missing.join(", ")}`);
  }
  return found as NetnsTools;
}

async function _firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) if (await _exists(path)) return path;
  return undefined;
}

async function _exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function _package(tool: string): string {
  switch (tool) {
    case "ip":
      return "iproute2";
    case "unshare":
      return "util-linux";
    case "hostname":
      return "hostname";
    case "tc":
      return "iproute2";
    default:
      return "coreutils / dash";
  }
}
