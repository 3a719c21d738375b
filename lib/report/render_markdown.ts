/**
 * A {@linkcode ReportDocument} as Markdown (CommonMark with GitHub tables).
 *
 * @module
 */
import type { ReportBlock, ReportDocument, RichText, TextSpan } from "./report_document.ts";

/**
 * Renders `document` as Markdown: headings as `#`, code spans in backticks, links as
 * `[text](href)`, strong as `**text**`, lists with two-space sub-items, tables with GitHub's
 * pipes, charts as an image of the SVG followed by their caption and a link to the PNG fallback
 * when there is one. Blocks are separated by one blank line and the text ends with a newline.
 *
 * Text is escaped so that it reads as written: a backslash goes before what Markdown would read
 * as emphasis, code, a link, HTML, an entity or strikethrough, and before what would start a
 * heading, list, quote or task box at the start of a line. In a table, every `|` is escaped,
 * code spans and links included (GitHub splits cells before it reads code spans). A code span
 * takes more backticks than its text holds in a row; a link target with spaces, brackets or
 * parentheses is written in angle brackets.
 *
 * @example
 * ```ts
 * const markdown = renderMarkdown({ title: "t", blocks: [{ kind: "heading", level: 1, text: "t" }] });
 * // "# t\n"
 * ```
 */
export function renderMarkdown(document: ReportDocument): string {
  return document.blocks.map(_block).join("\n\n") + "\n";
}

function _block(block: ReportBlock): string {
  switch (block.kind) {
    case "heading":
      return `${"#".repeat(block.level)} ${_inline(block.text)}`;
    case "paragraph":
      return _inline(block.text);
    case "list":
      return block.items.map((item, index) =>
        [
          `${block.ordered ? `${index + 1}.` : "-"} ${_inline(item.text)}`,
          ...(item.children ?? []).map((child) => `  - ${_inline(child)}`),
        ].join("\n")
      ).join("\n");
    case "table": {
      const row = (cells: RichText[]) =>
        `| ${cells.map((cell) => _inline(cell, true).replace(/\r?\n/g, " ")).join(" | ")} |`;
      const rule = block.header.map((_, index) =>
        block.align?.[index] === "right" ? "---:" : "---"
      );
      return [row(block.header), `| ${rule.join(" | ")} |`, ...block.rows.map(row)].join("\n");
    }
    case "chart": {
      const parts = [`![${_escapeText(block.title, false)}](${_destination(block.svgFile)})`];
      if (block.caption !== undefined) parts.push(_inline(block.caption));
      if (block.pngFile) {
        parts.push(`PNG: [${_escapeText(block.pngFile, false)}](${_destination(block.pngFile)})`);
      }
      return parts.join("\n\n");
    }
  }
}

/** `text` as inline Markdown; `table` escapes every `|` for a GitHub table cell. */
function _inline(text: RichText, table = false): string {
  const spans: TextSpan[] = typeof text === "string" ? [{ text }] : text;
  // GitHub splits a row into cells at each unescaped `|` before it reads code spans and links,
  // then reads `\|` back as `|` inside them too.
  const pipes = (part: string) => table ? part.replace(/\|/g, "\\|") : part;
  // A cell holds inline content only; elsewhere a line could turn into a heading or a list.
  let lineStart = !table;
  return spans.map((span) => {
    const bare = !span.code && !span.strong && span.href === undefined;
    let markdown = span.code
      ? _codeSpan(pipes(span.text))
      : _escapeText(span.text, table, bare && lineStart);
    if (span.strong) markdown = _strong(markdown);
    if (span.href !== undefined) markdown = `[${markdown}](${pipes(_destination(span.href))})`;
    lineStart = !table && span.text.endsWith("\n");
    return markdown;
  }).join("");
}

/**
 * A backslash before each character that would start or end an inline construct: always `\`,
 * `` ` ``, `*`, `<` and `~`; `_` unless it sits between two letters or digits (there it cannot
 * open or close emphasis, and names stay readable); `]` only before `(`, `[` or `:` (the only
 * ways brackets make a link, as the report defines no link references); `&` only where it would
 * start an entity. So the brackets of an interval such as "[+2.0, +6.3]" stay as they are.
 */
function _escapeText(text: string, table: boolean, lineStart = false): string {
  const inWord = (offset: number) =>
    _WORD_CHAR.test(text[offset - 1] ?? "") && _WORD_CHAR.test(text[offset + 1] ?? "");
  let escaped = text.replace(
    /[\\`*<~]|_|\](?=[([:])|&(?=#?\w+;)/g,
    (char, offset: number) => char === "_" && inWord(offset) ? char : `\\${char}`,
  );
  if (!table) escaped = _escapeLineStarts(escaped, lineStart);
  return table ? escaped.replace(/\|/g, "\\|") : escaped;
}

const _WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A backslash before what would make a line (each after a newline, and the first when `atStart`)
 * a heading (`#`), a list item (`-`, `+`, `1.`,
 * `1)`), a setext underline (`=`), a quote (`>`), or a task box or link reference (`[`).
 */
function _escapeLineStarts(markdown: string, atStart: boolean): string {
  return markdown.replace(
    atStart ? /(^|\n)([#+\-=>[]|\d+(?=[.)]))/g : /(\n)([#+\-=>[]|\d+(?=[.)]))/g,
    (_match, start: string, marker: string) =>
      /^\d/.test(marker) ? `${start}${marker}\\` : `${start}\\${marker}`,
  );
}

/** A code span whose fence is one backtick longer than the longest run inside. */
function _codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  // A space on each side keeps a backtick at either end from joining the fence; Markdown
  // strips one such space from each side.
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/** `**text**`, with any space at either end moved outside: `** x**` would not be bold. */
function _strong(markdown: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(markdown)!;
  return match[2] === "" ? markdown : `${match[1]}**${match[2]}**${match[3]}`;
}

/** A link or image target; in angle brackets when it holds spaces, brackets or parentheses. */
function _destination(href: string): string {
  if (!/[\s()<>\\]/.test(href) && href !== "") return href;
  return `<${href.replace(/[\\<>]/g, (char) => `\\${char}`).replace(/\n/g, "%0A")}>`;
}
