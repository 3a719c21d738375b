/**
 * `dbg`: serves the state-machine history viewer for a journal on 127.0.0.1 until Ctrl-C.
 *
 * @module
 */
import { join } from "node:path";
import { listenForStopSignals, parseFlags } from "../../config/mod.ts";
import { readJournal } from "../read_journal.ts";
import { DbgError } from "./dbg_error.ts";
import { type DbgServer, startDbgServer } from "./dbg_server.ts";

/** Usage text of the dbg command. */
export const DBG_USAGE = `Usage: deno task dbg [options] [FILE]

Serves the state-machine history viewer on 127.0.0.1 for a journal written with PS_AM_DEBUG=1,
and runs until Ctrl-C or SIGTERM (exit 0; a second Ctrl-C quits at once, exit 130). The page can
also open a local journal file itself.

Arguments:
  FILE          the journal (default: the newest results/*/traces/*.journal.ndjson, if any)

Options:
  --port N      port on 127.0.0.1; 0 picks any free port (default 0)
  --no-open     do not try to open a browser (opening one needs --allow-run; without it the
                URL is only printed)
  -h, --help    this text`;

/** Options of {@linkcode dbgCommand}; the defaults are what the CLI uses. */
export interface DbgCommandOptions {
  /**
   * Stops the server when aborted (tests use it in place of Ctrl-C).
   * @default none: runs until SIGINT
   */
  signal?: AbortSignal;
  /**
   * Where the default journal is looked for.
   * @default "results"
   */
  resultsRoot?: string;
  /**
   * Called with the page's URL once the server listens.
   * @default none
   */
  onListen?: (url: string) => void;
}

/**
 * Runs the dbg command with `args` (the words after `dbg`); resolves with the exit code once the
 * server has stopped.
 */
export async function dbgCommand(args: string[], options: DbgCommandOptions = {}): Promise<number> {
  const flags = _parseFlags(args);
  if (flags.help) {
    console.log(DBG_USAGE);
    return 0;
  }
  // Listening starts before anything is printed: a signal sent on seeing the "viewer at" line
  // must find the listener there (adding one is not instant), or it would kill the process.
  // One Ctrl-C can arrive twice (deno task forwards it too): the copy is ignored; a second,
  // later Ctrl-C quits without waiting for open connections to close.
  const stopRequest = new AbortController();
  const abortStop = (): void => stopRequest.abort();
  const stopListening = options.signal === undefined
    ? listenForStopSignals({ onStop: abortStop, onQuit: () => Deno.exit(130) })
    : undefined;
  if (options.signal?.aborted) abortStop();
  else options.signal?.addEventListener("abort", abortStop, { once: true });
  try {
    const server = await _serve(flags, options);
    const stop = (): void => void server.close().catch(() => {});
    if (stopRequest.signal.aborted) stop();
    else stopRequest.signal.addEventListener("abort", stop, { once: true });
    await server.finished;
  } catch (error) {
    stopListening?.();
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", abortStop);
  }
  // The signal listeners stay until the process exits: removed, a late copy of the Ctrl-C would
  // meet the default action and end the process with 130 instead of 0.
  console.log("dbg: stopped");
  return 0;
}

/** Reads the journal (if any), starts the server and says where it is. */
async function _serve(flags: _Flags, options: DbgCommandOptions): Promise<DbgServer> {
  const journalPath = flags.file ?? await findNewestJournal(options.resultsRoot ?? "results");
  if (journalPath === undefined) {
    console.log(
      `dbg: no journal given and none under ${options.resultsRoot ?? "results"}/*/; ` +
        "open one from the page",
    );
  } else {
    const startedAt = performance.now();
    const journal = await readJournal(journalPath);
    const notes = [
      `${journal.transitions.length} transitions`,
      `${journal.machines.length} machines`,
      journal.end === undefined
        ? "not closed (the run was killed?)"
        : `${journal.end.dropped} dropped past the bound`,
    ];
    if (journal.skipped.length > 0) {
      const first = journal.skipped[0];
      notes.push(
        `${journal.skipped.length} broken lines skipped (first: line ${first.line}: ${first.reason})`,
      );
    }
    console.log(
      `dbg: ${journalPath}: ${notes.join(", ")}; read in ${
        Math.round(performance.now() - startedAt)
      } ms`,
    );
  }
  const server = await startDbgServer({ port: flags.port, journalPath });
  console.log(`dbg: viewer at ${server.url} (Ctrl-C to stop)`);
  options.onListen?.(server.url);
  if (flags.open) _tryOpen(server.url);
  return server;
}

/** Journal file names: the bench's `<run>.journal.ndjson`, or `journal*.ndjson`. */
const _JOURNAL_NAME = /(^journal.*|\.journal)\.ndjson$/;

/**
 * The most recently modified journal (`*.journal.ndjson` or `journal*.ndjson`) in a folder
 * directly under `resultsRoot` or in its `traces/` folder (where a bench's traced runs write
 * theirs), or `undefined` when there is none (or no `resultsRoot`).
 */
export async function findNewestJournal(resultsRoot: string): Promise<string | undefined> {
  let newest: { path: string; mtimeMs: number } | undefined;
  try {
    for await (const bench of Deno.readDir(resultsRoot)) {
      if (!bench.isDirectory) continue;
      for (
        const folder of [join(resultsRoot, bench.name), join(resultsRoot, bench.name, "traces")]
      ) {
        let entries: Deno.DirEntry[];
        try {
          entries = await Array.fromAsync(Deno.readDir(folder));
        } catch (error) {
          if (error instanceof Deno.errors.NotFound) continue;
          throw error;
        }
        for (const entry of entries) {
          if (!entry.isFile || !_JOURNAL_NAME.test(entry.name)) continue;
          const path = join(folder, entry.name);
          const mtimeMs = (await Deno.stat(path)).mtime?.getTime() ?? 0;
          if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
        }
      }
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new DbgError(`dbg: cannot look for journals in "${resultsRoot}": ${_message(error)}`, {
      cause: error,
    });
  }
  return newest?.path;
}

interface _Flags {
  help: boolean;
  port: number;
  open: boolean;
  file?: string;
}

function _parseFlags(args: string[]): _Flags {
  const parsed = parseFlags(args, "dbg", {
    toError: (message) => new DbgError(message),
    allowPositionals: true,
    options: {
      port: { type: "string" },
      "no-open": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new DbgError(
      `dbg: one journal file at most, got ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65_535) {
      throw new DbgError(
        `dbg: --port must be an integer from 0 to 65535 (0: any free port), got "${values.port}"`,
      );
    }
  }
  return { help: values.help, port, open: !values["no-open"], file: positionals[0] };
}

/** Opens the URL in a browser when the permissions allow running one; otherwise does nothing. */
function _tryOpen(url: string): void {
  const command = Deno.build.os === "darwin"
    ? "open"
    : Deno.build.os === "windows"
    ? "explorer"
    : "xdg-open";
  if (Deno.permissions.querySync({ name: "run", command }).state !== "granted") return;
  try {
    const child = new Deno.Command(command, { args: [url], stdout: "null", stderr: "null" })
      .spawn();
    child.status.catch(() => {});
  } catch {
    // No browser opener installed: the URL is printed already.
  }
}

function _message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
