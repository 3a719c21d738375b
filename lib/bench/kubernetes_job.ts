/**
 * A Kubernetes Indexed Job that runs a big grid as N shards on N machines: pod `i` (its
 * completion index) runs `bench --shard i+1/N` into its own folder of a shared volume, resuming
 * that folder when Kubernetes retries the pod. `report --results` then merges the shards.
 *
 * Built with `kubernetes-models`, whose classes validate against the Kubernetes API schema.
 *
 * @module
 */
import { Job } from "kubernetes-models/batch/v1/Job";

/** Options of {@linkcode createBenchJob}. */
export interface BenchJobOptions {
  /** Shards, one pod each (1 to 10000). */
  shards: number;
  /** An image holding this repository (its working directory) and Deno, e.g. built from it. */
  image: string;
  /** A ReadWriteMany PersistentVolumeClaim the shards write their bench folders to. */
  claimName: string;
  /** The bench config's profile. @default "full" */
  profile?: string;
  /** Runs at once inside a pod (`bench --jobs`). @default 1 */
  jobs?: number | "auto";
  /** Pods running at once. @default shards */
  parallelism?: number;
  /** The Job's name. @default "pubsub-bench" */
  name?: string;
  /** CPU of a pod, request = limit (a Guaranteed pod: no neighbour takes its cores). @default "2" */
  cpu?: string;
  /** Memory of a pod, request = limit. @default "4Gi" */
  memory?: string;
  /** Where the claim is mounted in the pod. @default "/results" */
  resultsRoot?: string;
}

/** The shell command of one pod: its shard from the completion index, resumed when retried. */
export function shardCommand(options: BenchJobOptions): string {
  const root = options.resultsRoot ?? "/results";
  const jobs = options.jobs ?? 1;
  const profile = options.profile ?? "full";
  return [
    `SHARD=$((JOB_COMPLETION_INDEX + 1))`,
    `OUT="${root}/shard-$SHARD-of-${options.shards}"`,
    // A retried pod finds its shard's folder and continues it.
    `if [ -e "$OUT/config.json" ]; then`,
    `  deno task bench --resume --out "$OUT" --jobs ${jobs} --no-report`,
    `else`,
    `  deno task bench --profile ${profile} --shard "$SHARD/${options.shards}" --jobs ${jobs} --out "$OUT" --no-report`,
    `fi`,
    // Exit code 3 means some runs failed and are recorded: the shard itself is done.
    `code=$?; if [ "$code" -eq 3 ]; then exit 0; fi; exit "$code"`,
  ].join("\n");
}

/**
 * The Job for `options`, validated against the Kubernetes schema.
 *
 * @throws {RangeError} when `shards` is not an integer from 1 to 10000
 * @throws {Error} from kubernetes-models when the manifest breaks the Kubernetes schema
 */
export function createBenchJob(options: BenchJobOptions): Job {
  const { shards } = options;
  if (!Number.isInteger(shards) || shards < 1 || shards > 10000) {
    throw new RangeError(
      `createBenchJob: option shards must be an integer from 1 to 10000, got ${shards}`,
    );
  }
  const name = options.name ?? "pubsub-bench";
  const resources = { cpu: options.cpu ?? "2", memory: options.memory ?? "4Gi" };
  const job = new Job({
    metadata: { name, labels: { app: name } },
    spec: {
      completionMode: "Indexed",
      completions: shards,
      parallelism: options.parallelism ?? shards,
      // A pod lost with its node is retried; its shard resumes where it stopped.
      backoffLimitPerIndex: 2,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          restartPolicy: "Never",
          // One shard per node: shards on one node would share its cores and bend the figures.
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{
                labelSelector: { matchLabels: { app: name } },
                topologyKey: "kubernetes.io/hostname",
              }],
            },
          },
          containers: [{
            name: "bench",
            image: options.image,
            command: ["sh", "-c", shardCommand(options)],
            env: [{ name: "DEBUG_COLORS", value: "no" }],
            resources: { requests: resources, limits: resources },
            volumeMounts: [{ name: "results", mountPath: options.resultsRoot ?? "/results" }],
          }],
          volumes: [{
            name: "results",
            persistentVolumeClaim: { claimName: options.claimName },
          }],
        },
      },
    },
  });
  job.validate();
  return job;
}
