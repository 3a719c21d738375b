/**
 * The module specifiers a TypeScript or JavaScript file imports, read by a small tokenizer that
 * knows comments, strings, template literals and regular expressions, so an `import` inside a
 * JSDoc example or a string is not taken for one. Pure: text in, specifiers out.
 *
 * @module
 */

/** One import of a file. */
export interface ImportRef {
  /** The specifier as written: `./x.ts`, `npm:yaml`, `../bench/mod.ts`. */
  specifier: string;
  /** 1-based line of the specifier. */
  line: number;
  /** `import type` / `export type`: gone at run time, still a dependency of the code. */
  typeOnly: boolean;
}

/** A token: a word, a string's value, or one punctuation character. */
interface _Token {
  kind: "word" | "string" | "punct";
  text: string;
  line: number;
}

/** Words after which a `/` starts a regular expression, not a division. */
const _REGEX_AFTER_WORDS = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

/**
 * The specifiers of every static import and re-export, side-effect import and dynamic
 * `import("literal")` (and `typeof import("x")`) in `source`, in order.
 *
 * @example
 * ```ts
 * import { findImportSpecifiers } from "./import_specifiers.ts";
 *
 * const refs = findImportSpecifiers('// import "./no.ts"\nimport { a } from "./a.ts";');
 * console.assert(refs.length === 1 && refs[0].specifier === "./a.ts" && refs[0].line === 2);
 * ```
 */
export function findImportSpecifiers(source: string): ImportRef[] {
  const tokens = _tokenize(source);
  const refs: ImportRef[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind !== "word" || (token.text !== "import" && token.text !== "export")) continue;
    const previous = tokens[index - 1];
    if (previous?.kind === "punct" && previous.text === ".") continue; // x.import
    const next = tokens[index + 1];
    if (next === undefined) break;
    if (token.text === "import" && next.kind === "punct" && next.text === ".") continue; // meta
    if (token.text === "import" && next.kind === "string") {
      refs.push({ specifier: next.text, line: next.line, typeOnly: false });
      continue;
    }
    if (token.text === "import" && next.kind === "punct" && next.text === "(") {
      const argument = tokens[index + 2];
      if (argument?.kind === "string" && tokens[index + 3]?.text === ")") {
        const typeOnly = previous?.kind === "word" && previous.text === "typeof";
        refs.push({ specifier: argument.text, line: argument.line, typeOnly });
      }
      continue;
    }
    // `import [type] ... from "x"` / `export [type] {...} | * [as y] from "x"`: the clause runs to
    // the `from` before the next `;` or statement keyword.
    const typeOnly = next.kind === "word" && next.text === "type";
    for (let ahead = index + 1; ahead < tokens.length; ahead++) {
      const word = tokens[ahead];
      if (word.kind === "punct" && word.text === ";") break;
      if (token.text === "export" && ahead === index + 1 && word.kind === "word") {
        if (!["type", "*"].includes(word.text)) break; // export function / const / default
      }
      if (word.kind === "word" && word.text === "from" && tokens[ahead + 1]?.kind === "string") {
        const specifier = tokens[ahead + 1];
        refs.push({ specifier: specifier.text, line: specifier.line, typeOnly });
        break;
      }
      if (word.kind === "string") break;
    }
  }
  return refs;
}

/** Splits `source` into words, strings and punctuation; comments and template text are dropped. */
function _tokenize(source: string): _Token[] {
  const tokens: _Token[] = [];
  let line = 1;
  let index = 0;
  // Open template literals' `${` depths: a `}` at that depth resumes the template's text.
  const templates: number[] = [];
  let braces = 0;
  const regexAllowed = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (last === undefined) return true;
    if (last.kind === "word") return _REGEX_AFTER_WORDS.has(last.text);
    if (last.kind === "string") return false;
    return !")]}".includes(last.text);
  };
  const skipTemplateText = (): void => {
    // From just after "`" or "}": up to the closing "`" (pops) or a "${" (stays open).
    while (index < source.length) {
      const char = source[index];
      if (char === "\\") {
        index += 2;
        continue;
      }
      if (char === "\n") line++;
      if (char === "`") {
        index++;
        templates.pop();
        tokens.push({ kind: "string", text: "", line });
        return;
      }
      if (char === "$" && source[index + 1] === "{") {
        index += 2;
        braces++;
        return;
      }
      index++;
    }
  };
  while (index < source.length) {
    const char = source[index];
    if (char === "\n") {
      line++;
      index++;
    } else if (/\s/.test(char)) {
      index++;
    } else if (char === "/" && source[index + 1] === "/") {
      while (index < source.length && source[index] !== "\n") index++;
    } else if (char === "/" && source[index + 1] === "*") {
      const end = source.indexOf("*/", index + 2);
      const stop = end < 0 ? source.length : end + 2;
      for (let at = index; at < stop; at++) if (source[at] === "\n") line++;
      index = stop;
    } else if (char === "'" || char === '"') {
      const start = line;
      let text = "";
      for (index++; index < source.length && source[index] !== char; index++) {
        if (source[index] === "\\") text += source[++index];
        else if (source[index] === "\n") break; // unterminated: stop at the line's end
        else text += source[index];
      }
      index++;
      tokens.push({ kind: "string", text, line: start });
    } else if (char === "`") {
      index++;
      templates.push(braces);
      skipTemplateText();
    } else if (char === "/" && regexAllowed()) {
      let inClass = false;
      for (index++; index < source.length && source[index] !== "\n"; index++) {
        const at = source[index];
        if (at === "\\") index++;
        else if (at === "[") inClass = true;
        else if (at === "]") inClass = false;
        else if (at === "/" && !inClass) break;
      }
      index++;
      while (/[a-z]/i.test(source[index] ?? "")) index++;
      tokens.push({ kind: "string", text: "", line });
    } else if (/[A-Za-z_$0-9]/.test(char)) {
      const start = index;
      while (/[A-Za-z_$0-9]/.test(source[index] ?? "")) index++;
      tokens.push({ kind: "word", text: source.slice(start, index), line });
    } else {
      index++;
      if (char === "{") braces++;
      if (char === "}") {
        braces--;
        if (templates.length > 0 && braces === templates[templates.length - 1]) {
          skipTemplateText();
          continue;
        }
      }
      tokens.push({ kind: char === "*" ? "word" : "punct", text: char, line });
    }
  }
  return tokens;
}
