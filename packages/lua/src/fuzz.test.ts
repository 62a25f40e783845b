import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LuaSyntaxError, parseLuaValue, parseSavedVariables } from './index';
import { luaFile } from './testing/lua-arbitraries';

const EXAMPLE_PATH = new URL('./testdata/GuildActivityTracker.lua', import.meta.url);
const example = new Uint8Array(readFileSync(EXAMPLE_PATH));
const utf8 = new TextEncoder();
const latin1 = new TextDecoder('latin1');

// Bytes that matter to the grammar, plus a few that break UTF-8.
const interestingBytes = [...'{}[]=,;"\'\\-.\n\r\t 0123456789xeEpzu_aZ'].map((c) => c.charCodeAt(0));
interestingBytes.push(0x00, 0x7f, 0x80, 0xc3, 0xa9, 0xef, 0xbb, 0xbf, 0xff);

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'replace'; at: number; byte: number }
  | { kind: 'duplicate'; from: number; length: number; to: number }
  | { kind: 'truncate'; at: number };

const position = fc.nat({ max: 1 << 20 });
const someBytes = fc.array(fc.oneof(fc.constantFrom(...interestingBytes), fc.integer({ min: 0, max: 255 })), {
  minLength: 1,
  maxLength: 4,
});

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: someBytes }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: position,
    byte: fc.constantFrom(...interestingBytes),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    from: position,
    length: fc.integer({ min: 1, max: 64 }),
    to: position,
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

function mutate(input: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = [...input];
  for (const m of mutations) {
    const where = (at: number) => at % (bytes.length + 1);
    switch (m.kind) {
      case 'delete':
        bytes.splice(where(m.at), m.length);
        break;
      case 'insert':
        bytes.splice(where(m.at), 0, ...m.bytes);
        break;
      case 'replace':
        if (bytes.length > 0) bytes[m.at % bytes.length] = m.byte;
        break;
      case 'duplicate': {
        const from = where(m.from);
        bytes.splice(where(m.to), 0, ...bytes.slice(from, from + m.length));
        break;
      }
      case 'truncate':
        bytes = bytes.slice(0, where(m.at));
        break;
    }
  }
  return Uint8Array.from(bytes);
}

/** Parses and requires either a value or a LuaSyntaxError with a sane position. */
function expectValueOrSyntaxError(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof LuaSyntaxError)) throw error;
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.column).toBeGreaterThanOrEqual(1);
    expect(error.excerpt).not.toMatch(/[\r\n]/);
  }
}

/** Feeds the mutated bytes as bytes, and as text decoded two ways (one keeps invalid UTF-8 as Latin-1). */
function parseAllWays(bytes: Uint8Array, mode: number): void {
  if (mode === 0) expectValueOrSyntaxError(() => parseSavedVariables(bytes));
  else if (mode === 1) expectValueOrSyntaxError(() => parseSavedVariables(latin1.decode(bytes)));
  else expectValueOrSyntaxError(() => parseLuaValue(new TextDecoder().decode(bytes), { maxDepth: 8 }));
}

describe('fuzzing with mutated inputs', () => {
  it('mutated copies of the real example file give a value or a LuaSyntaxError', () => {
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.nat({ max: 2 }),
        (mutations, mode) => {
          parseAllWays(mutate(example, mutations), mode);
        },
      ),
      { numRuns: 12_000, seed: 1767142207 },
    );
  });

  it('mutated generated files give a value or a LuaSyntaxError', () => {
    fc.assert(
      fc.property(
        luaFile,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 2 }),
        (source, mutations, mode) => {
          parseAllWays(mutate(utf8.encode(source), mutations), mode);
        },
      ),
      { numRuns: 10_000, seed: 9103441 },
    );
  });

  it('random bytes give a value or a LuaSyntaxError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 2 }), (bytes, mode) => {
        parseAllWays(bytes, mode);
      }),
      { numRuns: 3_000, seed: 42 },
    );
  });

  it('rejects 100,000 levels of nesting without exhausting the stack', () => {
    const deep = `X = ${'{'.repeat(100_000)}${'}'.repeat(100_000)}`;
    expect(() => parseSavedVariables(deep)).toThrow(LuaSyntaxError);
    expect(() => parseSavedVariables(`X = ${'{'.repeat(100_000)}`)).toThrow(LuaSyntaxError);
    expect(() => parseLuaValue(`${'{ '.repeat(100_000)}`)).toThrow(/deeper than maxDepth \(64\)/);
    // Even with a limit the call stack cannot honour, the result is a LuaSyntaxError.
    expect(() => parseSavedVariables(deep, { maxDepth: 1_000_000 })).toThrow(LuaSyntaxError);
    expect(() => parseLuaValue(`${'-'.repeat(1)}${' -'.repeat(100_000)}1`)).not.toThrow();
  });
});
