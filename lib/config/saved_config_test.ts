// A bench saves its config as config.json and `bench --resume` parses it back: a change to the
// config layer must read the configs benches already saved exactly as before. The files in
// testdata/saved were written, and parsed into *.parsed.json, by the config layer as it was
// before the overrides moved to the shared reader (overrides.ts).
import assert from "node:assert/strict";
import { parseBenchConfig } from "./parse_bench_config.ts";

const SAVED = new URL("./testdata/saved/", import.meta.url);

for (const name of ["default", "smoke", "full"]) {
  Deno.test(`parseBenchConfig() reads the saved ${name} config.json as it always did`, async () => {
    const text = await Deno.readTextFile(new URL(`${name}.config.json`, SAVED));
    const expected = JSON.parse(await Deno.readTextFile(new URL(`${name}.parsed.json`, SAVED)));
    const parsed = JSON.parse(JSON.stringify(parseBenchConfig(text, "config.json", { env: {} })));
    // Added since those files were saved: the comparison settings and the A/A twin, both at
    // their defaults (twin a copy of the saved default). Everything else reads as before.
    assert.deepEqual(parsed.comparison, {
      minSamples: 5,
      primary: "activeMs",
      falseDiscoveryRate: 0.05,
      noiseFloor: 0.02,
      calibration: "",
    });
    assert.deepEqual(parsed.variants.twin, parsed.variants.default);
    delete parsed.comparison;
    delete parsed.variants.twin;
    // Added later still: the built-in deno-tcp and deno-native variants, and every variant's
    // `ed25519`, at "node" (the only path the saved benches had) unless the variant is new.
    assert.equal(parsed.variants["deno-tcp"].transport, "deno-tcp");
    assert.equal(parsed.variants["deno-native"].ed25519, "keyobject");
    delete parsed.variants["deno-tcp"];
    delete parsed.variants["deno-native"];
    for (const [name, spec] of Object.entries(parsed.variants)) {
      assert.equal((spec as { ed25519: string }).ed25519, "node", name);
      delete (spec as { ed25519?: string }).ed25519;
    }
    assert.deepEqual(parsed, expected);
  });
}
