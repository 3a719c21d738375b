/**
 * `nb`: runs a notebook headless with parameters, papermill-style, and saves it with its outputs.
 *
 * @module
 */
import { osReason, parseFlags } from "../config/mod.ts";
import { DEFAULT_PYTHON, executeNotebook, prepareNotebook } from "./execute_notebook.ts";
import { NotebookError } from "./notebook_error.ts";
import {
  parseParameterMapping,
  parseParameterValue,
  validateParameterName,
} from "./parameter_values.ts";

/** Usage text of the nb command. */
export const NB_USAGE = `Usage: deno task nb NOTEBOOK [-p NAME VALUE ...] [options]

Executes NOTEBOOK (.ipynb, Deno kernel) headless through Jupyter, papermill-style: the parameters
go into a new cell tagged injected-parameters right after the cell tagged parameters (replacing
one from an earlier run), every code cell runs in order, and the notebook is saved with all its
outputs. Stops at the first failing cell and says which one; the notebook is saved either way.

Parameters (applied in the order given; each name must be declared with let in the parameters cell):
  -p, --parameter NAME VALUE   VALUE as JSON when it is JSON (3, true, [3,5], {"D":8}, "x"),
                               else as a string (states)
  -r, --raw-parameter NAME VALUE   VALUE as a string, never parsed
  -y, --yaml TEXT              a YAML mapping of names to values, e.g. '{hosts: [3], msgs: [3]}'
  -f, --parameters-file FILE   a YAML or JSON file holding such a mapping

Options:
  --out FILE               where the executed notebook goes (default: beside NOTEBOOK as
                           NAME.out.ipynb, git-ignored; pass NOTEBOOK itself to update it)
  --prepare-only           inject the parameters and save the notebook without running it,
                           for another tool to run (jupyter nbconvert --execute, VS Code, ...)
  --cwd DIR                the kernel's working directory (default: NOTEBOOK's folder)
  --kernel NAME            Jupyter kernel (default: the notebook's kernelspec, else deno)
  --python PATH            Python with jupyter_client and nbformat (env NB_PYTHON;
                           default ${DEFAULT_PYTHON})
  --start-timeout S        seconds the kernel may take to start (default 60)
  --cell-timeout S         seconds one cell may run, 0 for no limit (default 0)
  --idle-grace-ms N        after a cell reports idle, wait until its output has been quiet
                           this long, for output the Deno kernel sends late (default 100)
  --log-output             print cell output on stderr as it arrives
  -h, --help               this text

Needs Jupyter: apt-get install -y --no-install-recommends jupyter-nbconvert jupyter-client \\
  python3-nbclient python3-nbformat && deno jupyter --install

Exit codes: 0 every cell ran, 2 bad input, a missing Jupyter or a failed cell, 1 unexpected error.`;

/** Runs the nb command with `args` (the words after `nb`); returns the exit code. */
export async function nbCommand(args: string[]): Promise<number> {
  const { parameterArgs, rest } = _splitParameterArgs(args);
  const flags = _parseFlags(rest);
  if (flags.help) {
    console.log(NB_USAGE);
    return 0;
  }
  const parameters = await _parameters(parameterArgs);
  if (flags.prepareOnly) {
    const prepared = await prepareNotebook(flags.notebook, {
      parameters,
      ...(flags.out === undefined ? {} : { outPath: flags.out }),
    });
    console.log(
      `nb: ${flags.notebook}: ${
        prepared.parameters.length > 0
          ? `injected ${prepared.parameters.join(", ")}`
          : "no parameters injected"
      }; saved ${prepared.outPath} (not run)`,
    );
    return 0;
  }
  const run = await executeNotebook(flags.notebook, {
    parameters,
    ...(flags.out === undefined ? {} : { outPath: flags.out }),
    ...(flags.cwd === undefined ? {} : { cwd: flags.cwd }),
    ...(flags.kernel === undefined ? {} : { kernel: flags.kernel }),
    python: flags.python ?? Deno.env.get("NB_PYTHON") ?? DEFAULT_PYTHON,
    startTimeoutMs: _numberFlag(flags.startTimeout, "--start-timeout", {
      fallback: 60,
      minimum: 0,
      exclusiveMinimum: true,
      maximum: 3_600,
    }) * 1000,
    cellTimeoutMs: _numberFlag(flags.cellTimeout, "--cell-timeout", {
      fallback: 0,
      minimum: 0,
      maximum: 86_400,
    }) * 1000,
    idleGraceMs: _numberFlag(flags.idleGraceMs, "--idle-grace-ms", {
      fallback: 100,
      minimum: 0,
      maximum: 60_000,
    }),
    logOutput: flags.logOutput,
    onProgress: (line) => console.error(line),
  });
  if (run.removedInjectedCells > 0 && run.parameters.length === 0) {
    console.error(
      `note: removed the injected-parameters cell of an earlier run; the notebook ran with its ` +
        `own parameters`,
    );
  }
  const late = run.lateOutputs > 0
    ? `; ${run.lateOutputs} outputs came after their cell reported idle (up to ${
      run.maxLateMs.toFixed(1)
    } ms) and were kept`
    : "";
  console.log(
    `nb: ${flags.notebook}: ${run.cells} cells ran in ${(run.durationMs / 1000).toFixed(1)} s${
      run.parameters.length > 0 ? ` with ${run.parameters.join(", ")}` : ""
    }; saved ${run.outPath}${late}`,
  );
  return 0;
}

type _ParameterArg =
  | { kind: "json" | "raw"; flag: string; name: string; value: string }
  | { kind: "yaml" | "file"; flag: string; text: string };

const _TWO_WORD_FLAGS: Record<string, "json" | "raw"> = {
  "-p": "json",
  "--parameter": "json",
  "-r": "raw",
  "--raw-parameter": "raw",
};
const _ONE_WORD_FLAGS: Record<string, "yaml" | "file"> = {
  "-y": "yaml",
  "--yaml": "yaml",
  "-f": "file",
  "--parameters-file": "file",
};

/**
 * Takes the parameter flags out of `args`, in order. parseArgs cannot read `-p NAME VALUE` (an
 * option with two words), and the order of -p, -r, -y and -f decides which value wins.
 */
function _splitParameterArgs(args: string[]): { parameterArgs: _ParameterArg[]; rest: string[] } {
  const parameterArgs: _ParameterArg[] = [];
  const rest: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (flag in _TWO_WORD_FLAGS && inline === undefined) {
      if (index + 2 >= args.length) {
        throw new NotebookError(`nb: ${flag} needs two words, NAME VALUE (see --help)`);
      }
      const name = args[index + 1];
      validateParameterName(name, flag);
      parameterArgs.push({ kind: _TWO_WORD_FLAGS[flag], flag, name, value: args[index + 2] });
      index += 2;
    } else if (flag in _ONE_WORD_FLAGS) {
      const text = inline ?? args[++index];
      if (text === undefined) throw new NotebookError(`nb: ${flag} needs a value (see --help)`);
      parameterArgs.push({ kind: _ONE_WORD_FLAGS[flag], flag, text });
    } else {
      rest.push(arg);
    }
  }
  return { parameterArgs, rest };
}

async function _parameters(parameterArgs: _ParameterArg[]): Promise<Record<string, unknown>> {
  const parameters: Record<string, unknown> = {};
  for (const arg of parameterArgs) {
    switch (arg.kind) {
      case "json":
        parameters[arg.name] = parseParameterValue(arg.value, arg.name);
        break;
      case "raw":
        parameters[arg.name] = arg.value;
        break;
      case "yaml":
      case "file": {
        const text = arg.kind === "yaml" ? arg.text : await _readParametersFile(arg.text);
        const label = arg.kind === "yaml" ? arg.flag : `${arg.flag} ${arg.text}`;
        for (const [name, value] of Object.entries(parseParameterMapping(text, label))) {
          validateParameterName(name, label);
          parameters[name] = value;
        }
      }
    }
  }
  return parameters;
}

async function _readParametersFile(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new NotebookError(
      `nb: cannot read parameters file "${path}": ${osReason(error)}`,
    );
  }
}

interface _Flags {
  notebook: string;
  out?: string;
  cwd?: string;
  kernel?: string;
  python?: string;
  startTimeout?: string;
  cellTimeout?: string;
  idleGraceMs?: string;
  logOutput: boolean;
  prepareOnly: boolean;
  help: boolean;
}

function _parseFlags(args: string[]): _Flags {
  const parsed = parseFlags(args, "nb", {
    toError: (message) => new NotebookError(message),
    allowPositionals: true,
    options: {
      out: { type: "string" },
      cwd: { type: "string" },
      kernel: { type: "string" },
      python: { type: "string" },
      "start-timeout": { type: "string" },
      "cell-timeout": { type: "string" },
      "idle-grace-ms": { type: "string" },
      "log-output": { type: "boolean", default: false },
      "prepare-only": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const { values, positionals } = parsed;
  if (values.help) return { notebook: "", logOutput: false, prepareOnly: false, help: true };
  if (positionals.length !== 1) {
    throw new NotebookError(
      `nb: expected one NOTEBOOK, got ${positionals.length} (${
        positionals.join(" ") || "none"
      }); e.g. deno task nb notebooks/bench.ipynb (see --help)`,
    );
  }
  return {
    notebook: positionals[0],
    out: values.out,
    cwd: values.cwd,
    kernel: values.kernel,
    python: values.python,
    startTimeout: values["start-timeout"],
    cellTimeout: values["cell-timeout"],
    idleGraceMs: values["idle-grace-ms"],
    logOutput: values["log-output"] ?? false,
    prepareOnly: values["prepare-only"] ?? false,
    help: false,
  };
}

/**
 * A number flag within `[minimum, maximum]`; `exclusiveMinimum` makes the lower bound itself
 * invalid (a start timeout of 0 s could never be met).
 */
function _numberFlag(
  text: string | undefined,
  flag: string,
  bounds: { fallback: number; minimum: number; maximum: number; exclusiveMinimum?: boolean },
): number {
  if (text === undefined) return bounds.fallback;
  const value = Number(text);
  const { minimum, maximum, exclusiveMinimum = false } = bounds;
  if (
    text.trim() === "" || !Number.isFinite(value) || value > maximum ||
    (exclusiveMinimum ? value <= minimum : value < minimum)
  ) {
    throw new NotebookError(
      `nb: ${flag} must be a number ${
        exclusiveMinimum ? ">" : ">="
      } ${minimum} and <= ${maximum}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
