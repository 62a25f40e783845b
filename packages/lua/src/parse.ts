import { LuaSyntaxError } from './lua-syntax-error';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, LuaDataParser, type LuaParseOptions } from './parser';

// Strips a UTF-8 BOM; malformed UTF-8 becomes U+FFFD rather than an error.
const inputDecoder = new TextDecoder('utf-8');

// Shared by every call (see LuaDataParser for why); parsing never calls out, so it cannot nest.
const parser = new LuaDataParser();

/**
 * Parses a WoW SavedVariables file (`Name = value` statements) and returns the globals by name.
 * Throws {@link LuaSyntaxError} for any input it rejects, and nothing else.
 */
export function parseSavedVariables(
  input: string | Uint8Array,
  options: LuaParseOptions = {},
): Record<string, unknown> {
  return run(input, options, () => parser.parseAssignments());
}

/** Parses exactly one Lua value, such as a table constructor; `nil` is returned as `undefined`. */
export function parseLuaValue(input: string | Uint8Array, options: LuaParseOptions = {}): unknown {
  return run(input, options, () => parser.parseSingleValue());
}

/** Checks the limits, decodes the input and runs `parse` on the shared parser. */
function run<T>(input: string | Uint8Array, options: LuaParseOptions, parse: () => T): T {
  const maxBytes = limit(options.maxBytes, DEFAULT_MAX_BYTES, 'maxBytes');
  const maxDepth = limit(options.maxDepth, DEFAULT_MAX_DEPTH, 'maxDepth');
  let source: string;
  if (typeof input === 'string') {
    const size = utf8LengthUpTo(input, maxBytes);
    if (size > maxBytes) throw tooLarge(maxBytes);
    source = wellFormed(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  } else {
    if (input.byteLength > maxBytes) throw tooLarge(maxBytes);
    source = inputDecoder.decode(input);
  }
  parser.reset(source, maxDepth);
  try {
    return parse();
  } catch (error) {
    // maxDepth normally stops recursion first; this covers a caller-raised maxDepth.
    if (error instanceof RangeError) throw parser.stackExhausted();
    throw error;
  } finally {
    parser.release();
  }
}

// ES2024 methods, present in Node 20 but not in the ES2023 lib this project compiles against.
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

/** Lone surrogates become U+FFFD, as a UTF-8 round trip of the file would make them. */
function wellFormed(text: string): string {
  const candidate = text as Es2024String;
  return candidate.isWellFormed() ? text : candidate.toWellFormed();
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer`);
  return value;
}

function tooLarge(maxBytes: number): LuaSyntaxError {
  return new LuaSyntaxError(`input is larger than maxBytes (${maxBytes} bytes)`, 1, 1, '');
}

/** UTF-8 length of `text`, counting only until it passes `cap`. */
function utf8LengthUpTo(text: string, cap: number): number {
  // Each UTF-16 unit is 1 to 3 UTF-8 bytes, so most inputs are decided without counting.
  if (text.length > cap) return text.length;
  if (text.length * 3 <= cap) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= cap; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one 4-byte sequence.
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
