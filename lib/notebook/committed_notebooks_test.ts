// Checks of the notebooks committed in notebooks/, read as they are: executed without errors,
// linking only to committed files, writing only to git-ignored places, and formatted.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { outputData, readExecuted } from "./testdata/jupyter.ts";
import { markdown, NOTEBOOKS, outputsOf, pngTitles, REPO } from "./testdata/notebook_outputs.ts";

const COMMITTED = ["bench.ipynb", "tuning.ipynb", "sim.ipynb"];

Deno.test("the committed notebooks are executed, error-free, with PNG charts and no raw ANSI codes", async () => {
  for (const name of COMMITTED) {
    const notebook = await readExecuted(`${NOTEBOOKS}${name}`);
    assertEquals(notebook.cells[0].cell_type, "markdown", name);
    match([notebook.cells[0].source].flat().join(""), /^# .+\n[\s\S]*deno task nb notebooks\//);
    assert(notebook.cells.some((cell) => cell.metadata.tags?.includes("parameters")), name);
    assert(
      !notebook.cells.some((cell) => cell.metadata.tags?.includes("injected-parameters")),
      name,
    );
    for (const cell of notebook.cells.filter((cell) => cell.cell_type === "code")) {
      assert(typeof cell.execution_count === "number", `${name}: a code cell was not run`);
      if (!cell.metadata.tags?.includes("parameters")) {
        assert((cell.outputs ?? []).length > 0, `${name}: a cell shows nothing`);
      }
    }
    const outputs = outputsOf(notebook);
    assertEquals(outputs.filter((output) => output.output_type === "error"), [], name);
    assert(pngTitles(outputs).length >= 3, `${name}: charts`);
    assertEquals(outputs.filter((output) => output.data?.["image/svg+xml"]).length, 0, name);
    const raw = JSON.stringify(outputs);
    assert(!raw.includes("\\u001b"), `${name}: an output holds ANSI escape codes`);
  }
});

/** Files git tracks, relative to the repository. */
async function trackedFiles(): Promise<Set<string>> {
  const output = await new Deno.Command("git", { args: ["ls-files"], cwd: REPO, stdout: "piped" })
    .output();
  return new Set(new TextDecoder().decode(output.stdout).split("\n").filter((line) => line));
}

Deno.test("the committed notebooks link only to committed files", async () => {
  const tracked = await trackedFiles();
  for (const name of COMMITTED) {
    const notebook = await readExecuted(`${NOTEBOOKS}${name}`);
    const text = notebook.cells.map((cell) =>
      cell.cell_type === "markdown" ? [cell.source].flat().join("") : markdown(cell.outputs ?? []) +
        (cell.outputs ?? []).map((output) => outputData(output, "text/html") ?? "").join("")
    ).join("\n");
    const links = [
      ...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]),
      ...[...text.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]),
    ].filter((link) => !/^(https?:|#|data:)/.test(link));
    const dead = links.filter((link) => {
      const path = new URL(link.split("#")[0], `file://${NOTEBOOKS}`).pathname.slice(REPO.length);
      return !tracked.has(path);
    });
    assertEquals(dead, [], `${name} links to files that are not committed`);
  }
  // The notebook's report sample, which bench.ipynb links to.
  const sample = `${REPO}docs/examples/notebook/bench.md`;
  assert(tracked.has("docs/examples/notebook/bench.md"));
  const sampleLinks = [...(await Deno.readTextFile(sample)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]).filter((link) => !/^(https?:|#)/.test(link));
  assertEquals(
    sampleLinks.filter((link) =>
      !tracked.has(new URL(link, `file://${sample}`).pathname.slice(REPO.length))
    ),
    [],
  );
});

Deno.test("what the notebooks write by default goes to git-ignored places", async () => {
  const ignored = async (path: string): Promise<boolean> =>
    (await new Deno.Command("git", { args: ["check-ignore", "-q", path], cwd: REPO }).output())
      .success;
  // nb's default output, beside the notebook.
  assert(await ignored("notebooks/bench.out.ipynb"));
  for (const name of COMMITTED) {
    const notebook = await readExecuted(`${NOTEBOOKS}${name}`);
    const parameters = [
      notebook.cells.find((cell) => cell.metadata.tags?.includes("parameters"))!
        .source,
    ].flat().join("");
    for (const match of parameters.matchAll(/^let (resultsRoot|reportDir) = "([^"]+)";$/gm)) {
      const folder = new URL(`${match[2]}/`, `file://${NOTEBOOKS}`).pathname.slice(REPO.length);
      assert(await ignored(`${folder}nb-x/results.ndjson`), `${name}: ${match[1]} ${folder}`);
    }
  }
});

/** `text` as `deno fmt` formats a file of type `ext` with the repository's settings. */
async function denoFmt(text: string, ext: "ts" | "md"): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "fmt",
      `--config=${new URL("../../deno.json", import.meta.url).pathname}`,
      `--ext=${ext}`,
      "-",
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const output = await child.output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout);
}

// `deno fmt --check` (2.9.6) flags every .ipynb as unformatted on a cold cache, with an empty
// diff, so deno.json leaves notebooks/ out of it; this checks their cells instead.
Deno.test("the notebooks' cells are formatted as deno fmt formats TypeScript and Markdown", async () => {
  for (const name of COMMITTED) {
    const notebook = await readExecuted(`${NOTEBOOKS}${name}`);
    for (const [index, cell] of notebook.cells.entries()) {
      const source = [cell.source].flat().join("");
      const formatted = await denoFmt(source + "\n", cell.cell_type === "code" ? "ts" : "md");
      assertEquals(source, formatted.trimEnd(), `${name} cell ${index + 1}`);
    }
  }
});
