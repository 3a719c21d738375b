// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { interopNodeCommand } from "./node_command.ts";

for (const stack of ["default", "chainsafe"]) {
  Deno.test(`interopNodeCommand runs a script with unknown fields and warns once on stderr (${stack})`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "interop-node-" });
    try {
      const path = `${dir}/params.json`;
      await Deno.writeTextFile(
        path,
        JSON.stringify({
          version: 2,
          script: [
            { type: "initGossipSub", gossipSubParams: { D: 6, NewKnob: 1 } },
            { type: "subscribeToTopic", topicID: "t", partial: false, priority: 1 },
            { type: "waitUntil", elapsedSeconds: 0 },
          ],
        }),
      );
      const diagnostics: string[] = [];
      const events: string[] = [];
      const code = await interopNodeCommand(["--params", path, "--stack", stack], {
        hostname: () => "node3",
        listen: "/ip4/127.0.0.1/tcp/0",
        diagnose: (line) => diagnostics.push(line),
        log: { info: (msg) => events.push(msg), nowMs: () => Date.now() },
      });
      assertEquals(code, 0);
      assertEquals(events, ["PeerID"]);
      const warnings = diagnostics.filter((line) => line.startsWith("warning:"));
      assertEquals(warnings, [
        `warning: ${path}: ignoring 3 unknown fields (as the Go node does): version, ` +
        "script[0].gossipSubParams.NewKnob, script[1].priority",
      ]);
      assert(diagnostics.some((line) => line.includes("script done")), diagnostics.join("\n"));
      const libp2p = stack === "chainsafe" ? "js-libp2p 2" : "js-libp2p 3";
      assert(diagnostics.some((line) => line.includes(libp2p)), diagnostics.join("\n"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
