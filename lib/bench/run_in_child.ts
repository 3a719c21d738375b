/**
 * Runs one scenario in a fresh Deno process: its own heap, its own peak RSS, a hard timeout.
 *
 * @module
 */
import { stripVTControlCharacters } from "node:util";
import type { ChildParams, ChildReport } from "./run_child.ts";

/** Options of {@linkcode runInChild}. */
export interface RunInChildOptions {
  /** Killed (SIGKILL) after this long. */
  timeoutMs: number;
  /**
   * Extra time the child gets to exit by itself after printing its result, before it is killed
   * and the run failed for lingering timers or sockets. @default 10000
   */
  exitGraceMs?: number;
}

/** What happened to the child. */
export interface ChildOutcome {
  /** The child's report when it printed one. */
  report?: ChildReport;
  /** Why the run failed at the process level: timeout, crash, no report, no exit. */
  processFailure?: string;
  /** Wall time from spawn to exit (or kill). */
  durationMs: number;
  /** From the report line to the process's own exit: how long stray timers kept it alive. */
  exitAfterReportMs?: number;
}

/** Deno permissions of a run: loopback network, environment, and its own /proc status. */
export const CHILD_PERMISSIONS = [
  "--allow-net=127.0.0.1",
  "--allow-env",
  "--allow-read=/proc/self/status",
] as const;

/**
 * The permissions of a run with `params`: {@linkcode CHILD_PERMISSIONS}, and for a traced run
 * also its telemetry folder (read and write: files are written to a temporary name and renamed)
 * and its collector's host.
 */
export function childPermissions(params: ChildParams): string[] {
  const telemetry = params.telemetry;
  if (telemetry === undefined) return [...CHILD_PERMISSIONS];
  const hosts = ["127.0.0.1"];
  if (telemetry.settings.otlpEndpoint !== "") {
    hosts.push(new URL(telemetry.settings.otlpEndpoint).host);
  }
  return [
    `--allow-net=${[...new Set(hosts)].join(",")}`,
    "--allow-env",
    `--allow-read=/proc/self/status,${telemetry.dir}`,
    `--allow-write=${telemetry.dir}`,
  ];
}

const CHILD_ENTRY = new URL("./run_child.ts", import.meta.url).pathname;
/** The repository root: the child finds deno.json (its import map and lock) from here. */
const PROJECT_ROOT = new URL("../../", import.meta.url).pathname;

/** Spawns `run_child.ts`, hands it `params`, and waits for its report and its exit. */
export async function runInChild(
  params: ChildParams,
  options: RunInChildOptions,
): Promise<ChildOutcome> {
  const startedAt = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...childPermissions(params), CHILD_ENTRY],
    cwd: PROJECT_ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    // libp2p's logger checks isatty for every logger it creates unless colours are off.
    env: { DEBUG_COLORS: "no" },
  }).spawn();
  let killedFor: string | undefined;
  const kill = (reason: string): void => {
    if (killedFor !== undefined) return;
    killedFor = reason;
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
  };
  let timer = setTimeout(() => kill(`timeout after ${options.timeoutMs} ms`), options.timeoutMs);

  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(params)));
  await writer.close();

  let reportAt: number | undefined;
  let reportLine: string | undefined;
  const stdoutDone = (async () => {
    let buffered = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (reportLine === undefined && newline >= 0) {
        reportLine = buffered.slice(0, newline);
        reportAt = performance.now();
        clearTimeout(timer);
        const graceMs = options.exitGraceMs ?? 10_000;
        timer = setTimeout(
          () =>
            kill(`did not exit within ${graceMs} ms after its report (stray timers or sockets)`),
          graceMs,
        );
      }
    }
  })();
  const stderrDone = new Response(child.stderr).text();
  const status = await child.status;
  clearTimeout(timer);
  await stdoutDone;
  const stderr = await stderrDone;
  const endedAt = performance.now();

  const outcome: ChildOutcome = { durationMs: endedAt - startedAt };
  if (reportLine !== undefined) {
    try {
      outcome.report = JSON.parse(reportLine) as ChildReport;
      outcome.exitAfterReportMs = endedAt - (reportAt ?? endedAt);
    } catch {
      outcome.processFailure = `child printed a line that is not JSON: ${reportLine.slice(0, 200)}`;
    }
  }
  if (killedFor !== undefined) outcome.processFailure = killedFor;
  else if (!status.success) {
    outcome.processFailure = `crashed with exit code ${status.code}${
      status.signal ? ` (${status.signal})` : ""
    }: ${_firstLines(stderr)}`;
  } else if (outcome.report === undefined && outcome.processFailure === undefined) {
    outcome.processFailure = `exited without a report: ${_firstLines(stderr)}`;
  }
  return outcome;
}

function _firstLines(text: string): string {
  const plain = stripVTControlCharacters(text).trim();
  const lines = plain.split("\n").filter((line) => line.trim() !== "");
  return lines.slice(0, 3).join(" | ").slice(0, 500) || "(no stderr)";
}
