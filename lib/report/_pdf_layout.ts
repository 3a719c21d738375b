/**
 * Line breaking and table column widths for the PDF writer, kept apart from pdfkit so they can be
 * tested with a made-up text measure. Widths are in PDF points at the size the measure uses.
 *
 * @module
 */
import type { RichText } from "./report_document.ts";
import type { ReportFontFace } from "./report_fonts.ts";

/** A run of text in one face, maybe a link. */
export interface StyledRun {
  text: string;
  face: ReportFontFace;
  href?: string;
}

/** Width of `text` set in `face`, at the size being laid out. */
export type MeasureText = (text: string, face: ReportFontFace) => number;

/** Text of one face and link on a line, `x` from the line's start. */
export interface LineFragment extends StyledRun {
  x: number;
  width: number;
}

/** One laid-out line. */
export interface Line {
  fragments: LineFragment[];
  width: number;
}

/** Widths a column needs: its longest word (`min`) and its longest unbroken line (`max`). */
export interface ColumnExtent {
  min: number;
  max: number;
}

interface _Piece {
  text: string;
  face: ReportFontFace;
  href?: string;
}

type _Token = { kind: "word"; pieces: _Piece[] } | { kind: "space"; piece: _Piece } | {
  kind: "break";
};

/**
 * Runs of `text`: code spans in the mono face, strong spans (or everything, with `bold`) in the
 * bold face.
 */
export function toRuns(text: RichText, bold = false): StyledRun[] {
  const spans = typeof text === "string" ? [{ text }] : text;
  return spans.map((span) => {
    const strong = bold || ("strong" in span && span.strong === true);
    const code = "code" in span && span.code === true;
    const face: ReportFontFace = code ? strong ? "monoBold" : "mono" : strong ? "sansBold" : "sans";
    const href = "href" in span ? span.href : undefined;
    return href === undefined ? { text: span.text, face } : { text: span.text, face, href };
  });
}

/**
 * Breaks `runs` into lines no wider than `maxWidth`, at spaces (runs of spaces count as one) and
 * newlines; a word wider than a line is cut, after a `/`, `-`, `_`, `.` or `,` when one fits.
 * Always at least one line, maybe empty.
 */
export function layoutLines(
  runs: readonly StyledRun[],
  maxWidth: number,
  measure: MeasureText,
): Line[] {
  const lines: _Piece[][] = [];
  let line: _Piece[] = [];
  let lineWidth = 0;
  let pendingSpace: _Piece | undefined;
  const endLine = () => {
    lines.push(line);
    line = [];
    lineWidth = 0;
    pendingSpace = undefined;
  };
  for (const token of _tokens(runs)) {
    if (token.kind === "break") {
      endLine();
      continue;
    }
    if (token.kind === "space") {
      if (line.length > 0) pendingSpace ??= token.piece;
      continue;
    }
    let pieces = token.pieces;
    let width = _sum(pieces, measure);
    const spaceWidth = pendingSpace ? measure(" ", pendingSpace.face) : 0;
    if (line.length > 0 && lineWidth + spaceWidth + width > maxWidth + _EPSILON) endLine();
    if (line.length > 0 && pendingSpace) {
      line.push(pendingSpace);
      lineWidth += spaceWidth;
    }
    pendingSpace = undefined;
    // A word longer than a whole line: fill lines with as much of it as fits.
    while (width > maxWidth - lineWidth + _EPSILON) {
      const [head, tail] = _cutWord(pieces, maxWidth - lineWidth, measure, line.length === 0);
      if (head.length === 0) {
        endLine();
        continue;
      }
      // One character wider than the line: it has a line of its own, too narrow as it is.
      if (tail.length === 0) break;
      line.push(...head);
      endLine();
      pieces = tail;
      width = _sum(pieces, measure);
    }
    line.push(...pieces);
    lineWidth += width;
  }
  lines.push(line);
  return lines.map((pieces) => _mergeLine(pieces, measure));
}

/** The narrowest and the widest width `runs` can be set in (see {@linkcode ColumnExtent}). */
export function measureExtent(runs: readonly StyledRun[], measure: MeasureText): ColumnExtent {
  let min = 0;
  for (const token of _tokens(runs)) {
    if (token.kind === "word") min = Math.max(min, _sum(token.pieces, measure));
  }
  const max = Math.max(
    0,
    ...layoutLines(runs, Number.POSITIVE_INFINITY, measure).map((line) => line.width),
  );
  return { min, max };
}

/**
 * Widths of table columns within `available`: each column its widest content when all fit;
 * otherwise every column gets its `min` and the rest is shared in proportion to `max - min`
 * (the automatic table layout of CSS); when even the `min`s do not fit, they are scaled down and
 * long words get cut.
 */
export function fitColumnWidths(columns: readonly ColumnExtent[], available: number): number[] {
  const totalMax = columns.reduce((sum, column) => sum + column.max, 0);
  if (totalMax <= available) return columns.map((column) => column.max);
  const totalMin = columns.reduce((sum, column) => sum + column.min, 0);
  if (totalMin <= available) {
    const share = (available - totalMin) / (totalMax - totalMin);
    return columns.map((column) => column.min + (column.max - column.min) * share);
  }
  return columns.map((column) => (available * column.min) / totalMin);
}

const _EPSILON = 1e-6;
const _CUT_AFTER = /[/\-_.,]/;

function* _tokens(runs: readonly StyledRun[]): Generator<_Token> {
  let word: _Piece[] = [];
  for (const run of runs) {
    for (const part of run.text.split(/(\n|[ \t]+)/)) {
      if (part === "") continue;
      const piece: _Piece = run.href === undefined
        ? { text: part, face: run.face }
        : { text: part, face: run.face, href: run.href };
      if (part === "\n" || /^[ \t]+$/.test(part)) {
        if (word.length > 0) yield { kind: "word", pieces: word };
        word = [];
        yield part === "\n" ? { kind: "break" } : { kind: "space", piece: { ...piece, text: " " } };
      } else {
        word.push(piece);
      }
    }
  }
  if (word.length > 0) yield { kind: "word", pieces: word };
}

function _sum(pieces: readonly _Piece[], measure: MeasureText): number {
  return pieces.reduce((sum, piece) => sum + measure(piece.text, piece.face), 0);
}

/**
 * The longest head of `pieces` that fits `room`, preferably ending after a cut character, and the
 * tail. On an empty line at least one character goes in the head, so the loop always advances.
 */
function _cutWord(
  pieces: readonly _Piece[],
  room: number,
  measure: MeasureText,
  lineEmpty: boolean,
): [_Piece[], _Piece[]] {
  const chars = pieces.flatMap((piece, index) => [...piece.text].map((char) => ({ char, index })));
  const widthOf = (count: number) => _sum(_slice(pieces, chars, 0, count), measure);
  // Widths grow with the count, so search for the last count that fits.
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (widthOf(middle) <= room + _EPSILON) low = middle;
    else high = middle - 1;
  }
  let count = low;
  for (let index = low; index > Math.floor(low / 2); index--) {
    if (_CUT_AFTER.test(chars[index - 1].char)) {
      count = index;
      break;
    }
  }
  if (count === 0 && lineEmpty) count = 1;
  return [_slice(pieces, chars, 0, count), _slice(pieces, chars, count, chars.length)];
}

function _slice(
  pieces: readonly _Piece[],
  chars: readonly { char: string; index: number }[],
  start: number,
  end: number,
): _Piece[] {
  const result: _Piece[] = [];
  let source = -1;
  for (const { char, index } of chars.slice(start, end)) {
    if (index === source) {
      const last = result[result.length - 1];
      result[result.length - 1] = { ...last, text: last.text + char };
    } else {
      result.push({ ...pieces[index], text: char });
      source = index;
    }
  }
  return result;
}

/** Joins neighbouring pieces of the same face and link, measured as drawn. */
function _mergeLine(pieces: readonly _Piece[], measure: MeasureText): Line {
  const merged: _Piece[] = [];
  for (const piece of pieces) {
    const last = merged.at(-1);
    if (last && last.face === piece.face && last.href === piece.href) {
      merged[merged.length - 1] = { ...last, text: last.text + piece.text };
    } else {
      merged.push({ ...piece });
    }
  }
  let x = 0;
  const fragments = merged.map((piece) => {
    const width = measure(piece.text, piece.face);
    const fragment: LineFragment = { ...piece, x, width };
    x += width;
    return fragment;
  });
  return { fragments, width: x };
}
