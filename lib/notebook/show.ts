/**
 * Showing outputs in a notebook cell so that they stay in that cell whatever runs it: each
 * output is published, then the cell waits until the kernel has sent them all
 * ({@linkcode flushKernelOutput}).
 *
 * @module
 */
import { denoJupyter, flushKernelOutput } from "./flush_kernel_output.ts";

/** One output's content: media type -> content (base64 for images), as Jupyter stores it. */
export type MediaBundle = Record<string, string>;

/** One output of a notebook cell: its content and, for images, their display size. */
export interface NotebookOutput {
  data: MediaBundle;
  /** Per media type, e.g. `{ "image/png": { width: 720, height: 360 } }`. @default {} */
  metadata?: Record<string, unknown>;
}

/** Sends one output of the running cell; `update` replaces the output with `displayId`. */
export type PublishOutput = (
  output: NotebookOutput,
  options?: { displayId?: string; update?: boolean },
) => void;

/** Options of {@linkcode show}. */
export interface ShowOptions {
  /** Where outputs go. @default {@linkcode publishOutput} */
  publish?: PublishOutput;
  /** Waits until the kernel has sent them. @default {@linkcode flushKernelOutput} */
  flush?: () => Promise<unknown>;
}

/** `text` as a Markdown output, the same text as its plain-text fallback. */
export function markdownOutput(text: string): NotebookOutput {
  return { data: { "text/markdown": text, "text/plain": text } };
}

/**
 * Shows `items` in the running cell, in order (a string is Markdown), and returns once the
 * kernel has sent them: make it the cell's last statement, and the outputs reach this cell in
 * nbconvert, papermill, VS Code and JupyterLab alike.
 *
 * @example
 * ```ts ignore
 * await show(["## Result", await chartOutput(svg)]);
 * ```
 */
export async function show(
  items: NotebookOutput | string | readonly (NotebookOutput | string)[],
  options: ShowOptions = {},
): Promise<void> {
  const publish = options.publish ?? publishOutput;
  const list = Array.isArray(items) ? items : [items];
  for (const item of list as (NotebookOutput | string)[]) {
    publish(typeof item === "string" ? markdownOutput(item) : item);
  }
  await (options.flush ?? flushKernelOutput)();
}

/**
 * Publishes `output` as `display_data` (or `update_display_data`) from the Deno kernel; outside
 * a kernel, prints its plain text, so that notebook code also runs under `deno run`.
 */
export function publishOutput(
  output: NotebookOutput,
  options: { displayId?: string; update?: boolean } = {},
): void {
  const jupyter = denoJupyter();
  if (jupyter === undefined) {
    console.log(output.data["text/plain"] ?? Object.keys(output.data).join(", "));
    return;
  }
  // The kernel's own display() always sends empty metadata; images need their size.
  jupyter.broadcast(options.update ? "update_display_data" : "display_data", {
    data: output.data,
    metadata: output.metadata ?? {},
    transient: options.displayId === undefined ? {} : { display_id: options.displayId },
  });
}
