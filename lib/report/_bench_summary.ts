/**
 * The report's summary in words: the verdicts of the variant comparisons (one sentence per
 * changed figure, or that none changed beyond noise and the threshold), which of active and CPU
 * time spread less, and what changed against a baseline bench, with the machine and commit
 * differences between the two.
 *
 * The sentences are the bench area's (`verdictSentences`), so the terminal summary and the
 * report say the same thing.
 *
 * @module
 */
import {
  environmentDifferences,
  findSteadierFigure,
  machineSpeedSentence,
  type NoiseSource,
  steadierSentence,
  verdictSentences,
} from "../bench/mod.ts";
import type { BaselineBench, BenchReportInput } from "./bench_report_input.ts";
import type { ReportBlock, RichText } from "./report_document.ts";

/**
 * The "Summary" section; see `buildBenchDocument` for the wording.
 *
 * @param input the bench; not modified
 */
export function summaryBlocks(input: BenchReportInput): ReportBlock[] {
  const { comparisons, cells, baseline } = input;
  const settings = verdictSettingsOf(input);
  const sentences: RichText[] = verdictSentences(comparisons, {
    noise: settings.noise,
    primary: settings.primary,
    falseDiscoveryRate: settings.falseDiscoveryRate,
  }).map(_sentence);
  if (comparisons.length === 0) {
    sentences.push("Only one variant ran, so there is nothing to compare.");
  }
  const calibration = settings.noise.calibration;
  if (calibration?.environment && input.environment) {
    const machine = environmentDifferences(input.environment, calibration.environment).machine;
    if (machine.length > 0) {
      sentences.push(_sentence(
        `the A/A calibration ran on another machine (${
          machine.join("; ")
        }): its thresholds may not fit this one; calibrate here with deno task bench --calibrate`,
      ));
    }
  }
  const steadier = steadierSentence(findSteadierFigure(cells), settings.primary);
  if (steadier !== undefined) sentences.push(_sentence(steadier));
  const runs = cells.reduce((sum, cell) => sum + cell.runs, 0);
  const failures = cells.reduce((sum, cell) => sum + cell.failures, 0);
  sentences.push(`${runs} counted runs, ${failures} failed.`);
  const blocks: ReportBlock[] = [{ kind: "heading", level: 2, text: "Summary" }];
  if (comparisons.length > 0) {
    blocks.push({
      kind: "paragraph",
      text: [
        { text: "Each variant against " },
        { text: comparisons[0].baseline, code: true },
        {
          text: `, round by round (same seed): a change is reported when Wilcoxon's signed-rank ` +
            `test, its p-value adjusted over the ${comparisons.length} figures compared ` +
            `(Benjamini-Hochberg, false discovery rate ${settings.falseDiscoveryRate}), says so ` +
            `and the change exceeds the noise threshold. Ratios are Hodges-Lehmann estimates ` +
            `with exact confidence intervals; see docs/statistics.md.`,
        },
      ],
    });
  }
  blocks.push({ kind: "list", ordered: false, items: sentences.map((text) => ({ text })) });
  if (baseline) blocks.push(..._baselineSummary(baseline, settings));
  return blocks;
}

/** The verdict settings of a report, with the defaults when the input has none. */
export function verdictSettingsOf(
  input: BenchReportInput,
): { noise: NoiseSource; primary: string; falseDiscoveryRate: number } {
  return {
    noise: input.verdicts?.noise ?? { floor: 0.02 },
    primary: input.verdicts?.primary ?? "activeMs",
    falseDiscoveryRate: input.verdicts?.falseDiscoveryRate ?? 0.05,
  };
}

function _baselineSummary(
  baseline: BaselineBench,
  settings: ReturnType<typeof verdictSettingsOf>,
): ReportBlock[] {
  if (baseline.comparisons.length === 0) {
    return [{
      kind: "paragraph",
      text: [
        { text: "The baseline " },
        { text: baseline.benchId, code: true },
        { text: " has no cell in common with this bench, so nothing was compared." },
      ],
    }];
  }
  const flagged = baseline.comparisons.filter((comparison) => comparison.change !== null);
  const lead: ReportBlock = {
    kind: "paragraph",
    text: [
      { text: "Against the baseline " },
      { text: baseline.benchId, code: true },
      {
        text: ` (this bench over it, per cell, variant and figure; the two benches' runs as ` +
          `independent samples, Wilcoxon rank-sum test, p-values adjusted over the ` +
          `${baseline.comparisons.length} figures): ${flagged.length} of ` +
          `${baseline.comparisons.length} figures changed beyond noise.`,
      },
    ],
  };
  const sentences: RichText[] = verdictSentences(baseline.comparisons, {
    noise: baseline.noise ?? settings.noise,
    primary: settings.primary,
    falseDiscoveryRate: settings.falseDiscoveryRate,
    subject: (comparison) => `this bench's ${comparison.variant}`,
  }).map(_sentence);
  const differences = baseline.differences;
  if (differences) {
    if (differences.machine.length > 0) {
      sentences.unshift(
        `The two benches ran on different machines (${
          differences.machine.join("; ")
        }): a change may be the machine's, not the code's.`,
      );
    }
    if (differences.commit) {
      sentences.unshift(`The two benches ran different code (${differences.commit}).`);
    }
    if (differences.machine.length === 0 && !differences.commit) {
      sentences.unshift("Both benches ran on the same machine and commit.");
    }
  }
  const speed = machineSpeedSentence(baseline.speed);
  if (speed !== undefined) sentences.unshift(_sentence(speed));
  return [lead, { kind: "list", ordered: false, items: sentences.map((text) => ({ text })) }];
}

/** A list item ends with a full stop; variant names stay as written, so no capital. */
function _sentence(sentence: string): string {
  return sentence.endsWith(".") ? sentence : `${sentence}.`;
}
