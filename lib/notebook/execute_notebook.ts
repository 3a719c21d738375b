/**
 * Runs a notebook headless: injects the parameters, then executes every code cell through
 * Jupyter (jupyter_client and the notebook's kernel, the Deno kernel here) with the Python driver
 * `execute_notebook.py`, which keeps outputs the kernel publishes after reporting idle.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { injectParameters } from "./inject_parameters.ts";
import { parseNotebook } from "./notebook_document.ts";
import { osReason } from "../config/mod.ts";
import { NotebookError } from "./notebook_error.ts";

/** What to run when Jupyter is missing; every error about it ends with this. */
export const JUPYTER_INSTALL_HINT =
  "install it with: apt-get install -y --no-install-recommends jupyter-nbconvert " +
  "jupyter-client python3-nbclient python3-nbformat, then register the Deno kernel with: " +
  "deno jupyter --install";

/** The Python that has Jupyter on Debian (the first `python3` on PATH may be another one). */
export const DEFAULT_PYTHON = "/usr/bin/python3";

const _DRIVER = fileURLToPath(new URL("./execute_notebook.py", import.meta.url));

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Values injected after the `parameters` cell (see `injectParameters`). @default {} */
  parameters?: Readonly<Record<string, unknown>>;
  /**
   * Where the executed notebook is written. @default beside the notebook, `NAME.out.ipynb`
   * (git-ignored: running a notebook never changes the committed one unless asked to)
   */
  outPath?: string;
  /** The kernel's working directory; relative imports in cells start here. @default the notebook's folder */
  cwd?: string;
  /** Jupyter kernel name. @default the notebook's `metadata.kernelspec.name`, else `"deno"` */
  kernel?: string;
  /** The Python that has jupyter_client and nbformat. @default "/usr/bin/python3" */
  python?: string;
  /** How long the kernel may take to start. @default 60000 */
  startTimeoutMs?: number;
  /** How long one cell may run before the run fails; 0 means no limit. @default 0 */
  cellTimeoutMs?: number;
  /** After a cell reports idle, wait until none of its output came for this long. @default 100 */
  idleGraceMs?: number;
  /** After a cell reports idle, wait at most this long for late output. @default 2000 */
  idleGraceMaxMs?: number;
  /** Pass cell output to `onProgress` as it arrives, not only one line per cell. @default false */
  logOutput?: boolean;
  /** Receives each progress line (e.g. `nb: [3/9] cell 5 done in 1.2 s`). @default ignored */
  onProgress?: (line: string) => void;
}

/** A finished run. */
export interface NotebookRun {
  outPath: string;
  /** Code cells executed (blank ones are skipped). */
  cells: number;
  /** From starting the kernel to writing the notebook. */
  durationMs: number;
  /** Outputs that arrived after their cell reported idle (kept, but stock nbclient drops them). */
  lateOutputs: number;
  /** The latest of them, in ms after idle. */
  maxLateMs: number;
  /** Names injected, in order. */
  parameters: string[];
  /** `injected-parameters` cells of an earlier run that were removed. */
  removedInjectedCells: number;
}

/**
 * Where a run of `notebookPath` is saved unless told otherwise: beside it, so that its relative
 * links still work, as `NAME.out.ipynb` (git-ignored), e.g. `notebooks/bench.out.ipynb`.
 */
export function defaultOutPath(notebookPath: string): string {
  return join(dirname(notebookPath), `${basename(notebookPath, ".ipynb")}.out.ipynb`);
}

/** Options of {@linkcode prepareNotebook}. */
export interface PrepareNotebookOptions {
  /** Values injected after the `parameters` cell (see `injectParameters`). @default {} */
  parameters?: Readonly<Record<string, unknown>>;
  /** Where the prepared notebook is written. @default {@linkcode defaultOutPath} */
  outPath?: string;
}

/**
 * Injects the parameters and writes the notebook without running it (papermill's
 * `--prepare-only`), so that any tool can run it: `jupyter nbconvert --execute`, VS Code, ...
 * Earlier outputs are kept as they were.
 *
 * @returns the path written and the names injected
 * @throws {NotebookError} when the notebook or a parameter is invalid or the file cannot be
 * written
 */
export async function prepareNotebook(
  notebookPath: string,
  options: PrepareNotebookOptions = {},
): Promise<{ outPath: string; parameters: string[]; removedInjectedCells: number }> {
  const parameters = options.parameters ?? {};
  const outPath = options.outPath ?? defaultOutPath(notebookPath);
  let text: string;
  try {
    text = await Deno.readTextFile(notebookPath);
  } catch (error) {
    throw new NotebookError(`cannot read notebook "${notebookPath}": ${_reason(error)}`, {
      cause: error,
    });
  }
  const { notebook, removedCells } = injectParameters(
    parseNotebook(text, notebookPath),
    parameters,
    {
      label: notebookPath,
    },
  );
  await _checkFolder(dirname(resolve(outPath)), "--out", notebookPath);
  try {
    await Deno.writeTextFile(outPath, JSON.stringify(notebook, null, 1) + "\n");
  } catch (error) {
    throw new NotebookError(`${notebookPath}: cannot write "${outPath}": ${_reason(error)}`, {
      cause: error,
    });
  }
  return { outPath, parameters: Object.keys(parameters), removedInjectedCells: removedCells };
}

/** The driver's last stdout line. */
interface _Outcome {
  ok: boolean;
  kind?: string;
  cells?: number;
  cell?: number;
  executionCount?: number | null;
  ename?: string;
  evalue?: string;
  detail?: string;
  kernel?: string;
  known?: string[];
  timeoutSeconds?: number;
  durationSeconds?: number;
  lateOutputs?: number;
  maxLateMs?: number;
}

/**
 * Executes the notebook at `notebookPath` and writes it, with every output, to `options.outPath`
 * (also when a cell fails: with the outputs up to the failing cell). Outputs of earlier runs are
 * cleared first.
 *
 * @throws {NotebookError} when the notebook or a parameter is invalid, Jupyter or the kernel is
 * missing (the message says how to install them), the kernel does not start, or a cell fails;
 * a failure's message is one line naming the notebook, the cell and the error, e.g.
 * `notebooks/x.ipynb: cell 4 [2] failed: TypeError: boom (outputs so far saved to ...)`, where
 * cell 4 counts every cell of the saved notebook from 1 (markdown and the injected cell
 * included) and [2] is its execution count, as Jupyter front ends show it
 */
export async function executeNotebook(
  notebookPath: string,
  options: ExecuteNotebookOptions = {},
): Promise<NotebookRun> {
  const settings = _settings(notebookPath, options);
  let text: string;
  try {
    text = await Deno.readTextFile(notebookPath);
  } catch (error) {
    throw new NotebookError(`cannot read notebook "${notebookPath}": ${_reason(error)}`, {
      cause: error,
    });
  }
  const { notebook, removedCells } = injectParameters(
    parseNotebook(text, notebookPath),
    settings.parameters,
    { label: notebookPath },
  );
  await _checkFolder(dirname(resolve(settings.outPath)), "--out", notebookPath);
  await _checkFolder(settings.cwd, "--cwd", notebookPath);
  const kernel = settings.kernel ?? notebook.metadata.kernelspec?.name ?? "deno";

  const outcome = await _runDriver(JSON.stringify(notebook), kernel, settings);
  if (!outcome.ok) throw _failure(outcome, notebookPath, settings);
  return {
    outPath: settings.outPath,
    cells: outcome.cells ?? 0,
    durationMs: Math.round((outcome.durationSeconds ?? 0) * 1000),
    lateOutputs: outcome.lateOutputs ?? 0,
    maxLateMs: outcome.maxLateMs ?? 0,
    parameters: Object.keys(settings.parameters),
    removedInjectedCells: removedCells,
  };
}

interface _Settings {
  parameters: Readonly<Record<string, unknown>>;
  outPath: string;
  cwd: string;
  kernel?: string;
  python: string;
  startTimeoutMs: number;
  cellTimeoutMs: number;
  idleGraceMs: number;
  idleGraceMaxMs: number;
  logOutput: boolean;
  onProgress: (line: string) => void;
}

function _settings(notebookPath: string, options: ExecuteNotebookOptions): _Settings {
  const durations = {
    startTimeoutMs: [options.startTimeoutMs ?? 60_000, 1],
    cellTimeoutMs: [options.cellTimeoutMs ?? 0, 0],
    idleGraceMs: [options.idleGraceMs ?? 100, 0],
    idleGraceMaxMs: [options.idleGraceMaxMs ?? 2000, 0],
  } as const;
  for (const [name, [value, minimum]] of Object.entries(durations)) {
    if (!Number.isFinite(value) || value < minimum) {
      throw new NotebookError(
        `executeNotebook: option ${name} must be a number of ms >= ${minimum}, got ${value}`,
      );
    }
  }
  return {
    parameters: options.parameters ?? {},
    outPath: options.outPath ?? defaultOutPath(notebookPath),
    cwd: resolve(options.cwd ?? dirname(resolve(notebookPath))),
    kernel: options.kernel,
    python: options.python ?? DEFAULT_PYTHON,
    startTimeoutMs: durations.startTimeoutMs[0],
    cellTimeoutMs: durations.cellTimeoutMs[0],
    idleGraceMs: durations.idleGraceMs[0],
    idleGraceMaxMs: Math.max(durations.idleGraceMaxMs[0], durations.idleGraceMs[0]),
    logOutput: options.logOutput ?? false,
    onProgress: options.onProgress ?? (() => {}),
  };
}

async function _checkFolder(path: string, option: string, notebookPath: string): Promise<void> {
  let isDirectory = false;
  try {
    isDirectory = (await Deno.stat(path)).isDirectory;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (!isDirectory) {
    throw new NotebookError(`${notebookPath}: ${option} folder "${path}" does not exist`);
  }
}

async function _runDriver(notebookJson: string, kernel: string, settings: _Settings) {
  const args = [
    _DRIVER,
    "--input=-",
    `--output=${settings.outPath}`,
    `--cwd=${settings.cwd}`,
    `--kernel=${kernel}`,
    `--start-timeout=${settings.startTimeoutMs / 1000}`,
    `--cell-timeout=${settings.cellTimeoutMs / 1000}`,
    `--grace-ms=${settings.idleGraceMs}`,
    `--grace-max-ms=${settings.idleGraceMaxMs}`,
    // The notebook is the first line of stdin, and the pipe stays open: when this process dies,
    // even by SIGKILL, the driver sees it close and takes the kernel down with it.
    "--watch-stdin",
    ...(settings.logOutput ? ["--log-output"] : []),
  ];
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(settings.python, {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new NotebookError(
      `nb: cannot run ${settings.python} (${_reason(error)}); the notebook runner needs ` +
        `Python with Jupyter: ${JUPYTER_INSTALL_HINT}`,
      { cause: error },
    );
  }
  const stderrTail: string[] = [];
  const stdout = new Response(child.stdout).text();
  const stderr = _forwardLines(child.stderr, (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
    settings.onProgress(line);
  });
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(notebookJson + "\n"));
  } catch {
    // The driver stopped before reading the notebook (e.g. no Jupyter); its outcome says why.
  }
  const [status, out] = await Promise.all([child.status, stdout, stderr]);
  await writer.close().catch(() => {});
  const last = out.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as _Outcome;
  } catch {
    throw new NotebookError(
      `nb: the notebook driver ${_DRIVER} ended with exit code ${status.code} and no outcome: ${
        stderrTail.slice(-5).join(" | ") || "no output"
      }`,
    );
  }
}

async function _forwardLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const bytes of stream) {
    const lines = (pending + decoder.decode(bytes, { stream: true })).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  }
  pending += decoder.decode();
  if (pending !== "") onLine(pending);
}

function _failure(outcome: _Outcome, notebookPath: string, settings: _Settings): NotebookError {
  const saved = `outputs so far saved to ${settings.outPath}`;
  const cell = `cell ${outcome.cell}${
    outcome.executionCount === null || outcome.executionCount === undefined
      ? ""
      : ` [${outcome.executionCount}]`
  }`;
  switch (outcome.kind) {
    case "missing-jupyter":
      return new NotebookError(
        `nb: Jupyter is not usable with ${settings.python} (${outcome.detail}); ${JUPYTER_INSTALL_HINT}`,
      );
    case "no-kernel":
      return new NotebookError(
        `nb: no Jupyter kernel named "${outcome.kernel}" (known: ${
          outcome.known?.join(", ") || "none"
        }); register the Deno kernel with: deno jupyter --install`,
      );
    case "kernel-start":
      return new NotebookError(
        `${notebookPath}: the kernel did not start within ${outcome.timeoutSeconds} s (${
          _oneLine(outcome.detail ?? "")
        }); raise --start-timeout or check "jupyter kernelspec list"`,
      );
    case "timeout":
      return new NotebookError(
        `${notebookPath}: ${cell} did not finish within ${outcome.timeoutSeconds} s ` +
          `(--cell-timeout); ${saved}`,
      );
    case "kernel-died":
      return new NotebookError(`${notebookPath}: the kernel died while running ${cell}; ${saved}`);
    case "cell-error":
      return new NotebookError(
        `${notebookPath}: ${cell} failed: ${
          _oneLine([outcome.ename, outcome.evalue].filter((part) => part).join(": "))
        } (${saved})`,
      );
    default:
      return new NotebookError(`${notebookPath}: the run failed: ${JSON.stringify(outcome)}`);
  }
}

/** Error values may hold ANSI colours and several lines; the CLI prints one plain line. */
function _oneLine(text: string): string {
  return stripVTControlCharacters(text).replace(/\s*\n\s*/g, " ").trim();
}

function _reason(error: unknown): string {
  return osReason(error);
}
