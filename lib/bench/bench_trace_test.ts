// End-to-end: `bench --trace` adds one uncounted traced run per cell whose files load as the
// formats Jaeger, Perfetto and collectors read (and that Chrome DevTools' trace engine reads),
// and whose journal the viewer reads.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import {
  readJournal,
  validateChromeTrace,
  validateJaegerJson,
  validateOtlpJson,
} from "../telemetry/mod.ts";
import { loadInDevtools } from "../telemetry/testdata/devtools_trace.ts";
import { readResults } from "./results_store.ts";
import { cliTest, runCli } from "./testdata/run_cli.ts";

Deno.test(
  "bench --trace records valid trace files and a journal in an uncounted run",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const bench = await runCli([
      "bench",
      "--hosts=3",
      "--msgs=3",
      "--variants=default,states",
      "--iterations=1",
      "--warmups=0",
      "--trace",
      `--out=${dir}/bench`,
      `--report-dir=${dir}/report`,
    ]);
    assertEquals(bench.code, 0, bench.stderr);
    const { results } = await readResults(`${dir}/bench/results.ndjson`);
    const traced = results.filter((result) => result.traced);
    assertEquals(traced.map((result) => result.key), ["h3-m3-default-t0", "h3-m3-states-t0"]);
    assert(traced.every((result) => result.ok && result.warmup === false));

    // Plain orchestration: spans only. States: spans and a journal.
    assertEquals(Object.keys(traced[0].telemetryFiles!).sort(), ["chrome", "jaeger", "otlp"]);
    assertEquals(Object.keys(traced[1].telemetryFiles!).sort(), [
      "chrome",
      "jaeger",
      "journal",
      "otlp",
    ]);
    for (const result of traced) {
      const files = result.telemetryFiles!;
      const read = async (kind: string) =>
        JSON.parse(await Deno.readTextFile(`${dir}/bench/${files[kind]}`));
      const otlp = await read("otlp");
      assertEquals(validateOtlpJson(otlp), []);
      assertEquals(validateJaegerJson(await read("jaeger")), []);
      const chrome = await read("chrome");
      assertEquals(validateChromeTrace(chrome), []);
      // The scenario's phases and a span per host are there, and messages flow publish -> deliver.
      const names = new Set(
        otlp.resourceSpans.flatMap((resource: { scopeSpans: { spans: { name: string }[] }[] }) =>
          resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name))
        ),
      );
      for (
        const name of [
          "run",
          "init",
          "subscribe",
          "firstMessage",
          "verify",
          "randomMessages",
          "stop",
        ]
      ) {
        assert(names.has(name), `no ${name} span in ${result.key}`);
      }
      for (const name of ["host 0", "host 1", "host 2", "publish", "deliver"]) {
        assert(names.has(name), `no ${name} span in ${result.key}`);
      }
      // Chrome DevTools' own trace engine reads the same publishes and delivers as the OTLP file
      // holds, on the hosts' message threads.
      const spanCount = (name: string): number =>
        otlp.resourceSpans.flatMap((resource: { scopeSpans: { spans: { name: string }[] }[] }) =>
          resource.scopeSpans.flatMap((scope) => scope.spans.filter((span) => span.name === name))
        ).length;
      const devtools = await loadInDevtools(chrome.traceEvents);
      const slices = devtools.threads.flatMap((thread) =>
        thread.name.startsWith("messages") ? thread.slices : []
      );
      for (const name of ["publish", "deliver"]) {
        assertEquals(
          slices.filter((slice) => slice.name === name).length,
          spanCount(name),
          `${name} slices DevTools read in ${result.key}`,
        );
      }
      assert(spanCount("deliver") >= 8, `${spanCount("deliver")} delivers in ${result.key}`);
      const flows = chrome.traceEvents.filter((event: { ph: string }) => event.ph === "s");
      // 4 messages, each delivered to 2 remote hosts.
      assert(flows.length >= 8, `${flows.length} flow arrows in ${result.key}`);
    }
    const journal = await readJournal(`${dir}/bench/${traced[1].telemetryFiles!.journal}`);
    assertEquals(journal.skipped, []);
    const kinds = new Set(journal.transitions.map((transition) => transition.machineKind));
    assert(kinds.has("pubsubHost") && kinds.has("discovery"), [...kinds].join(", "));
    assertEquals(journal.end?.dropped, 0);

    // The traced runs are not counted, and the report links their files.
    const markdown = await Deno.readTextFile(`${dir}/report/bench.md`);
    // One counted run of default: n is 1 in the active-time table.
    match(markdown, /^\| 3 \| 3 \| default \| [\d.]+ \([\d.]+\) \| 1 \|/m);
    for (const result of traced) {
      for (const path of Object.values(result.telemetryFiles!)) {
        assert(markdown.includes(`(../bench/${path})`), `${path} is not linked`);
      }
    }
    await Deno.remove(dir, { recursive: true });
  },
);
