/**
 * The report's "Runs per cell" section under sequential sampling: the stop rule, and per cell
 * how many rounds and runs it took, whether it reached the CI width or hit its maximum, and each
 * watched ratio with its interval.
 *
 * @module
 */
import { sequentialRuleSentence, type SequentialSummary, STOP_STATE_WORDS } from "../bench/mod.ts";
import type { ReportBlock } from "./report_document.ts";

const _NONE = "—";

/** The section's blocks: heading, the rule in words, one table row per cell and ratio. */
export function sequentialBlocks(summary: SequentialSummary): ReportBlock[] {
  const target = summary.rule.untilCiWidth;
  const rows = summary.cells.flatMap((cell) =>
    cell.pairs.map((pair, index) => [
      String(cell.hosts),
      String(cell.msgs),
      index === 0 ? String(cell.rounds) : "",
      index === 0 ? String(cell.runs) : "",
      index === 0 ? STOP_STATE_WORDS[cell.state] : "",
      `${pair.variant} / ${pair.reference}`,
      pair.ratio === null
        ? _NONE
        : `${pair.ratio.toFixed(3)} [${pair.low!.toFixed(3)}, ${pair.high!.toFixed(3)}]`,
      pair.width === null
        ? `no 95% CI (${pair.pairs} pairs)`
        : `${pair.width.toFixed(3)} ${pair.width <= target * (1 + 1e-9) ? "≤" : ">"} ${
          target.toFixed(3)
        }`,
    ])
  );
  return [
    { kind: "heading", level: 2, text: "Runs per cell" },
    { kind: "paragraph", text: sequentialRuleSentence(summary.rule) },
    {
      kind: "paragraph",
      text: "The p-values of these cells are those of the fixed-n signed-rank test; stopping on " +
        "the CI's width (never on a p-value) keeps its false alarms at 5% to 7% in simulation " +
        "instead of 5% (docs/statistics.md).",
    },
    {
      kind: "table",
      header: ["hosts", "msgs", "rounds", "runs", "outcome", "ratio", "estimate [95% CI]", "width"],
      align: ["right", "right", "right", "right", "left", "left", "right", "right"],
      rows,
    },
  ];
}
