/**
 * What sequential sampling did, in words: per cell how many rounds and runs it took, and whether
 * it reached the CI width asked for or hit its maximum. Shared by the terminal summary and the
 * report.
 *
 * @module
 */
import type { RunResult } from "./run_result.ts";
import { type CellPrecision, checkCellPrecision, type SequentialRule } from "./sequential_rule.ts";
import { figureWords } from "./verdict_sentences.ts";

/** The stop rule of a bench and where each of its cells ended. */
export interface SequentialSummary {
  rule: SequentialRule;
  /** Every cell with counted runs, by hosts then msgs. */
  cells: CellPrecision[];
}

/** Each cell of `results` under `rule`, by hosts then msgs. */
export function summarizeSequential(
  results: readonly RunResult[],
  rule: SequentialRule,
): SequentialSummary {
  const cells = new Map<string, { hosts: number; msgs: number }>();
  for (const result of results) {
    cells.set(`${result.cell.hosts}x${result.cell.msgs}`, result.cell);
  }
  return {
    rule,
    cells: [...cells.values()]
      .sort((a, b) => a.hosts - b.hosts || a.msgs - b.msgs)
      .map((cell) => checkCellPrecision(results, cell, rule))
      .filter((cell) => cell.rounds > 0),
  };
}

/**
 * The rule in words: `Sequential sampling: each cell ran 3 to 40 rounds, until the 95% CI of
 * states / default (CPU time) was at most 0.100 wide (high - low, ratio scale).`
 */
export function sequentialRuleSentence(rule: SequentialRule): string {
  const ratios = rule.variants.map((variant) => `${variant} / ${rule.reference}`).join(", ");
  return `Sequential sampling: each cell ran ${rule.minIterations} to ${rule.maxIterations} ` +
    `rounds, until the 95% CI of ${ratios} (${figureWords(rule.metric)}) was at most ` +
    `${rule.untilCiWidth.toFixed(3)} wide (high - low, ratio scale), checked after each round.`;
}

/** What a cell's state means, in a few words. */
export const STOP_STATE_WORDS: Readonly<Record<CellPrecision["state"], string>> = {
  reached: "reached the width",
  max: "hit the maximum",
  open: "unfinished (resume the bench)",
};

/**
 * One cell in words: `20 hosts x 100 msgs: 23 rounds (46 runs), reached the width: states /
 * default 1.044 [0.998, 1.094], 0.096 wide`.
 */
export function sequentialCellSentence(cell: CellPrecision): string {
  const pairs = cell.pairs.map((pair) => {
    const ratio = `${pair.variant} / ${pair.reference}`;
    if (pair.width === null) return `${ratio}: no 95% CI yet (${pair.pairs} pairs)`;
    return `${ratio} ${pair.ratio!.toFixed(3)} [${pair.low!.toFixed(3)}, ${
      pair.high!.toFixed(3)
    }], ${pair.width.toFixed(3)} wide`;
  });
  return `${cell.hosts} hosts x ${cell.msgs} msgs: ${cell.rounds} rounds (${cell.runs} runs), ${
    STOP_STATE_WORDS[cell.state]
  }: ${pairs.join("; ")}`;
}
