// The runs' bundle: built once and reused while its sources are unchanged, and a run from it is
// the same run as from the sources (what the seed decides, what is delivered).
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseBenchConfig } from "../config/mod.ts";
import { CHILD_SOURCE_ENTRY, prepareChildEntry } from "./child_bundle.ts";
import type { ChildParams } from "./run_child.ts";
import { runInChild } from "./run_in_child.ts";

/** Real processes and hosts: libp2p leaves timers behind in the test's own process too. */
const processTest = { sanitizeOps: false, sanitizeResources: false };

Deno.test("prepareChildEntry gives the sources' run_child.ts for modules source", async () => {
  const entry = await prepareChildEntry({ modules: "source" });
  assertEquals(entry, { modules: "source", path: CHILD_SOURCE_ENTRY, flags: [] });
});

Deno.test({
  name: "prepareChildEntry builds once, reuses while the sources match, rebuilds when one differs",
  ...processTest,
  async fn() {
    const cacheDir = await Deno.makeTempDir({ prefix: "child_bundle_test_" });
    try {
      const built = await prepareChildEntry({ cacheDir });
      assert(built.buildMs !== undefined, "the first call builds");
      assertEquals(built.modules, "bundle");
      assert((await Deno.stat(built.path)).isFile);
      const folder = built.path.slice(0, built.path.lastIndexOf("/"));
      const manifest = JSON.parse(await Deno.readTextFile(`${folder}/manifest.json`));
      for (
        const file of [
          "deno.json",
          "deno.lock",
          "lib/bench/run_child.ts",
          "lib/bench/discovery_scenario.ts",
          "lib/net/create_libp2p3_host.ts",
          "lib/net/create_libp2p2_host.ts",
          "lib/config/types.ts", // types only: no code in the bundle, still a source
        ]
      ) assert(typeof manifest.files[file] === "string", `manifest lists ${file}`);
      for await (const entry of Deno.readDir(folder)) {
        assert(!entry.name.endsWith(".map"), `no source map is left: ${entry.name}`);
      }

      const reused = await prepareChildEntry({ cacheDir });
      assertEquals(reused, {
        modules: "bundle",
        path: built.path,
        flags: built.flags,
        bundleId: built.bundleId,
      });

      // A source whose content no longer matches its recorded hash, as after an edit.
      manifest.files["lib/bench/discovery_scenario.ts"] = "0".repeat(64);
      await Deno.writeTextFile(`${folder}/manifest.json`, JSON.stringify(manifest));
      const rebuilt = await prepareChildEntry({ cacheDir });
      assert(rebuilt.buildMs !== undefined, "a changed source rebuilds");
      assertEquals(rebuilt.path, built.path); // same sources, same manifest, same id
      const again = await prepareChildEntry({ cacheDir });
      assertEquals(again.buildMs, undefined);
    } finally {
      await Deno.remove(cacheDir, { recursive: true });
    }
  },
});

/** What a run from the bundle must share with a run from the sources, for the same seed. */
function sameRunFigures(report: Awaited<ReturnType<typeof runInChild>>["report"]) {
  const measured = report?.measurements;
  return {
    ok: report?.ok,
    failure: report?.failure,
    seedFingerprint: measured?.seedFingerprint,
    messagesExpected: measured?.messagesExpected,
    messagesDelivered: measured?.messagesDelivered,
    messagesMissed: measured?.messagesMissed,
    remoteDeliveries: measured?.latencyMs.count,
    machineKinds: Object.keys(measured?.transitions ?? {}).sort(),
  };
}

for (const variant of ["default", "states", "chainsafe"]) {
  Deno.test({
    name: `a run of ${variant} from the bundle decides and delivers as one from the sources`,
    ...processTest,
    async fn() {
      const config = parseBenchConfig("", "bench.yml");
      const params: ChildParams = {
        hosts: 4,
        msgs: 6,
        seed: 424242,
        variant: config.variants[variant],
        scenario: config.scenario,
      };
      const bundle = await prepareChildEntry();
      assertEquals(bundle.modules, "bundle");
      const figures = [];
      const source = await prepareChildEntry({ modules: "source" });
      for (const entry of [source, bundle]) {
        const outcome = await runInChild(params, {
          timeoutMs: 120_000,
          entry: entry.path,
          entryFlags: entry.flags,
        });
        assertEquals(outcome.processFailure, undefined);
        figures.push(sameRunFigures(outcome.report));
      }
      const [fromSources, fromBundle] = figures;
      assertEquals(fromSources.ok, true);
      assertEquals(fromSources.messagesDelivered, (params.msgs + 1) * params.hosts);
      assert(typeof fromSources.seedFingerprint === "string");
      if (variant === "states") assert(fromSources.machineKinds.length > 0);
      assertEquals(fromBundle, fromSources);
    },
  });
}
