import fc from 'fast-check';
import luaparse, { type Chunk, type Expression } from 'luaparse';
import { describe, expect, it } from 'vitest';
import { LuaSyntaxError, parseLuaValue, parseSavedVariables } from './index';
import { canonical } from './testing/canonical';
import { luaFile, luaValue } from './testing/lua-arbitraries';

/*
 * luaparse is the reference for syntax and escapes. Its AST is mapped to values here with a
 * deliberately plain, Map-based implementation of the rules in README.md, independent of the
 * parser's own dense-array bookkeeping.
 */

const utf8 = new TextEncoder();
const bytesToText = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * luaparse's `x-user-defined` mode expects bytes as characters (0x80-0xFF as U+F780-U+F7FF) and
 * returns string values the same way, so byte escapes survive as bytes.
 */
function toUserDefined(source: string): string {
  let out = '';
  for (const byte of utf8.encode(source)) out += String.fromCharCode(byte < 0x80 ? byte : 0xf700 | byte);
  return out;
}

function fromUserDefined(text: string): string {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytesToText.decode(bytes);
}

function referenceParse(source: string): Chunk {
  return luaparse.parse(toUserDefined(source), {
    comments: false,
    luaVersion: '5.3',
    encodingMode: 'x-user-defined',
  });
}

type Key = string | number | boolean;

function toValue(node: Expression): unknown {
  switch (node.type) {
    case 'StringLiteral': {
      const text = fromUserDefined(node.value ?? '');
      // Lua turns line breaks inside long strings into "\n"; luaparse keeps them as written.
      return node.raw.startsWith('[') ? text.replace(/\r\n|\n\r|\r/g, '\n') : text;
    }
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NilLiteral':
      return undefined;
    case 'UnaryExpression': {
      const inner = toValue(node.argument);
      if (node.operator !== '-' || typeof inner !== 'number')
        throw new Error(`unsupported unary ${node.operator}`);
      return -inner;
    }
    case 'TableConstructorExpression':
      return toTable(node.fields);
    default:
      throw new Error(`unsupported node ${node.type}`);
  }
}

function toTable(fields: Extract<Expression, { type: 'TableConstructorExpression' }>['fields']): unknown {
  // Keys as the JS property names they become, in assignment order; last write wins.
  const entries = new Map<string, { key: Key; value: unknown }>();
  let nonIntegerKeyStored = false;
  let index = 1;
  for (const field of fields) {
    let key: Key;
    if (field.type === 'TableValue') key = index++;
    else if (field.type === 'TableKeyString') key = field.key.name;
    else key = toValue(field.key) as Key;
    const value = toValue(field.value);
    const name = String(key);
    if (value === undefined) {
      entries.delete(name);
      continue;
    }
    entries.set(name, { key, value });
    if (!(typeof key === 'number' && Number.isInteger(key) && key >= 1)) nonIntegerKeyStored = true;
  }
  const n = entries.size;
  if (n > 0 && !nonIntegerKeyStored) {
    const list: unknown[] = [];
    for (let i = 1; i <= n && entries.has(String(i)); i++) list.push(entries.get(String(i))?.value);
    if (list.length === n) return list;
  }
  const table: Record<string, unknown> = {};
  for (const [name, { value }] of entries) {
    Object.defineProperty(table, name, { value, writable: true, enumerable: true, configurable: true });
  }
  return table;
}

function referenceGlobals(source: string): Record<string, unknown> {
  const globals = new Map<string, unknown>();
  for (const statement of referenceParse(source).body) {
    if (statement.type !== 'AssignmentStatement') throw new Error(`unsupported statement ${statement.type}`);
    const [target] = statement.variables;
    const [init] = statement.init;
    if (target?.type !== 'Identifier' || init === undefined) throw new Error('unsupported assignment');
    const value = toValue(init);
    if (value === undefined) globals.delete(target.name);
    else globals.set(target.name, value);
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of globals) {
    Object.defineProperty(result, name, { value, writable: true, enumerable: true, configurable: true });
  }
  return result;
}

function referenceValue(source: string): unknown {
  const chunk = referenceParse(`return ${source}`);
  const [statement] = chunk.body;
  if (statement?.type !== 'ReturnStatement') throw new Error('expected a return statement');
  const [value] = statement.arguments;
  if (value === undefined) throw new Error('expected one value');
  return toValue(value);
}

function expectSameValue(actual: unknown, expected: unknown): void {
  expect(canonical(actual)).toStrictEqual(canonical(expected));
}

describe('differential against luaparse', () => {
  it('agrees on random table constructors', () => {
    fc.assert(
      fc.property(luaValue, (source) => {
        expectSameValue(parseLuaValue(source), referenceValue(source));
      }),
      { numRuns: 3000, seed: 20251230 },
    );
  });

  it('agrees on random SavedVariables files, as text and as UTF-8 bytes', () => {
    fc.assert(
      fc.property(luaFile, fc.boolean(), (source, asBytes) => {
        const input = asBytes ? utf8.encode(source) : source;
        expectSameValue(parseSavedVariables(input), referenceGlobals(source));
      }),
      { numRuns: 1500, seed: 1767141602 },
    );
  });

  it('accepts only what luaparse accepts, with the same value, on mutated files', () => {
    const mutated = fc.tuple(
      luaFile,
      fc.integer({ min: 0, max: 10_000 }),
      fc.constantFrom('', ',', '}', '{', '"', '=', ' ', '\\', '[', ']', '-', '.', 'x', '0'),
    );
    fc.assert(
      fc.property(mutated, ([source, at, insert]) => {
        const cut = at % (source.length + 1);
        const text = source.slice(0, cut) + insert + source.slice(cut + (insert === '' ? 1 : 0));
        let ours: Record<string, unknown>;
        try {
          ours = parseSavedVariables(text);
        } catch (error) {
          expect(error).toBeInstanceOf(LuaSyntaxError);
          return;
        }
        let expected: Record<string, unknown>;
        try {
          expected = referenceGlobals(text);
        } catch (error) {
          // Lua 5.2+ reads `0x.8` as 0.5; luaparse requires a digit before the point.
          if (/^\[\d+:\d+\] malformed number near '0x'/i.test(String((error as Error).message))) return;
          throw error;
        }
        expectSameValue(ours, expected);
      }),
      { numRuns: 2000, seed: 48217713 },
    );
  });
});
