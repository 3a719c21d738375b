// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { networkFromShadow, parseShadowGml, parseShadowHosts } from "./shadow_experiment.ts";

// Written here in the shape run.py writes them (networkx GML, PyYAML dump), not copied.
const SHADOW_YAML = `general:
  stop_time: 10 min
hosts:
  node1:
    network_node_id: 1
    processes:
    - args: --params /abs/params.json
      path: js-libp2p/entry-chainsafe
  node0:
    network_node_id: 0
    processes:
    - args: --params /abs/params.json
      path: js-libp2p/entry
`;

const GRAPH_GML = `graph [
  directed 1
  node [
    id 0
    label "europe-fullnode"
    host_bandwidth_up "50 Mbit"
    host_bandwidth_down "50 Mbit"
  ]
  node [
    id 1
    label "na_east-supernode"
    host_bandwidth_up "1 Gbit"
    host_bandwidth_down "1024 Mbit"
  ]
  edge [
    source 0
    target 1
    label "europe-fullnode to na_east-supernode"
    latency "70 ms"
    packet_loss 0.0
  ]
  edge [
    source 1
    target 0
    latency "72 ms"
  ]
]
`;

Deno.test("parseShadowHosts reads each host's binary, arguments and network node in order", () => {
  assertEquals(parseShadowHosts(SHADOW_YAML, "shadow.yaml"), [
    { node: 0, path: "js-libp2p/entry", args: "--params /abs/params.json", networkNodeId: 0 },
    {
      node: 1,
      path: "js-libp2p/entry-chainsafe",
      args: "--params /abs/params.json",
      networkNodeId: 1,
    },
  ]);
  throws(() => parseShadowHosts(SHADOW_YAML.replace("node1:", "node2:"), "s.yaml"), {
    name: "InteropError",
    message: "s.yaml: hosts: expected node0 to node1, node1 is missing",
  });
});

Deno.test("networkFromShadow takes bandwidth from network nodes and latency from edges", () => {
  const network = networkFromShadow(
    parseShadowHosts(SHADOW_YAML, "shadow.yaml"),
    parseShadowGml(GRAPH_GML, "graph.gml"),
  );
  assertEquals(network, {
    nodes: [
      { location: "europe", nodeClass: "fullnode", uploadMbit: 50, downloadMbit: 50 },
      { location: "na_east", nodeClass: "supernode", uploadMbit: 1000, downloadMbit: 1024 },
    ],
    latencyMs: [[0, 70], [72, 0]],
  });
});

Deno.test("parseShadowGml refuses a bandwidth or latency it cannot read", () => {
  throws(() => parseShadowGml(GRAPH_GML.replace('"70 ms"', '"fast"'), "g.gml"), {
    name: "InteropError",
    message: 'g.gml: edge 0>1: latency must be "<n> us|ms|s", got fast',
  });
  throws(() => parseShadowGml(GRAPH_GML.replace('"1 Gbit"', '"lots"'), "g.gml"), {
    name: "InteropError",
    message: 'g.gml: node 1: bandwidth must be "<n> Kbit|Mbit|Gbit", got lots',
  });
});
