// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { parse } from "yaml";
import { createBenchJob, shardCommand } from "./kubernetes_job.ts";

const OPTIONS = { shards: 4, image: "pubsub-bench:latest", claimName: "bench-results" };

Deno.test("createBenchJob builds an Indexed Job of one pod per shard that validates", () => {
  const job = createBenchJob(OPTIONS);
  job.validate();
  const spec = job.spec!;
  assertEquals(spec.completionMode, "Indexed");
  assertEquals(spec.completions, 4);
  assertEquals(spec.parallelism, 4);
  const pod = spec.template.spec!;
  assertEquals(pod.restartPolicy, "Never");
  const container = pod.containers[0];
  assertEquals(container.resources?.requests, container.resources?.limits);
  assertEquals(pod.volumes?.[0].persistentVolumeClaim?.claimName, "bench-results");
});

Deno.test("createBenchJob's manifest is checked by the Kubernetes schema", () => {
  const job = createBenchJob(OPTIONS);
  // deno-lint-ignore no-explicit-any
  (job.spec as any).completions = "four";
  throws(() => job.validate(), /completions must be integer/);
  const unnamed = createBenchJob(OPTIONS);
  // deno-lint-ignore no-explicit-any
  (unnamed.spec!.template.spec!.containers[0] as any).name = undefined;
  throws(() => unnamed.validate(), /name/);
});

Deno.test("createBenchJob refuses a shard count outside 1..10000", () => {
  for (const shards of [0, -1, 1.5, 10001]) {
    throws(() => createBenchJob({ ...OPTIONS, shards }), RangeError);
  }
});

Deno.test("docs/examples/bench-job.yaml is the generated manifest for 4 shards", async () => {
  const text = await Deno.readTextFile(
    new URL("../../docs/examples/bench-job.yaml", import.meta.url),
  );
  assertEquals(parse(text, { version: "1.1" }), createBenchJob(OPTIONS).toJSON());
});

/** Runs a pod's command in a real shell with a stand-in `deno` that prints its arguments. */
async function runPodCommand(index: number, root: string): Promise<string> {
  const bin = `${root}/bin`;
  await Deno.mkdir(bin, { recursive: true });
  await Deno.writeTextFile(`${bin}/deno`, '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
  const output = await new Deno.Command("sh", {
    args: ["-c", shardCommand({ ...OPTIONS, resultsRoot: `${root}/results` })],
    env: { JOB_COMPLETION_INDEX: String(index), PATH: `${bin}:/usr/bin:/bin` },
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trim();
}

Deno.test("a pod runs the shard of its completion index, and resumes it when retried", async () => {
  const root = await Deno.makeTempDir();
  const out = `${root}/results/shard-3-of-4`;
  assertEquals(
    await runPodCommand(2, root),
    `task bench --profile full --shard 3/4 --jobs 1 --out ${out} --no-report`,
  );
  await Deno.mkdir(out, { recursive: true });
  await Deno.writeTextFile(`${out}/config.json`, "{}");
  assertEquals(
    await runPodCommand(2, root),
    `task bench --resume --out ${out} --jobs 1 --no-report`,
  );
  await Deno.remove(root, { recursive: true });
});
