/**
 * Runs one scenario in a fresh Deno process: its own heap, its own peak RSS, a hard timeout.
 * The child is spawned ahead of its run and loads its modules while nothing is measured; its run
 * starts when the bench says go (see `child_protocol.ts`).
 *
 * @module
 */
import { stripVTControlCharacters } from "node:util";
import {
  type ChildMessage,
  EXIT_DEADLINE,
  EXIT_PARENT_GONE,
  GO_LINE,
  parseChildMessage,
  readLines,
} from "./child_protocol.ts";
import type { ScenarioProgress } from "./discovery_scenario.ts";
import { type ChildParams, type ChildReport, shardsOf } from "./run_child.ts";

/** Options of {@linkcode spawnRunChild}. */
export interface RunInChildOptions {
  /** Killed (SIGKILL) this long after its go. */
  timeoutMs: number;
  /**
   * Killed when loading its modules takes longer than this (loading is not part of the run, and
   * on a loaded machine it may take seconds). @default the larger of timeoutMs and 120000
   */
  loadTimeoutMs?: number;
  /**
   * Extra time the child gets to exit by itself after printing its result, before it is killed
   * and the run failed for lingering timers or sockets. @default 10000
   */
  exitGraceMs?: number;
  /** The child's own deadline is the parent's timeout plus this. @default 5000 */
  deadlineMarginMs?: number;
  /** Called with each progress line of the running child (see `child_protocol.ts`). */
  onProgress?: (progress: ScenarioProgress) => void;
  /**
   * The module the child runs: `run_child.ts`, or its bundle (`child_bundle.ts`).
   * @default the sources' run_child.ts
   */
  entry?: string;
  /** Flags of `deno run` for `entry` (before the module). @default none */
  entryFlags?: readonly string[];
}

/** What happened to the child. */
export interface ChildOutcome {
  /** The child's report when it printed one. */
  report?: ChildReport;
  /** Why the run failed at the process level: timeout, crash, no report, no exit. */
  processFailure?: string;
  /**
   * The child was ended by an interrupt (SIGINT, SIGTERM, SIGHUP) that the bench did not send,
   * e.g. a Ctrl-C to the whole process group: not a result of the run.
   */
  interrupted?: boolean;
  /** Wall time from the go to exit (or kill); from spawn when the child never got its go. */
  durationMs: number;
  /** From spawn until the child had loaded its modules and was ready. */
  loadMs?: number;
  /** From the report line to the process's own exit: how long stray timers kept it alive. */
  exitAfterReportMs?: number;
  /** When the run got its go (ISO time); absent when it never did. */
  startedAt?: string;
  /** The child's last progress line: how far a run that was killed had got. */
  progress?: ScenarioProgress;
}

/** A spawned run child, loading or loaded, running, reported or ended. */
export interface RunChild {
  /** The child's process id. */
  readonly pid: number;
  /** Resolves true once the child is loaded and waits for its go, false if it ended before. */
  readonly ready: Promise<boolean>;
  /** Starts the run (sends the go) and its hard timeout. Only once, and only when ready. */
  start(): void;
  /** Resolves when the measured phases are over: the `measured` line, the report or the end. */
  readonly measuredEnd: Promise<void>;
  /**
   * Resolves with the report when its line arrived, or with `undefined` when the process ended
   * without one. The report comes about a second before the exit (see `outcome`): decisions
   * that need a run's figures early (sequential sampling) take them from here.
   */
  readonly reported: Promise<ChildReport | undefined>;
  /** Resolves when the process has exited, with everything known about it. */
  readonly outcome: Promise<ChildOutcome>;
  /** Kills the child (SIGKILL); `reason` becomes its process failure. */
  kill(reason: string): void;
  /**
   * The outcome as if the process ended now, cleanly: its report and timings so far. A bench
   * renders its report from it while its last processes exit; the real outcome follows.
   */
  provisionalOutcome(): ChildOutcome;
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
  if (telemetry === undefined && shardsOf(params) > 1) {
    // A shard's worker loads its modules from the project's lib folder at run time.
    return CHILD_PERMISSIONS.map((permission) =>
      permission.startsWith("--allow-read=") ? `${permission},${PROJECT_ROOT}lib` : permission
    );
  }
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
const _INTERRUPTS = new Set(["SIGINT", "SIGTERM", "SIGHUP"]);

/**
 * The Deno that runs the children: this one when the bench may run it, else `deno` from PATH.
 * `deno task bench` grants `--allow-run=deno`, which Deno resolves through PATH; when that is
 * a symlink to this executable, only the name is allowed, not the resolved path.
 */
export function denoCommand(): string {
  const own = Deno.execPath();
  const state = Deno.permissions.querySync({ name: "run", command: own }).state;
  return state === "granted" ? own : "deno";
}

/**
 * Spawns `run_child.ts` for `params`; it loads and then waits for {@linkcode RunChild.start}.
 * Every process-level failure (a crash, a timeout, no report, lingering) ends up in the outcome;
 * this function only throws when the process cannot be spawned at all.
 */
export function spawnRunChild(params: ChildParams, options: RunInChildOptions): RunChild {
  const spawnedAt = performance.now();
  const deadlineMs = options.timeoutMs + (options.deadlineMarginMs ?? 5_000);
  const child = new Deno.Command(denoCommand(), {
    args: [
      "run",
      ...(options.entryFlags ?? []),
      ...childPermissions(params),
      options.entry ?? CHILD_ENTRY,
    ],
    cwd: PROJECT_ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    // libp2p's logger checks isatty for every logger it creates unless colours are off.
    env: { DEBUG_COLORS: "no" },
  }).spawn();
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  const send = (line: string): Promise<void> =>
    writer.write(encoder.encode(line + "\n")).catch(() => {
      // The child is gone; its exit status tells why.
    });
  void send(JSON.stringify({ ...params, deadlineMs }));

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
  const loadTimeoutMs = options.loadTimeoutMs ?? Math.max(options.timeoutMs, 120_000);
  let timer = setTimeout(() => kill(`did not load within ${loadTimeoutMs} ms`), loadTimeoutMs);

  let readyAt: number | undefined;
  let startedAt: number | undefined;
  let startedAtIso: string | undefined;
  let reportAt: number | undefined;
  let report: ChildReport | undefined;
  let progress: ScenarioProgress | undefined;
  let protocolFailure: string | undefined;
  const ready = Promise.withResolvers<boolean>();
  const measuredEnd = Promise.withResolvers<void>();
  const reported = Promise.withResolvers<ChildReport | undefined>();

  const onMessage = (message: ChildMessage): void => {
    switch (message.type) {
      case "ready":
        readyAt = performance.now();
        clearTimeout(timer);
        ready.resolve(true);
        return;
      case "progress":
        progress = message.progress;
        options.onProgress?.(message.progress);
        return;
      case "measured":
        measuredEnd.resolve();
        return;
      case "report": {
        reportAt = performance.now();
        report = message.report;
        clearTimeout(timer);
        const graceMs = options.exitGraceMs ?? 10_000;
        timer = setTimeout(
          () =>
            kill(`did not exit within ${graceMs} ms after its report (stray timers or sockets)`),
          graceMs,
        );
        // Closing stdin tells the child its report arrived (its watchdog then stands down).
        void writer.close().catch(() => {});
        measuredEnd.resolve();
        reported.resolve(report);
        return;
      }
    }
  };
  const stdoutDone = (async () => {
    for await (const line of readLines(child.stdout)) {
      if (line.trim() === "") continue;
      const message = parseChildMessage(line);
      if (message !== undefined) onMessage(message);
      else protocolFailure ??= `child printed a line that is not a message: ${line.slice(0, 200)}`;
    }
  })();
  const stderrDone = new Response(child.stderr).text();

  const outcome = (async (): Promise<ChildOutcome> => {
    const status = await child.status;
    clearTimeout(timer);
    await stdoutDone.catch(() => {});
    const stderr = await stderrDone.catch(() => "");
    const endedAt = performance.now();
    ready.resolve(false);
    measuredEnd.resolve();
    reported.resolve(undefined);
    await writer.close().catch(() => {});

    const result: ChildOutcome = {
      durationMs: endedAt - (startedAt ?? spawnedAt),
      ...(readyAt !== undefined ? { loadMs: readyAt - spawnedAt } : {}),
      ...(startedAtIso !== undefined ? { startedAt: startedAtIso } : {}),
      ...(progress !== undefined ? { progress } : {}),
    };
    if (report !== undefined) {
      result.report = report;
      result.exitAfterReportMs = endedAt - (reportAt ?? endedAt);
    }
    if (protocolFailure !== undefined) result.processFailure = protocolFailure;
    if (killedFor !== undefined) result.processFailure = killedFor;
    else if (status.signal !== null && _INTERRUPTS.has(status.signal)) {
      result.interrupted = true;
      result.processFailure = `interrupted by ${status.signal}`;
    } else if (!status.success) {
      result.processFailure = `${_exitReason(status.code, status.signal)}: ${_firstLines(stderr)}`;
    } else if (result.report === undefined && result.processFailure === undefined) {
      result.processFailure = `exited without a report: ${_firstLines(stderr)}`;
    }
    return result;
  })();

  return {
    pid: child.pid,
    ready: ready.promise,
    measuredEnd: measuredEnd.promise,
    reported: reported.promise,
    outcome,
    kill,
    provisionalOutcome: () => ({
      durationMs: performance.now() - (startedAt ?? spawnedAt),
      ...(report !== undefined ? { report } : {}),
      ...(protocolFailure !== undefined ? { processFailure: protocolFailure } : {}),
      ...(readyAt !== undefined ? { loadMs: readyAt - spawnedAt } : {}),
      ...(startedAtIso !== undefined ? { startedAt: startedAtIso } : {}),
    }),
    start() {
      if (startedAt !== undefined) throw new Error("spawnRunChild: start() called twice");
      startedAt = performance.now();
      startedAtIso = new Date().toISOString();
      clearTimeout(timer);
      timer = setTimeout(() => kill(`timeout after ${options.timeoutMs} ms`), options.timeoutMs);
      void send(GO_LINE);
    },
  };
}

/** Spawns a child for `params`, starts it as soon as it is loaded, and waits for its exit. */
export async function runInChild(
  params: ChildParams,
  options: RunInChildOptions,
): Promise<ChildOutcome> {
  const child = spawnRunChild(params, options);
  if (await child.ready) child.start();
  return await child.outcome;
}

function _exitReason(code: number, signal: Deno.Signal | null): string {
  if (code === EXIT_PARENT_GONE) return `exited (code ${code}): it saw the bench go away`;
  if (code === EXIT_DEADLINE) return `exited (code ${code}): past its own deadline`;
  return `crashed with exit code ${code}${signal ? ` (${signal})` : ""}`;
}

function _firstLines(text: string): string {
  const plain = stripVTControlCharacters(text).trim();
  const lines = plain.split("\n").filter((line) => line.trim() !== "");
  return lines.slice(0, 3).join(" | ").slice(0, 500) || "(no stderr)";
}
