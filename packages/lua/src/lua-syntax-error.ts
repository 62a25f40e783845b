/** Characters of source shown on each side of an error position in `excerpt`. */
const EXCERPT_RADIUS = 30;

/**
 * Thrown for every input the parser rejects: malformed Lua, unsupported constructs, and inputs
 * over the configured size or nesting limits. `line` and `column` are 1-based; columns count
 * UTF-16 code units from the start of the line.
 */
export class LuaSyntaxError extends Error {
  override readonly name = 'LuaSyntaxError';
  /** What is wrong, without the position: `unexpected '}'`. */
  readonly reason: string;
  readonly line: number;
  readonly column: number;
  /** A short, single-line snippet of the source around the error. */
  readonly excerpt: string;

  constructor(reason: string, line: number, column: number, excerpt: string) {
    super(
      excerpt === ''
        ? `${reason} at line ${line}, column ${column}`
        : `${reason} at line ${line}, column ${column}: ${excerpt}`,
    );
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.excerpt = excerpt;
  }

  /** Builds the error for a character offset into `source`, computing line, column and excerpt. */
  static at(source: string, offset: number, reason: string): LuaSyntaxError {
    const at = Math.max(0, Math.min(offset, source.length));
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      const c = source.charCodeAt(i);
      if (c === 10 || c === 13) {
        // Lua counts "\r\n" and "\n\r" as one line break.
        const next = source.charCodeAt(i + 1);
        if ((next === 10 || next === 13) && next !== c && i + 1 < at) i++;
        line++;
        lineStart = i + 1;
      }
    }
    return new LuaSyntaxError(reason, line, at - lineStart + 1, excerptAround(source, at));
  }
}

function excerptAround(source: string, offset: number): string {
  const from = Math.max(0, offset - EXCERPT_RADIUS);
  const to = Math.min(source.length, offset + EXCERPT_RADIUS);
  let text = source.slice(from, to).replace(/\p{Cc}+/gu, ' ');
  text = text.replace(/ {2,}/g, ' ').trim();
  if (from > 0) text = `…${text}`;
  if (to < source.length) text = `${text}…`;
  return text;
}
