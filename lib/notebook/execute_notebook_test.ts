// Integration tests of the notebook runner: real Jupyter, the real Deno kernel.
import {
  deepStrictEqual as assertEquals,
  match,
  notDeepStrictEqual as assertNotEquals,
  ok as assert,
  rejects,
} from "node:assert/strict";
import { executeNotebook, JUPYTER_INSTALL_HINT } from "./execute_notebook.ts";
import { NotebookError } from "./notebook_error.ts";
import {
  codeCell,
  type ExecutedCell,
  markdownCell,
  outputData,
  outputText,
  readExecuted,
  requireJupyter,
  writeNotebook,
} from "./testdata/jupyter.ts";

const PARAMETERS = codeCell('let hosts = [5];\nlet variant = "default";', ["parameters"]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>';

Deno.test("executeNotebook injects the parameters and saves every output", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  const source = `${dir}/tiny.ipynb`;
  await writeNotebook(source, [
    markdownCell("# tiny"),
    PARAMETERS,
    codeCell("console.log(JSON.stringify({ hosts, variant, cwd: Deno.cwd() }));"),
    codeCell(
      `await Deno.jupyter.display({ "image/svg+xml": ${JSON.stringify(SVG)} }, { raw: true });`,
    ),
  ]);
  const before = await Deno.readTextFile(source);
  const progress: string[] = [];
  const run = await executeNotebook(source, {
    parameters: { hosts: [3, 5], variant: "states" },
    outPath: `${dir}/out.ipynb`,
    onProgress: (line) => progress.push(line),
  });
  assertEquals([run.cells, run.parameters, run.outPath], [
    4,
    ["hosts", "variant"],
    `${dir}/out.ipynb`,
  ]);
  const executed = await readExecuted(`${dir}/out.ipynb`);
  assertEquals(executed.cells.map((cell) => cell.metadata.tags ?? []), [
    [],
    ["parameters"],
    ["injected-parameters"],
    [],
    [],
  ]);
  assertEquals(executed.cells.map((cell) => cell.execution_count), [undefined, 1, 2, 3, 4]);
  const printed = executed.cells[3].outputs!.map(outputText).join("");
  assertEquals(JSON.parse(printed), {
    hosts: [3, 5],
    variant: "states",
    cwd: await Deno.realPath(dir),
  });
  assertEquals(outputData(executed.cells[4].outputs![0], "image/svg+xml"), SVG);
  assertEquals((executed.metadata.language_info as { name: string }).name, "typescript");
  assert(
    progress.some((line) => /^nb: \[4\/4\] cell 5 done in \d+\.\d s$/.test(line)),
    progress.join("\n"),
  );
  assertEquals(await Deno.readTextFile(source), before, "the source notebook is left alone");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("executeNotebook stops at a failing cell, names it and saves the outputs so far", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  const source = `${dir}/failing.ipynb`;
  await writeNotebook(source, [
    codeCell('console.log("before");'),
    markdownCell("between"),
    // Coloured and on two lines, as error values often are: the message gets one plain line.
    codeCell('throw new TypeError("\\x1b[1;31mboom\\x1b[0m\\nsecond line");'),
    codeCell('console.log("after");'),
  ]);
  await rejects(
    executeNotebook(source, { outPath: `${dir}/out.ipynb` }),
    (error: Error) => {
      assert(error instanceof NotebookError, String(error));
      assertEquals(
        error.message,
        `${source}: cell 3 [2] failed: TypeError: boom second line ` +
          `(outputs so far saved to ${dir}/out.ipynb)`,
      );
      return true;
    },
  );
  const executed = await readExecuted(`${dir}/out.ipynb`);
  assertEquals(executed.cells[0].outputs!.map(outputText), ["before\n"]);
  assertEquals(executed.cells[2].outputs!.map((output) => [output.ename, output.evalue]), [
    ["TypeError", "\x1b[1;31mboom\x1b[0m\nsecond line"],
  ]);
  assertEquals([executed.cells[3].outputs, executed.cells[3].execution_count], [[], null]);
  await Deno.remove(dir, { recursive: true });
});

/**
 * 100 cells, each with its value as output and a timer that prints after the cell has finished.
 * The Deno kernel publishes most of those prints, and some of the values, after it reports idle.
 */
function lateOutputCells(): ReturnType<typeof codeCell>[] {
  return Array.from(
    { length: 100 },
    (_, index) => codeCell(`setTimeout(() => console.log("late ${index}"), 0);\n${index};`),
  );
}

/** Cells whose outputs are not exactly their own value and their own late print. */
function misfiledCells(cells: ExecutedCell[]): number[] {
  return cells.flatMap((cell, index) => {
    const texts = (cell.outputs ?? []).map((output) => outputText(output).trim()).sort();
    return JSON.stringify(texts) === JSON.stringify([String(index), `late ${index}`].sort())
      ? []
      : [index];
  });
}

Deno.test("executeNotebook keeps every output of a 100-cell notebook in its own cell", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  await writeNotebook(`${dir}/late.ipynb`, lateOutputCells());
  const run = await executeNotebook(`${dir}/late.ipynb`, { outPath: `${dir}/out.ipynb` });
  const executed = await readExecuted(`${dir}/out.ipynb`);
  assertEquals(misfiledCells(executed.cells), []);
  assertEquals(executed.cells.flatMap((cell) => cell.outputs!).length, 200);
  // Most timer prints come after idle: the grace period is what kept them.
  assert(run.lateOutputs > 0, `late outputs: ${run.lateOutputs}`);
  console.log(
    `100 cells: ${run.lateOutputs} outputs came after idle (latest ${run.maxLateMs} ms), all kept`,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("stock nbclient drops or misfiles late Deno kernel output (why nb has its own driver)", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  await writeNotebook(`${dir}/late.ipynb`, lateOutputCells());
  const output = await new Deno.Command("/usr/bin/jupyter", {
    args: [
      "nbconvert",
      "--to=notebook",
      "--execute",
      `--output=${dir}/stock.ipynb`,
      `${dir}/late.ipynb`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  const misfiled = misfiledCells((await readExecuted(`${dir}/stock.ipynb`)).cells);
  // If this fails, stock Jupyter keeps the Deno kernel's late output now: see the README note.
  assertNotEquals(misfiled, []);
  console.log(`stock nbclient: ${misfiled.length} of 100 cells lost or misfiled output`);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("stock nbclient keeps every output of cells that end with flushKernelOutput", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  const flushModule = new URL("./flush_kernel_output.ts", import.meta.url).href;
  const padding = "x".repeat(20_000);
  await writeNotebook(`${dir}/flushed.ipynb`, [
    codeCell(`import { flushKernelOutput } from ${JSON.stringify(flushModule)};`),
    ...Array.from({ length: 30 }, (_, index) =>
      codeCell(
        `console.log("printed ${index}");\n` +
          `await Deno.jupyter.display({ "text/markdown": "shown ${index} ${padding}" }, { raw: true });\n` +
          `if (await flushKernelOutput() !== "flushed") throw new Error("not flushed");`,
      )),
  ]);
  const output = await new Deno.Command("/usr/bin/jupyter", {
    args: [
      "nbconvert",
      "--to=notebook",
      "--execute",
      `--output=${dir}/stock.ipynb`,
      `${dir}/flushed.ipynb`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  const cells = (await readExecuted(`${dir}/stock.ipynb`)).cells.slice(1);
  const wrong = cells.flatMap((cell, index) => {
    const outputs = (cell.outputs ?? []).map((output) =>
      output.output_type === "stream"
        ? outputText(output).trim()
        : (outputData(output, "text/markdown") ?? "").slice(0, `shown ${index}`.length)
    );
    return JSON.stringify(outputs) === JSON.stringify([`printed ${index}`, `shown ${index}`])
      ? []
      : [`cell ${index + 2}: ${JSON.stringify(outputs)}`];
  });
  assertEquals(wrong, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("executeNotebook stops a cell that runs past the cell timeout", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  await writeNotebook(`${dir}/slow.ipynb`, [
    codeCell(
      'console.log("started");\nawait new Promise((resolve) => setTimeout(resolve, 60_000));',
    ),
  ]);
  const startedAt = performance.now();
  await rejects(
    executeNotebook(`${dir}/slow.ipynb`, { outPath: `${dir}/out.ipynb`, cellTimeoutMs: 1500 }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        `${dir}/slow.ipynb: cell 1 did not finish within 1.5 s (--cell-timeout); ` +
          `outputs so far saved to ${dir}/out.ipynb`,
  );
  assert(performance.now() - startedAt < 30_000, "the kernel was stopped, not waited for");
  const executed = await readExecuted(`${dir}/out.ipynb`);
  assertEquals(executed.cells[0].outputs!.map(outputText), ["started\n"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("executeNotebook says how to install Jupyter when the Python has none", async () => {
  const dir = await Deno.makeTempDir();
  await writeNotebook(`${dir}/x.ipynb`, [codeCell("1")]);
  // -S leaves out site-packages, where Debian's python3-nbformat and jupyter-client live.
  const python = `${dir}/python-without-jupyter`;
  await Deno.writeTextFile(python, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
  await Deno.chmod(python, 0o755);
  await rejects(
    executeNotebook(`${dir}/x.ipynb`, { outPath: `${dir}/out.ipynb`, python }),
    (error: Error) => {
      assert(error instanceof NotebookError, String(error));
      match(
        error.message,
        new RegExp(`^nb: Jupyter is not usable with ${python} \\(No module named`),
      );
      assert(error.message.endsWith(JUPYTER_INSTALL_HINT), error.message);
      match(
        error.message,
        /apt-get install -y --no-install-recommends jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat/,
      );
      match(error.message, /deno jupyter --install$/);
      return true;
    },
  );
  await rejects(
    executeNotebook(`${dir}/x.ipynb`, { python: `${dir}/no-such-python` }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message.startsWith(`nb: cannot run ${dir}/no-such-python (`) &&
      error.message.endsWith(JUPYTER_INSTALL_HINT),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("executeNotebook names a missing kernel and how to register the Deno kernel", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  await writeNotebook(`${dir}/x.ipynb`, [codeCell("1")]);
  await rejects(
    executeNotebook(`${dir}/x.ipynb`, { outPath: `${dir}/out.ipynb`, kernel: "no-such-kernel" }),
    (error: Error) =>
      error instanceof NotebookError &&
      /^nb: no Jupyter kernel named "no-such-kernel" \(known: .*deno.*\); register the Deno kernel with: deno jupyter --install$/
        .test(error.message),
  );
  await Deno.remove(dir, { recursive: true });
});
