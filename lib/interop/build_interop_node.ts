/**
 * Builds what Shadow starts for each js-libp2p node: an executable `#!/bin/sh` entry script with
 * absolute paths that runs Deno offline (`--cached-only`) from a module cache prepared beside it.
 * Shadow starts its processes with a nearly empty environment (no PATH, HOME or DENO_DIR), so the
 * script names the Deno binary, the cache, the config and the module by absolute path.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InteropError } from "./interop_error.ts";
import { INTEROP_STACK_DESCRIPTIONS, INTEROP_STACKS, type InteropStack } from "./interop_host.ts";

/**
 * Permissions of the node: read params.json (its path is only known at run time), listen on
 * 0.0.0.0:9000 and dial any node's address (`--allow-net`, which also covers name resolution),
 * the environment (libp2p's logger reads DEBUG), and the hostname (the node id) and network
 * interfaces (libp2p expands 0.0.0.0 into the interface addresses it announces).
 */
export const INTEROP_NODE_PERMISSIONS: readonly string[] = [
  "--allow-read",
  "--allow-net",
  "--allow-env",
  "--allow-sys=hostname,networkInterfaces",
];

/** Options of {@linkcode buildInteropNode}. */
export interface BuildInteropNodeOptions {
  /**
   * The repository root (with deno.json, deno.lock and scripts/interop_node.ts).
   *
   * @default this file's repository
   */
  repoRoot?: string;
  /**
   * The Deno binary the entry script runs (the real binary, not a wrapper on PATH).
   *
   * @default `Deno.execPath()`
   */
  denoPath?: string;
  /** Progress lines. @default nothing */
  onProgress?: (line: string) => void;
}

/** What {@linkcode buildInteropNode} wrote. */
export interface BuiltInteropNode {
  /** The absolute path of the executable entry script of the default stack. */
  entryPath: string;
  /** The entry script of each stack: `entry` and `entry-chainsafe`. */
  entryPaths: Record<InteropStack, string>;
  /** The absolute path of the Deno cache it runs from. */
  denoDir: string;
}

/** The file name of a stack's entry script: `entry`, `entry-chainsafe`. */
export function entryScriptName(stack: InteropStack): string {
  return stack === "default" ? "entry" : `entry-${stack}`;
}

/**
 * Writes `<outDir>/entry` (the default stack) and `<outDir>/entry-chainsafe`, fills
 * `<outDir>/deno_dir` with every module the node imports (`deno cache --frozen`, from the npm
 * registry on the first build), then runs each entry with an empty environment (`--help`) to
 * check that it starts offline and to warm the cache. A `.gitignore` of `*` keeps the folder out
 * of git, `deno fmt` and `deno lint`.
 *
 * @throws {InteropError} if caching or the check run fails (the message has Deno's stderr)
 */
export async function buildInteropNode(
  outDir: string,
  options: BuildInteropNodeOptions = {},
): Promise<BuiltInteropNode> {
  const progress = options.onProgress ?? (() => {});
  const repoRoot = resolve(options.repoRoot ?? fileURLToPath(new URL("../../", import.meta.url)));
  const denoPath = resolve(options.denoPath ?? Deno.execPath());
  const dir = resolve(outDir);
  const denoDir = join(dir, "deno_dir");
  const config = join(repoRoot, "deno.json");
  const entryModule = join(repoRoot, "scripts", "interop_node.ts");
  await Deno.mkdir(denoDir, { recursive: true });
  await Deno.writeTextFile(join(dir, ".gitignore"), "*\n");

  progress(`caching ${entryModule} and its dependencies in ${denoDir}`);
  await _run(denoPath, ["cache", "--config", config, "--frozen", entryModule], {
    env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1" },
    what: "deno cache",
  });

  const entryPaths = {} as Record<InteropStack, string>;
  for (const stack of INTEROP_STACKS) {
    const entryPath = join(dir, entryScriptName(stack));
    const text = renderEntryScript({ denoPath, denoDir, config, entryModule }, { stack });
    const temporary = `${entryPath}.tmp`;
    await Deno.writeTextFile(temporary, text, { mode: 0o755 });
    await Deno.chmod(temporary, 0o755);
    await Deno.rename(temporary, entryPath);
    progress(`checking that ${entryPath} starts with an empty environment`);
    await _run(entryPath, ["--help"], { clearEnv: true, what: `${entryPath} --help` });
    progress(`built ${entryPath}`);
    entryPaths[stack] = entryPath;
  }
  return { entryPath: entryPaths.default, entryPaths, denoDir };
}

/** The paths {@linkcode renderEntryScript} writes into the entry script, all absolute. */
export interface EntryScriptPaths {
  denoPath: string;
  denoDir: string;
  config: string;
  entryModule: string;
}

/**
 * The entry script's text: `#!/bin/sh`, the cache, then `exec` of Deno with absolute paths,
 * offline (`--cached-only`), with the lock file frozen and the node's permissions; the
 * experiment's arguments (`--params /abs/params.json`) are passed on, after `--stack` for a
 * stack other than the default.
 */
export function renderEntryScript(
  paths: EntryScriptPaths,
  options: { stack?: InteropStack } = {},
): string {
  const stack = options.stack ?? "default";
  const args = [
    _shellQuote(paths.denoPath),
    "run",
    "--cached-only",
    "--frozen",
    "--no-prompt",
    "--config",
    _shellQuote(paths.config),
    ...INTEROP_NODE_PERMISSIONS,
    _shellQuote(paths.entryModule),
    ...(stack === "default" ? [] : ["--stack", stack]),
    '"$@"',
  ];
  return [
    "#!/bin/sh",
    `# gossipsub-interop node: ${INTEROP_STACK_DESCRIPTIONS[stack]}, on Deno.`,
    "# Written by `deno task node:build`; runs offline from the cache below and needs no PATH,",
    "# HOME or DENO_DIR. Usage: entry --params /abs/params.json (node id from the hostname nodeN).",
    `DENO_DIR=${_shellQuote(paths.denoDir)}`,
    "DENO_NO_UPDATE_CHECK=1",
    "NO_COLOR=1",
    // The debug logger checks isatty per logger unless this is set (NOTES-libp2p-deno.md).
    "DEBUG_COLORS=no",
    "export DENO_DIR DENO_NO_UPDATE_CHECK NO_COLOR DEBUG_COLORS",
    `exec ${args.join(" ")}`,
    "",
  ].join("\n");
}

async function _run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; clearEnv?: boolean; what: string },
): Promise<void> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(command, {
      args,
      env: options.env,
      clearEnv: options.clearEnv,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    throw new InteropError(`${options.what}: cannot run: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-5).join(" | ");
    throw new InteropError(`${options.what}: exit code ${output.code}: ${stderr}`);
  }
}

/** Single-quotes a word for sh. */
function _shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
