import { LuaSyntaxError } from './lua-syntax-error';

/** Limits applied to untrusted input. */
export interface LuaParseOptions {
  /** Deepest allowed table nesting; the outermost table is depth 1. Default 64. */
  maxDepth?: number;
  /** Largest accepted input, in UTF-8 bytes. Default 64 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

type LuaKey = string | number | boolean;
type Table = Record<string, unknown>;

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const SQUOTE = 39;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const SEMICOLON = 59;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;
const LBRACE = 123;
const RBRACE = 125;

/** Slots in the per-parse key cache, minus one; a power of two. */
const KEY_CACHE_MASK = 4095;

// Lua 5.1's reserved words (WoW runs 5.1, where `goto` is still an ordinary name).
const KEYWORDS = new Set([
  'and',
  'break',
  'do',
  'else',
  'elseif',
  'end',
  'false',
  'for',
  'function',
  'if',
  'in',
  'local',
  'nil',
  'not',
  'or',
  'repeat',
  'return',
  'then',
  'true',
  'until',
  'while',
]);

// Keeps a leading U+FEFF produced by escapes such as "\239\187\191" inside a string literal.
const stringDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE;
}

function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= ZERO && c <= NINE) || c === UNDERSCORE;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Stores `value` under `key` so that a `__proto__` key becomes an own property, never a prototype. */
function setKey(table: Table, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(table, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    table[key] = value;
  }
}

/**
 * Single-pass recursive-descent parser over the source string. Positions are tracked as a
 * character offset only; line and column are computed when an error is raised.
 * Lua `nil` is represented internally as `undefined`.
 *
 * One instance is meant to be reused (`reset`, parse, `release`): parsing is synchronous, and a
 * long-lived instance keeps V8's optimised code for it. With a fresh instance per call, a major
 * GC while no parser exists can collect its hidden class, which discards that code, so every
 * parse after a GC started slow again (measured 2-3x slower on a 2 MB file).
 */
export class LuaDataParser {
  private src = '';
  private len = 0;
  private maxDepth = 0;
  private pos = 0;
  private depth = 0;
  private bytes = new Uint8Array(256);
  private readonly keyCache: string[] = new Array<string>(KEY_CACHE_MASK + 1).fill('');

  /** Prepares to parse `source`. */
  reset(source: string, maxDepth: number): void {
    this.src = source;
    this.len = source.length;
    this.maxDepth = maxDepth;
    this.pos = 0;
    this.depth = 0;
  }

  /** Drops every reference into the last source, so a parsed file is not kept in memory. */
  release(): void {
    this.src = '';
    this.len = 0;
    this.keyCache.fill('');
    if (this.bytes.length > 65_536) this.bytes = new Uint8Array(256);
  }

  /** A chunk of `Name = value` statements, optionally separated by `;`. */
  parseAssignments(): Record<string, unknown> {
    const globals: Table = {};
    for (;;) {
      let c = this.skipSpace();
      if (c < 0) return globals;
      if (c === SEMICOLON) {
        this.pos++;
        continue;
      }
      if (!isIdentStart(c)) throw this.unexpected(this.pos);
      const nameStart = this.pos;
      const name = this.readName();
      if (KEYWORDS.has(name)) throw this.fail(nameStart, `unexpected '${name}'`);
      c = this.skipSpace();
      if (c !== EQUALS || this.src.charCodeAt(this.pos + 1) === EQUALS) {
        throw this.fail(this.pos, `${this.describe(this.pos)}, expected '=' after '${name}'`);
      }
      this.pos++;
      const value = this.parseValue(this.skipSpace());
      if (value === undefined) delete globals[name];
      else setKey(globals, name, value);
    }
  }

  /** Exactly one value, surrounded by optional whitespace and comments. */
  parseSingleValue(): unknown {
    const value = this.parseValue(this.skipSpace());
    if (this.skipSpace() >= 0) throw this.unexpected(this.pos);
    return value;
  }

  /** The error to report when the JS call stack runs out before `maxDepth` is reached. */
  stackExhausted(): LuaSyntaxError {
    return this.fail(this.pos, 'nesting too deep');
  }

  /** Skips whitespace and comments; returns the next character code, or -1 at the end. */
  private skipSpace(): number {
    const s = this.src;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SPACE || (c <= CR && c >= TAB)) {
        i++;
      } else if (c === MINUS && s.charCodeAt(i + 1) === MINUS) {
        i = this.skipComment(i + 2);
      } else {
        this.pos = i;
        // Past the end charCodeAt gives NaN, which fails every test above.
        return i < this.len ? c : -1;
      }
    }
  }

  /** `i` is just after `--`; returns the offset after the comment. */
  private skipComment(i: number): number {
    const s = this.src;
    if (s.charCodeAt(i) === LBRACKET) {
      const level = this.longBracketLevel(i);
      if (level >= 0) {
        const end = this.findLongClose(i + level + 2, level);
        if (end < 0) throw this.fail(i - 2, 'unfinished long comment');
        return end + level + 2;
      }
    }
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === LF || c === CR || i >= this.len) return i;
      i++;
    }
  }

  /** For `[`, `[=`, … at `i`: the level of a long bracket `[==[`, or -1 if it is not one. */
  private longBracketLevel(i: number): number {
    const s = this.src;
    let j = i + 1;
    while (s.charCodeAt(j) === EQUALS) j++;
    return s.charCodeAt(j) === LBRACKET ? j - i - 1 : -1;
  }

  /** Offset of the closing `]==]` of the given level at or after `from`, or -1. */
  private findLongClose(from: number, level: number): number {
    return this.src.indexOf(level === 0 ? ']]' : `]${'='.repeat(level)}]`, from);
  }

  private parseValue(c: number): unknown {
    if (c === LBRACE) return this.parseTable();
    if (c === DQUOTE || c === SQUOTE) return this.parseString(c);
    if (isDigit(c)) return this.parseNumber();
    if (c === MINUS) return this.parseNegative();
    if (c === LBRACKET) {
      const level = this.longBracketLevel(this.pos);
      if (level >= 0) return this.parseLongString(level);
      throw this.unexpected(this.pos);
    }
    if (c === DOT && isDigit(this.src.charCodeAt(this.pos + 1))) return this.parseNumber();
    if (isIdentStart(c)) {
      const start = this.pos;
      const literal = this.readLiteralName();
      if (literal !== null) return literal;
      throw this.unexpected(start);
    }
    throw this.unexpected(this.pos);
  }

  /**
   * `true`, `false` or `nil` at the current position, returned as a boolean or `undefined`;
   * `null` (position unchanged) for any other name.
   */
  private readLiteralName(): boolean | undefined | null {
    const s = this.src;
    const i = this.pos;
    let end = i;
    while (isIdentPart(s.charCodeAt(end))) end++;
    const n = end - i;
    const c = s.charCodeAt(i);
    let result: boolean | undefined | null = null;
    if (n === 4 && c === 116 && s.startsWith('true', i)) result = true;
    else if (n === 5 && c === 102 && s.startsWith('false', i)) result = false;
    else if (n === 3 && c === 110 && s.startsWith('nil', i)) result = undefined;
    if (result !== null) this.pos = end;
    return result;
  }

  private readName(): string {
    const s = this.src;
    const start = this.pos;
    let i = start + 1;
    while (isIdentPart(s.charCodeAt(i))) i++;
    this.pos = i;
    return s.slice(start, i);
  }

  private parseTable(): unknown {
    const s = this.src;
    if (++this.depth > this.maxDepth) {
      throw this.fail(this.pos, `tables nested deeper than maxDepth (${this.maxDepth})`);
    }
    this.pos++;
    // A table starts as a dense array (keys 1..n, no nil) and moves to `obj` on the first key
    // that breaks that shape; `obj` is checked for array shape again at the end.
    let arr: unknown[] | null = null;
    let obj: Table | null = null;
    let nonIntKeyStored = false;
    let deleted = false;
    let maxIntKey = 0;
    let intStores = 0;
    let nextIndex = 1;

    for (;;) {
      let c = this.skipSpace();
      if (c === RBRACE) break;
      let key: LuaKey | undefined;
      let keyed = false;
      let value: unknown;

      if (c === LBRACKET) {
        const next = s.charCodeAt(this.pos + 1);
        if (next === DQUOTE || next === SQUOTE) {
          // `["key"] =`, the form the game writes: read the key through the key cache.
          this.pos++;
          key = this.parseKeyString(next);
          keyed = true;
        } else if (this.longBracketLevel(this.pos) < 0) {
          const keyStart = this.pos;
          this.pos++;
          key = this.parseKey(this.skipSpace(), keyStart);
          keyed = true;
        }
        if (keyed) {
          const p = this.pos;
          if (
            s.charCodeAt(p) === RBRACKET &&
            s.charCodeAt(p + 1) === SPACE &&
            s.charCodeAt(p + 2) === EQUALS &&
            s.charCodeAt(p + 3) === SPACE
          ) {
            // `] = ` exactly, as the game writes it.
            this.pos = p + 4;
          } else {
            if (this.skipSpace() !== RBRACKET) throw this.expected(']');
            this.pos++;
            if (this.skipSpace() !== EQUALS || s.charCodeAt(this.pos + 1) === EQUALS)
              throw this.expected('=');
            this.pos++;
          }
          value = this.parseValue(this.skipSpace());
        } else {
          value = this.parseValue(c);
        }
      } else if (isIdentStart(c)) {
        const literal = this.readLiteralName();
        if (literal === null) {
          const nameStart = this.pos;
          key = this.readName();
          // A name not followed by `=` would be a variable, which data cannot refer to.
          if (KEYWORDS.has(key) || this.skipSpace() !== EQUALS || s.charCodeAt(this.pos + 1) === EQUALS) {
            throw this.fail(nameStart, `unexpected '${key}'`);
          }
          this.pos++;
          keyed = true;
          value = this.parseValue(this.skipSpace());
        } else {
          value = literal;
        }
      } else {
        value = this.parseValue(c);
      }

      if (!keyed) key = nextIndex++;

      if (typeof key === 'string') {
        // The common case, kept short: a string key always makes the table an object.
        if (value !== undefined) {
          if (obj === null) {
            obj = arr === null ? {} : listToTable(arr);
            maxIntKey = intStores = arr === null ? 0 : arr.length;
            arr = null;
          }
          setKey(obj, key, value);
          nonIntKeyStored = true;
        } else if (obj !== null || (arr !== null && isIndexName(key, arr.length))) {
          // Keys are property names, so `["2"] = nil` also clears the item at index 2.
          if (obj === null) {
            obj = listToTable(arr as unknown[]);
            maxIntKey = intStores = (arr as unknown[]).length;
            arr = null;
          }
          delete obj[key];
          deleted = true;
        }
      } else if (obj === null && value !== undefined && key === (arr === null ? 1 : arr.length + 1)) {
        // Dense-array fast path.
        if (arr === null) arr = [value];
        else arr.push(value);
      } else {
        // Everything else: overwrite inside the dense array, or switch to `obj`.
        const length = arr === null ? 0 : arr.length;
        const inArray = typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= length;
        if (obj === null && inArray && value !== undefined) {
          (arr as unknown[])[(key as number) - 1] = value;
        } else if (obj !== null || inArray || value !== undefined) {
          // (`nil` for a key the dense array does not hold changes nothing.)
          if (obj === null) {
            obj = arr === null ? {} : listToTable(arr);
            maxIntKey = intStores = length;
            arr = null;
          }
          if (typeof key === 'number') {
            if (value === undefined) {
              delete obj[key];
              deleted = true;
            } else {
              obj[key] = value;
              if (key >= 1 && Number.isInteger(key)) {
                intStores++;
                if (key > maxIntKey) maxIntKey = key;
              } else {
                nonIntKeyStored = true;
              }
            }
          } else {
            const name = key ? 'true' : 'false';
            if (value === undefined) {
              delete obj[name];
              deleted = true;
            } else {
              obj[name] = value;
              nonIntKeyStored = true;
            }
          }
        }
      }

      c = this.skipSpace();
      if (c === COMMA || c === SEMICOLON) {
        this.pos++;
      } else if (c === RBRACE) {
        break;
      } else {
        throw this.fail(this.pos, `${this.describe(this.pos)}, expected ',' or '}'`);
      }
    }
    this.pos++;
    this.depth--;

    if (obj === null) return arr ?? {};
    return nonIntKeyStored ? obj : arrayIfDense(obj, deleted, maxIntKey, intStores);
  }

  /** The expression inside `[ ]`; only strings, numbers and booleans are data keys. */
  private parseKey(c: number, keyStart: number): LuaKey {
    const start = this.pos;
    if (c === LBRACE) throw this.fail(start, 'tables are not supported as keys');
    const key = this.parseValue(c);
    if (key === undefined) throw this.fail(start, 'table key is nil');
    if (typeof key === 'number' && Number.isNaN(key)) throw this.fail(keyStart, 'table key is NaN');
    return key as LuaKey;
  }

  private parseNegative(): number {
    const s = this.src;
    let negate = false;
    let c = MINUS;
    // `- -1` is legal; `--` would have been read as a comment by skipSpace.
    while (c === MINUS) {
      negate = !negate;
      this.pos++;
      c = this.skipSpace();
    }
    if (isDigit(c) || (c === DOT && isDigit(s.charCodeAt(this.pos + 1)))) {
      const value = this.parseNumber();
      return negate ? -value : value;
    }
    throw this.fail(this.pos, `${this.describe(this.pos)}, expected a number after '-'`);
  }

  private parseNumber(): number {
    const s = this.src;
    const start = this.pos;
    let i = start;
    let c = s.charCodeAt(i);
    if (c === ZERO) {
      const x = s.charCodeAt(i + 1);
      if (x === 120 || x === 88) return this.parseHexNumber();
    }
    let value = 0;
    while (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      c = s.charCodeAt(++i);
    }
    // Up to 15 digits the running value is exact; anything else goes through Number().
    let exact = i - start <= 15;
    if (c === DOT) {
      exact = false;
      c = s.charCodeAt(++i);
      while (c >= ZERO && c <= NINE) c = s.charCodeAt(++i);
    }
    if (c === 101 || c === 69) {
      exact = false;
      c = s.charCodeAt(++i);
      if (c === 43 || c === MINUS) c = s.charCodeAt(++i);
      if (!isDigit(c)) throw this.malformedNumber(start, i);
      while (c >= ZERO && c <= NINE) c = s.charCodeAt(++i);
    }
    if (isIdentPart(c) || c === DOT) throw this.malformedNumber(start, i);
    this.pos = i;
    return exact ? value : Number(s.slice(start, i));
  }

  /** `0x` integers and hex floats (`0x1.8p3`), as in Lua 5.2+. */
  private parseHexNumber(): number {
    const s = this.src;
    const start = this.pos;
    let i = start + 2;
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    let d = hexValue(s.charCodeAt(i));
    while (d >= 0) {
      mantissa = mantissa * 16 + d;
      digits++;
      d = hexValue(s.charCodeAt(++i));
    }
    const intEnd = i;
    let isFloat = false;
    if (s.charCodeAt(i) === DOT) {
      isFloat = true;
      d = hexValue(s.charCodeAt(++i));
      while (d >= 0) {
        mantissa = mantissa * 16 + d;
        exponent -= 4;
        digits++;
        d = hexValue(s.charCodeAt(++i));
      }
    }
    if (digits === 0) throw this.malformedNumber(start, i);
    let c = s.charCodeAt(i);
    if (c === 112 || c === 80) {
      isFloat = true;
      c = s.charCodeAt(++i);
      let sign = 1;
      if (c === 43 || c === MINUS) {
        if (c === MINUS) sign = -1;
        c = s.charCodeAt(++i);
      }
      if (!isDigit(c)) throw this.malformedNumber(start, i);
      let e = 0;
      while (c >= ZERO && c <= NINE) {
        e = Math.min(e * 10 + (c - ZERO), 100_000);
        c = s.charCodeAt(++i);
      }
      exponent += sign * e;
    }
    if (isIdentPart(c) || c === DOT) throw this.malformedNumber(start, i);
    this.pos = i;
    // Number('0x…') rounds long hex integers correctly; the running mantissa may not.
    if (!isFloat) return digits <= 13 ? mantissa : Number(s.slice(start, intEnd));
    return mantissa * 2 ** exponent;
  }

  /**
   * A quoted string used as a table key. Keys repeat a lot (field names, dates), so escape-free
   * keys are hashed while scanning and looked up in `keyCache`: a hit costs no allocation and
   * hands V8 a string it has already internalized as a property name.
   */
  private parseKeyString(quote: number): string {
    const s = this.src;
    const end = this.len;
    const start = this.pos + 1;
    let hash = 0x811c9dc5 | 0; // FNV-1a offset basis, as a small integer
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === quote) {
        this.pos = i + 1;
        const slot = (hash ^ (hash >>> 16)) & KEY_CACHE_MASK;
        const key = s.slice(start, i);
        const cached = this.keyCache[slot] as string;
        // Comparing a fresh slice is cheaper than startsWith(); the slice is short-lived garbage.
        if (cached === key) return cached;
        this.keyCache[slot] = key;
        return key;
      }
      if (c === BACKSLASH) return this.parseEscapedString(quote, start);
      if (c === LF || c === CR) break;
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    throw this.fail(start - 1, 'unfinished string');
  }

  /** A quoted string; escapes are handled by `parseEscapedString`. */
  private parseString(quote: number): string {
    const s = this.src;
    const end = this.len;
    const start = this.pos + 1;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === quote) {
        this.pos = i + 1;
        return s.slice(start, i);
      }
      if (c === BACKSLASH) return this.parseEscapedString(quote, start);
      if (c === LF || c === CR) break;
    }
    throw this.fail(start - 1, 'unfinished string');
  }

  /**
   * A quoted string with escapes. Lua strings are byte strings, so the literal is rebuilt as
   * UTF-8 bytes (source characters encoded, escapes appended as raw bytes) and decoded once.
   */
  private parseEscapedString(quote: number, start: number): string {
    const s = this.src;
    const end = this.len;
    let out = this.bytes;
    let n = 0;
    let i = start;
    for (;;) {
      if (n + 8 > out.length) {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        this.bytes = out = grown;
      }
      let c = s.charCodeAt(i);
      if (c === quote) break;
      if (c === LF || c === CR || i >= end) throw this.fail(start - 1, 'unfinished string');
      i++;
      if (c < 0x80) {
        if (c !== BACKSLASH) {
          out[n++] = c;
          continue;
        }
      } else {
        if (c >= 0xd800 && c <= 0xdbff) {
          const low = s.charCodeAt(i);
          if (low >= 0xdc00 && low <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
            i++;
          } else {
            c = 0xfffd;
          }
        } else if (c >= 0xdc00 && c <= 0xdfff) {
          c = 0xfffd;
        }
        n = encodeUtf8(out, n, c);
        continue;
      }

      // Escape sequence; `i` is just after the backslash.
      const escapeStart = i - 1;
      c = s.charCodeAt(i++);
      switch (c) {
        case 110: // n
          out[n++] = LF;
          break;
        case 116: // t
          out[n++] = TAB;
          break;
        case 114: // r
          out[n++] = CR;
          break;
        case 97: // a
          out[n++] = 7;
          break;
        case 98: // b
          out[n++] = 8;
          break;
        case 102: // f
          out[n++] = 12;
          break;
        case 118: // v
          out[n++] = 11;
          break;
        case BACKSLASH:
        case DQUOTE:
        case SQUOTE:
          out[n++] = c;
          break;
        case LF:
        case CR: {
          // Backslash-newline is a newline; "\r\n" and "\n\r" count as one.
          const next = s.charCodeAt(i);
          if ((next === LF || next === CR) && next !== c) i++;
          out[n++] = LF;
          break;
        }
        case 120: {
          // x: exactly two hex digits
          const hi = hexValue(s.charCodeAt(i));
          const lo = hexValue(s.charCodeAt(i + 1));
          if (hi < 0 || lo < 0) throw this.fail(escapeStart, 'hexadecimal digits expected in \\x escape');
          out[n++] = hi * 16 + lo;
          i += 2;
          break;
        }
        case 122: {
          // z: skip the following whitespace, line breaks included
          let w = s.charCodeAt(i);
          while (w === SPACE || (w >= TAB && w <= CR)) w = s.charCodeAt(++i);
          break;
        }
        case 117: {
          // u{XXX}: a code point written as UTF-8
          if (s.charCodeAt(i) !== LBRACE) throw this.fail(escapeStart, "missing '{' in \\u{xxxx}");
          i++;
          let codePoint = 0;
          let digits = 0;
          let d = hexValue(s.charCodeAt(i));
          while (d >= 0) {
            codePoint = codePoint * 16 + d;
            if (codePoint > 0x10ffff) throw this.fail(escapeStart, 'UTF-8 value too large');
            digits++;
            d = hexValue(s.charCodeAt(++i));
          }
          if (digits === 0) throw this.fail(escapeStart, 'hexadecimal digit expected in \\u{xxxx}');
          if (s.charCodeAt(i) !== RBRACE) throw this.fail(escapeStart, "missing '}' in \\u{xxxx}");
          i++;
          n = encodeUtf8(out, n, codePoint);
          break;
        }
        default: {
          if (!isDigit(c)) {
            if (i > end) throw this.fail(start - 1, 'unfinished string');
            throw this.fail(escapeStart, 'invalid escape sequence');
          }
          // \ddd: up to three decimal digits, at most 255
          let byte = c - ZERO;
          for (let k = 0; k < 2 && isDigit(s.charCodeAt(i)); k++)
            byte = byte * 10 + (s.charCodeAt(i++) - ZERO);
          if (byte > 255) throw this.fail(escapeStart, 'decimal escape too large');
          out[n++] = byte;
        }
      }
    }
    this.pos = i + 1;
    return stringDecoder.decode(out.subarray(0, n));
  }

  /** `[[…]]` or `[==[…]==]` at the current position; the first line break is skipped. */
  private parseLongString(level: number): string {
    const s = this.src;
    const open = this.pos;
    let from = open + level + 2;
    const end = this.findLongClose(from, level);
    if (end < 0) throw this.fail(open, 'unfinished long string');
    const first = s.charCodeAt(from);
    if (first === LF || first === CR) {
      const second = s.charCodeAt(from + 1);
      from += (second === LF || second === CR) && second !== first ? 2 : 1;
    }
    this.pos = end + level + 2;
    const text = s.slice(from, end);
    // Lua turns every line break inside a long string into "\n".
    return text.includes('\r') ? text.replace(/\r\n|\n\r|\r/g, '\n') : text;
  }

  private describe(at: number): string {
    const s = this.src;
    if (at >= this.len) return 'unexpected end of input';
    const c = s.charCodeAt(at);
    if (isIdentPart(c)) {
      let end = at;
      while (end < at + 20 && isIdentPart(s.charCodeAt(end))) end++;
      return `unexpected '${s.slice(at, end)}'`;
    }
    const ch = String.fromCodePoint(s.codePointAt(at) ?? c);
    return c < 32 || c === 127 ? `unexpected ${JSON.stringify(ch)}` : `unexpected '${ch}'`;
  }

  private unexpected(at: number): LuaSyntaxError {
    return this.fail(at, this.describe(at));
  }

  private expected(what: string): LuaSyntaxError {
    return this.fail(this.pos, `${this.describe(this.pos)}, expected '${what}'`);
  }

  private malformedNumber(start: number, end: number): LuaSyntaxError {
    let stop = end;
    while (
      stop < start + 40 &&
      (isIdentPart(this.src.charCodeAt(stop)) || this.src.charCodeAt(stop) === DOT)
    ) {
      stop++;
    }
    return this.fail(start, `malformed number '${this.src.slice(start, stop)}'`);
  }

  private fail(at: number, reason: string): LuaSyntaxError {
    return LuaSyntaxError.at(this.src, at, reason);
  }
}

/** Whether `name` is the canonical decimal form of an integer in 1..length. */
function isIndexName(name: string, length: number): boolean {
  const n = name.length;
  if (n === 0 || n > 16 || name.charCodeAt(0) === ZERO) return false;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
    value = value * 10 + (c - ZERO);
  }
  return value <= length;
}

/** A dense list as a table keyed 1..n. */
function listToTable(list: unknown[]): Table {
  const table: Table = {};
  for (let i = 0; i < list.length; i++) table[i + 1] = list[i];
  return table;
}

/**
 * `obj`, whose stored keys were all positive integers, as a list if its keys are exactly 1..n.
 * Without deletions the keys are distinct integers <= maxIntKey, so there are maxIntKey of them
 * only when they are 1..maxIntKey; after a `nil` assignment the remaining keys are recounted.
 */
function arrayIfDense(obj: Table, deleted: boolean, maxIntKey: number, intStores: number): unknown {
  let count = 0;
  let max = maxIntKey;
  if (deleted) {
    max = 0;
    for (const key in obj) {
      count++;
      const index = Number(key);
      if (index > max) max = index;
    }
  } else {
    if (maxIntKey === 0 || maxIntKey > intStores) return obj;
    for (const _ in obj) count++;
  }
  if (count === 0 || count !== max) return obj;
  const list: unknown[] = [];
  for (let i = 1; i <= max; i++) list.push(obj[i]);
  return list;
}

/** Appends `codePoint` to `out` at `n` as UTF-8 (surrogates too, as Lua does); returns the new length. */
function encodeUtf8(out: Uint8Array, n: number, codePoint: number): number {
  if (codePoint < 0x80) {
    out[n++] = codePoint;
  } else if (codePoint < 0x800) {
    out[n++] = 0xc0 | (codePoint >> 6);
    out[n++] = 0x80 | (codePoint & 0x3f);
  } else if (codePoint < 0x10000) {
    out[n++] = 0xe0 | (codePoint >> 12);
    out[n++] = 0x80 | ((codePoint >> 6) & 0x3f);
    out[n++] = 0x80 | (codePoint & 0x3f);
  } else {
    out[n++] = 0xf0 | (codePoint >> 18);
    out[n++] = 0x80 | ((codePoint >> 12) & 0x3f);
    out[n++] = 0x80 | ((codePoint >> 6) & 0x3f);
    out[n++] = 0x80 | (codePoint & 0x3f);
  }
  return n;
}
