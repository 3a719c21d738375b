/**
 * The bench command's usage text (`deno task bench --help`).
 *
 * @module
 */

/** Usage text of the bench command. */
export const BENCH_USAGE = `Usage: deno task bench [options]

Runs the benchmark matrix (bench.yml; environment variables and flags override it).

Options:
  --config FILE          config file (default bench.yml)
  --profile NAME         a profile from the config file, e.g. full or smoke
  --hosts LIST           host counts, e.g. 5,10            (env NUM_HOSTS)
  --msgs LIST            message counts, e.g. 20,100        (env RAND_MSGS)
  --variants LIST        variant names, e.g. default,floodsub (env BENCH_VARIANTS)
  --iterations N         counted runs per cell              (env BENCH_ITERATIONS)
  --warmups N            warm-up runs per cell, not counted (env BENCH_WARMUPS)
  --warmups-per-variant N  warm-up rounds at the first cell before all else, not counted
                         (env BENCH_WARMUPS_PER_VARIANT)
  --seed N               base seed                          (env BENCH_SEED)
  --until-ci-width W     sequential sampling: --iterations becomes each cell's minimum, and
                         rounds are added until the 95% CI of every variant's ratio to default,
                         on the headline figure (--primary), is at most W wide (high - low,
                         0 < W < 10), or --max-iterations rounds ran (env BENCH_UNTIL_CI_WIDTH)
  --max-iterations N     the most rounds a cell runs with --until-ci-width, >= --iterations
                         (env BENCH_MAX_ITERATIONS; default 50)
  --min-samples N        fewest runs a side (rounds for variants) for an interval and a
                         verdict, >= 2 (env BENCH_MIN_SAMPLES; comparison.minSamples)
  --primary FIGURE       headline figure: activeMs or cpuMs  (env BENCH_PRIMARY)
  --calibrate            an A/A bench: runs default and its identical twin, and writes this
                         machine's noise per figure to calibration.json in the bench folder and
                         the results root, where later benches and reports find it
  --pattern P            serial or burst                    (env BENCH_PATTERN)
  --run-timeout-ms N     hard timeout of one run            (env BENCH_RUN_TIMEOUT_MS)
  --jobs N|auto          runs at once, 1-256 or auto (one per core); a round's variants
                         start together (env BENCH_JOBS; default 1)
  --shard I/N            run the I-th of N disjoint slices of the matrix's cells, for running
                         on N machines; merge with report --results (env BENCH_SHARD)
  --child-modules M      what each run's process loads: bundle (default; built ahead, rebuilt
                         when a source changes) or source (env BENCH_CHILD_MODULES)
  --shards N|auto        spread each run's hosts over N worker threads (1-64), or auto (by
                         host count and cores); every variant of a cell gets the same
                         (env BENCH_SHARDS; default 1)
  --ready-topic-peers N  topic peers host 0 needs before the first publish, 1 to n-1
                         (env BENCH_READY_TOPIC_PEERS; default n-1 up to 500 hosts, else 100)
  --v8-flags F,F         V8 flags of every run's process, e.g. --heap-growing-percent=65 for a
                         tighter heap in big runs; every variant gets them (env BENCH_V8_FLAGS)
  --force                start even when the biggest runs need more memory or open files than
                         this machine gives
  --results-root DIR     where bench folders are created    (env BENCH_RESULTS_ROOT)
  --trace                one extra traced run per cell, not counted: router and machine spans
                         (OTLP, Jaeger and Perfetto files) and a machine journal (env BENCH_TRACE)
  --tracing-host N       router events as spans, 0 or 1      (env PS_TRACING_HOST)
  --tracing-machines N   machine states as spans, 0-2 (2 adds transitions) (env PS_TRACING_AM)
  --journal              machine transitions to an NDJSON journal (env PS_AM_DEBUG)
  --out DIR              this bench's folder (default <results-root>/<timestamp>)
  --resume               continue the bench in --out (or the newest one) from its results;
                         --jobs and --child-modules may change, the rest is the bench's
                         saved config
  --report-dir DIR       where the report (bench.md and charts) is written (default reports)
  --no-report            do not write the report
  -h, --help             this text

Exit codes: 0 all runs ok, 3 some runs failed (recorded), 2 bad input, 1 unexpected error,
130 / 143 / 129 interrupted by SIGINT / SIGTERM / SIGHUP (finished runs stay; --resume).`;
