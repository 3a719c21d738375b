// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  assignNetwork,
  nodeLatencyMatrix,
  parseNetworkModel,
  TEST_PLANS_NETWORK_MODEL,
} from "./network_model.ts";

const TWO = `
locations: [{ name: a, weight: 1 }, { name: b, weight: 3 }]
latencyMs: { a: { a: 1, b: 40 }, b: { a: 45, b: 2 } }
nodeClasses: [{ name: slow, uploadMbit: 10, downloadMbit: 20, weight: 1 }]
`;

Deno.test("TEST_PLANS_NETWORK_MODEL has network_graph.py's numbers", () => {
  const model = TEST_PLANS_NETWORK_MODEL;
  assertEquals(model.locations.length, 8);
  assertEquals(model.latencyMs.europe.na_east, 70);
  assertEquals(model.latencyMs.australia.south_africa, 220);
  // The one asymmetric pair of the table.
  assertEquals([
    model.latencyMs.south_america.south_africa,
    model.latencyMs.south_africa.south_america,
  ], [195, 190]);
  assertEquals(model.nodeClasses.map((c) => [c.name, c.uploadMbit, c.weight]), [
    ["supernode", 1024, 20],
    ["fullnode", 50, 80],
  ]);
  // A valid model by the file rules too.
  parseNetworkModel(JSON.stringify(model), "test-plans");
});

Deno.test("assignNetwork draws by weight, the same for the same seed", () => {
  const model = parseNetworkModel(TWO, "two.yaml");
  const nodes = assignNetwork(model, 2000, 5);
  assertEquals(assignNetwork(model, 2000, 5), nodes);
  const inB = nodes.filter((node) => node.location === "b").length / nodes.length;
  // Weight 3 of 4: 75%, give or take sampling noise (about 1% here).
  assertEquals(inB > 0.71 && inB < 0.79, true, `share in b ${inB}`);
  assertEquals(nodes[0].uploadMbit, 10);
  assertEquals(nodes[0].downloadMbit, 20);
  const fullnodes = assignNetwork(TEST_PLANS_NETWORK_MODEL, 2000, 1)
    .filter((node) => node.nodeClass === "fullnode").length / 2000;
  assertEquals(fullnodes > 0.76 && fullnodes < 0.84, true, `fullnodes ${fullnodes}`);
});

Deno.test("assignNetwork keeps pinned nodes and leaves the others' draws alone", () => {
  const free = assignNetwork(parseNetworkModel(TWO, "two.yaml"), 6, 9);
  const pinned = assignNetwork(
    parseNetworkModel(`${TWO}nodes: { "1": { location: a } }\n`, "two.yaml"),
    6,
    9,
  );
  assertEquals(pinned[1].location, "a");
  assertEquals(pinned.filter((_, node) => node !== 1), free.filter((_, node) => node !== 1));
});

Deno.test("nodeLatencyMatrix gives each pair its locations' one-way latency", () => {
  const model = parseNetworkModel(
    `${TWO}nodes: { "0": { location: a }, "1": { location: b } }\n`,
    "m",
  );
  const nodes = assignNetwork(model, 2, 1);
  assertEquals(nodeLatencyMatrix(model, nodes), [[0, 40], [45, 0]]);
});

Deno.test("parseNetworkModel refuses a bad file with one line naming the key", () => {
  const refuses = (text: string, message: string) =>
    throws(() => parseNetworkModel(text, "m.yaml"), { name: "InteropError", message });
  refuses(
    "locations: [",
    "m.yaml: not valid YAML or JSON: Flow sequence in block collection must be sufficiently " +
      "indented and end with a ] at line 1, column 13:",
  );
  refuses("7", "m.yaml: must be a mapping with locations, latencyMs and nodeClasses, got 7");
  refuses(`${TWO}extra: 1\n`, 'm.yaml: unknown key "extra"');
  refuses(
    TWO.replace(", b: 2 }", " }"),
    "m.yaml: latencyMs.b.b: missing (every ordered pair of locations needs a latency)",
  );
  refuses(
    TWO.replace("uploadMbit: 10", "uploadMbit: 0"),
    "m.yaml: nodeClasses[0].uploadMbit: must be a number of Mbit/s > 0, got 0",
  );
  refuses(
    `${TWO}nodes: { "3": { location: c } }\n`,
    "m.yaml: nodes.3.location: must be one of a, b, got c",
  );
});
