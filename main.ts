/**
 * The command line: bench, report, dbg, sim, nb and node. Thin: it parses the subcommand, calls
 * the library, and turns known errors into one line on stderr and exit code 2. Each command's
 * areas are imported when it runs: `bench` and `report` do not load the OpenTelemetry SDK, the
 * simulator or the notebook runner, and `dbg` does not load libp2p, whose logger reads the whole
 * environment when it loads (so `deno task dbg` needs no --allow-env). `bench` loads the report's
 * modules and renderers while its last runs' processes exit.
 *
 * @module
 */
import { ConfigError, oneLine } from "./lib/config/mod.ts";

const USAGE = `Usage: deno run ... main.ts <command> [options]

Commands:
  bench    run the benchmark matrix (see: main.ts bench --help)
  report   write bench.md and its charts from saved results (see: main.ts report --help)
  dbg      serve the state-machine history viewer for a journal (see: main.ts dbg --help)
  sim      run the pub/sub simulator with Prometheus metrics (see: main.ts sim --help)
  nb       run a notebook headless with parameters, save its outputs (see: main.ts nb --help)
  node     one node of a libp2p/test-plans gossipsub-interop experiment (see: main.ts node --help)`;

/** Error classes whose message is enough; a lazily loaded area adds its own. */
const KNOWN_ERRORS: (new (...args: never[]) => Error)[] = [ConfigError];

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "bench": {
      const [bench, net] = await Promise.all([
        import("./lib/bench/mod.ts"),
        import("./lib/net/mod.ts"),
      ]);
      KNOWN_ERRORS.push(
        bench.BenchError,
        bench.ResultsFileError,
        bench.UsageError,
        bench.NoiseCalibrationError,
        net.NetError,
      );
      let report: Promise<typeof import("./lib/report/mod.ts")> | undefined;
      const loadReport = () => report ??= import("./lib/report/mod.ts");
      return await bench.benchCommand(rest, {
        // Loaded while the last runs' processes exit, never while a run is measured; a failure
        // shows when the report is written.
        prepare: () => loadReport().then((report) => report.loadChartPngRenderer()).catch(() => {}),
        writeReport: async (resultsPath, reportDir, options) => {
          const { writeBenchReport, ReportError } = await loadReport();
          KNOWN_ERRORS.push(ReportError);
          return await writeBenchReport(resultsPath, { ...options, outDir: reportDir });
        },
      });
    }
    case "report": {
      // The report area loads the bench area anyway; its calibration error is one line too.
      const [report, bench] = await Promise.all([
        import("./lib/report/mod.ts"),
        import("./lib/bench/mod.ts"),
      ]);
      KNOWN_ERRORS.push(report.ReportError, bench.NoiseCalibrationError);
      return await report.reportCommand(rest);
    }
    case "dbg": {
      const telemetry = await import("./lib/telemetry/mod.ts");
      KNOWN_ERRORS.push(telemetry.DbgError, telemetry.JournalError);
      return await telemetry.dbgCommand(rest);
    }
    case "sim": {
      const [sim, bench] = await Promise.all([
        import("./lib/sim/mod.ts"),
        import("./lib/bench/mod.ts"),
      ]);
      KNOWN_ERRORS.push(sim.SimError, bench.UsageError);
      return await sim.simCommand(rest);
    }
    case "nb": {
      const notebook = await import("./lib/notebook/mod.ts");
      KNOWN_ERRORS.push(notebook.NotebookError);
      return await notebook.nbCommand(rest);
    }
    case "node": {
      const interop = await import("./lib/interop/mod.ts");
      KNOWN_ERRORS.push(interop.InteropError);
      return await interop.interopNodeCommand(rest);
    }
    case undefined:
    case "-h":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new ConfigError(
        `unknown command "${command}" (known: bench, report, dbg, sim, nb, node)`,
      );
  }
}

if (import.meta.main) {
  let code: number;
  try {
    code = await main(Deno.args);
  } catch (error) {
    if (KNOWN_ERRORS.some((known) => error instanceof known)) {
      // One line whatever the message holds: a library's text can carry line breaks.
      console.error(`error: ${oneLine((error as Error).message)}`);
      code = 2;
    } else {
      console.error(error);
      code = 1;
    }
  }
  Deno.exit(code);
}
