import { describe, expect, it } from 'vitest';
import { LuaSyntaxError, parseLuaValue, parseSavedVariables } from './index';

const utf8 = new TextEncoder();

/** The LuaSyntaxError thrown by `parse`, for asserting on its fields. */
function syntaxError(parse: () => unknown): LuaSyntaxError {
  try {
    parse();
  } catch (error) {
    if (error instanceof LuaSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a LuaSyntaxError');
}

describe('table keys and items', () => {
  it('reads every key form', () => {
    expect(
      parseLuaValue('{ ["key"] = 1, key2 = 2, [123] = 3, [-1] = 4, [1.5] = 5, [true] = 6, [false] = 7 }'),
    ).toEqual({ key: 1, key2: 2, '123': 3, '-1': 4, '1.5': 5, true: 6, false: 7 });
    expect(parseLuaValue("{ ['single'] = 1, [ [[long]] ] = 2, [0x10] = 3, [1e3] = 4, [- 2] = 5 }")).toEqual({
      single: 1,
      long: 2,
      '16': 3,
      '1000': 4,
      '-2': 5,
    });
  });

  it('reads positional items with either separator, trailing or not', () => {
    expect(parseLuaValue('{1, 2; 3}')).toEqual([1, 2, 3]);
    expect(parseLuaValue('{1, 2, 3,}')).toEqual([1, 2, 3]);
    expect(parseLuaValue('{1; 2; 3;}')).toEqual([1, 2, 3]);
    expect(parseLuaValue('{ "a", x = 1, "b" }')).toEqual({ '1': 'a', '2': 'b', x: 1 });
  });

  it('rejects empty items and doubled separators', () => {
    expect(() => parseLuaValue('{,}')).toThrow(LuaSyntaxError);
    expect(() => parseLuaValue('{1,,2}')).toThrow(LuaSyntaxError);
    expect(() => parseLuaValue('{1 2}')).toThrow("unexpected '2', expected ',' or '}'");
  });

  it('reads item lists with the `-- [n]` comments the game writes', () => {
    const source = '{\r\n\t"first", -- [1]\r\n\t"second", -- [2]\r\n\t{ 3 }, -- [3]\r\n}';
    expect(parseLuaValue(source)).toEqual(['first', 'second', [3]]);
  });

  it('takes the last assignment when a key repeats', () => {
    expect(parseLuaValue('{ a = 1, a = 2 }')).toEqual({ a: 2 });
    expect(parseLuaValue('{ [1] = "x", "y" }')).toEqual(['y']);
    expect(parseLuaValue('{ "y", [1] = "x" }')).toEqual(['x']);
  });
});

describe('value mapping', () => {
  it('makes a list of a table keyed exactly 1..n, in any order', () => {
    expect(parseLuaValue('{ [3] = "c", [1] = "a", [2] = "b" }')).toEqual(['a', 'b', 'c']);
    expect(parseLuaValue('{ "a", [2] = "b", [3.0] = "c" }')).toEqual(['a', 'b', 'c']);
    expect(Array.isArray(parseLuaValue('{ [1] = 1 }'))).toBe(true);
  });

  it('makes an object of any other table', () => {
    const sparse = parseLuaValue('{ [1] = "a", [3] = "c" }');
    expect(Array.isArray(sparse)).toBe(false);
    expect(sparse).toEqual({ '1': 'a', '3': 'c' });
    expect(parseLuaValue('{ [0] = "z", [1] = "a" }')).toEqual({ '0': 'z', '1': 'a' });
    expect(parseLuaValue('{ [1] = "a", ["2"] = "b" }')).toEqual({ '1': 'a', '2': 'b' });
    expect(parseLuaValue('{ [1767141602] = 21, [1767142205] = 23 }')).toEqual({
      '1767141602': 21,
      '1767142205': 23,
    });
  });

  it('makes an empty object of an empty table', () => {
    const empty = parseLuaValue('{}');
    expect(empty).toEqual({});
    expect(Array.isArray(empty)).toBe(false);
    expect(parseLuaValue('{ a = nil, [1] = nil, nil }')).toEqual({});
  });

  it('drops nil values, and a nil hole stops a table being a list', () => {
    expect(parseLuaValue('{ a = 1, b = nil }')).toEqual({ a: 1 });
    expect(parseLuaValue('{ 1, nil, 3 }')).toEqual({ '1': 1, '3': 3 });
    expect(parseLuaValue('{ 1, 2, nil }')).toEqual([1, 2]);
    expect(parseLuaValue('{ 1, 2, 3, [3] = nil }')).toEqual([1, 2]);
    expect(parseLuaValue('{ a = 1, a = nil, b = 2 }')).toEqual({ b: 2 });
    expect(parseLuaValue('{ [5] = 1, [5] = nil, [1] = "a" }')).toEqual(['a']);
  });

  it('treats keys as property names: 1 and "1" are the same key', () => {
    expect(parseLuaValue('{ "a", ["1"] = nil }')).toEqual({});
    expect(parseLuaValue('{ [1] = "x", ["1"] = "y" }')).toEqual({ '1': 'y' });
  });

  it('converts number and boolean keys with String()', () => {
    const table = parseLuaValue('{ [1e21] = 1, [0.1] = 2, [-0] = 3, [true] = 4 }') as object;
    expect(Object.keys(table)).toEqual(['0', '1e+21', '0.1', 'true']);
  });

  it('keeps integers beyond 2^53 as the nearest double', () => {
    expect(parseLuaValue('9007199254740993')).toBe(9007199254740992);
    expect(parseLuaValue('{ [9007199254740993] = 1 }')).toEqual({ '9007199254740992': 1 });
  });

  it('never lets a __proto__ key reach a prototype', () => {
    const value = parseLuaValue(
      '{ ["__proto__"] = { polluted = true }, __proto__ = { again = true }, constructor = 1 }',
    );
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ again: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).again).toBeUndefined();

    const globals = parseSavedVariables('__proto__ = { polluted = true }\nX = { a = { ["__proto__"] = 1 } }');
    expect(Object.getPrototypeOf(globals)).toBe(Object.prototype);
    expect(Object.hasOwn(globals, '__proto__')).toBe(true);
    expect(globals.X).toEqual({ a: JSON.parse('{"__proto__":1}') });
  });
});

describe('strings', () => {
  it('reads both quotes and every escape', () => {
    expect(parseLuaValue(String.raw`"a\nb\tc\rd\ae\bf\fg\vh\\i\"j\'k"`)).toBe(
      'a\nb\tc\rd\x07e\bf\fg\vh\\i"j\'k',
    );
    expect(parseLuaValue(String.raw`'it\'s "quoted"'`)).toBe('it\'s "quoted"');
    expect(parseLuaValue('"line\\\nnext\\\r\nthird\\\rfourth"')).toBe('line\nnext\nthird\nfourth');
  });

  it('reads decimal escapes as bytes and decodes the result as UTF-8', () => {
    expect(parseLuaValue(String.raw`"caf\195\169"`)).toBe('café');
    expect(parseLuaValue(String.raw`"\65\066\0671"`)).toBe('ABC1');
    expect(parseLuaValue(String.raw`"\0"`)).toBe('\0');
    expect(parseLuaValue(String.raw`"\255"`)).toBe('\ufffd');
    expect(parseLuaValue(String.raw`"\239\187\191x"`)).toBe('\ufeffx');
    expect(parseLuaValue(String.raw`"é\195\169"`)).toBe('éé');
  });

  it('reads \\x, \\z and \\u{} escapes', () => {
    expect(parseLuaValue(String.raw`"\x41\x6a\xC3\xA9"`)).toBe('Ajé');
    expect(parseLuaValue('"a\\z  \n\t  b"')).toBe('ab');
    expect(parseLuaValue(String.raw`"\u{48}\u{e9}\u{20AC}\u{1F600}"`)).toBe('Hé€😀');
  });

  it('rejects bad escapes and unfinished strings', () => {
    expect(syntaxError(() => parseLuaValue(String.raw`"\q"`)).reason).toBe('invalid escape sequence');
    expect(syntaxError(() => parseLuaValue(String.raw`"\256"`)).reason).toBe('decimal escape too large');
    expect(syntaxError(() => parseLuaValue(String.raw`"\xZ1"`)).reason).toMatch(/hexadecimal digits/);
    expect(syntaxError(() => parseLuaValue(String.raw`"\u{110000}"`)).reason).toBe('UTF-8 value too large');
    expect(syntaxError(() => parseLuaValue(String.raw`"\u48"`)).reason).toMatch(/missing '\{'/);
    expect(syntaxError(() => parseLuaValue(String.raw`"\u{48"`)).reason).toMatch(/missing '\}'/);
    expect(syntaxError(() => parseLuaValue('"abc')).reason).toBe('unfinished string');
    expect(syntaxError(() => parseLuaValue('"ab\ncd"')).reason).toBe('unfinished string');
    expect(syntaxError(() => parseLuaValue('"ab\\')).reason).toBe('unfinished string');
  });

  it('reads long strings, skipping the first line break and normalising the others', () => {
    expect(parseLuaValue('[[plain]]')).toBe('plain');
    expect(parseLuaValue('[[\nfirst break skipped]]')).toBe('first break skipped');
    expect(parseLuaValue('[[\r\nfirst break skipped]]')).toBe('first break skipped');
    expect(parseLuaValue('[==[a]]b]=]c]==]')).toBe('a]]b]=]c');
    expect(parseLuaValue('[[a\r\nb\rc\n\rd]]')).toBe('a\nb\nc\nd');
    expect(parseLuaValue('[[no \\n escapes]]')).toBe('no \\n escapes');
    expect(syntaxError(() => parseLuaValue('[==[never closed]=]')).reason).toBe('unfinished long string');
  });
});

describe('numbers and literals', () => {
  it('reads integers, floats and exponents', () => {
    expect(parseLuaValue('0')).toBe(0);
    expect(parseLuaValue('1767141602')).toBe(1767141602);
    expect(parseLuaValue('2.7213970157994e+16')).toBe(2.7213970157994e16);
    expect(parseLuaValue('0.85000002384186')).toBe(0.85000002384186);
    expect(parseLuaValue('.5')).toBe(0.5);
    expect(parseLuaValue('5.')).toBe(5);
    expect(parseLuaValue('1e10')).toBe(1e10);
    expect(parseLuaValue('1E-2')).toBe(0.01);
    expect(parseLuaValue('123456789012345678')).toBe(Number('123456789012345678'));
  });

  it('reads hexadecimal integers and floats', () => {
    expect(parseLuaValue('0xFF')).toBe(255);
    expect(parseLuaValue('0Xff')).toBe(255);
    expect(parseLuaValue('0x1p4')).toBe(16);
    expect(parseLuaValue('0x1.8')).toBe(1.5);
    expect(parseLuaValue('0xA.8P-1')).toBe(5.25);
    expect(parseLuaValue('0x.8')).toBe(0.5);
    expect(parseLuaValue('0x7fffffffffffffff')).toBe(2 ** 63);
  });

  it('applies unary minus, repeated or spaced', () => {
    expect(parseLuaValue('-5')).toBe(-5);
    expect(parseLuaValue('- 5')).toBe(-5);
    expect(parseLuaValue('- -5')).toBe(5);
    expect(parseLuaValue('- --[[ comment ]] 2.5')).toBe(-2.5);
    expect(parseLuaValue('-0x10')).toBe(-16);
    expect(parseLuaValue('-.5')).toBe(-0.5);
  });

  it('rejects malformed numbers and non-literal expressions', () => {
    expect(syntaxError(() => parseLuaValue('12abc')).reason).toBe("malformed number '12abc'");
    expect(syntaxError(() => parseLuaValue('1e')).reason).toBe("malformed number '1e'");
    expect(syntaxError(() => parseLuaValue('1.2.3')).reason).toBe("malformed number '1.2.3'");
    expect(syntaxError(() => parseLuaValue('0x')).reason).toBe("malformed number '0x'");
    expect(syntaxError(() => parseLuaValue('0x1p')).reason).toMatch(/malformed number/);
    expect(() => parseLuaValue('1/0')).toThrow("unexpected '/'");
    expect(() => parseLuaValue('-"5"')).toThrow(LuaSyntaxError);
    expect(() => parseLuaValue('-true')).toThrow(LuaSyntaxError);
  });

  it('reads nil, true and false', () => {
    expect(parseLuaValue('true')).toBe(true);
    expect(parseLuaValue('false')).toBe(false);
    expect(parseLuaValue('nil')).toBeUndefined();
    expect(parseLuaValue('{ true, false }')).toEqual([true, false]);
    expect(() => parseLuaValue('{ truey }')).toThrow("unexpected 'truey'");
  });
});

describe('comments and whitespace', () => {
  it('skips line and block comments of every level', () => {
    const source = [
      '-- heading',
      '--[[ block',
      'comment ]] X = --[==[ level ]] two ]==] {',
      '  a = 1, -- trailing',
      '  --[[ inline ]] b = 2',
      '} -- end without a line break',
    ].join('\n');
    expect(parseSavedVariables(source)).toEqual({ X: { a: 1, b: 2 } });
  });

  it('treats a `--[` that is not a long bracket as a line comment', () => {
    expect(parseLuaValue('{ --[ not a block\n1 }')).toEqual([1]);
    expect(parseLuaValue('{ --[=x\n1 }')).toEqual([1]);
  });

  it('rejects an unfinished block comment', () => {
    expect(syntaxError(() => parseLuaValue('{ --[[ open')).reason).toBe('unfinished long comment');
  });

  it('accepts tabs, vertical tabs, form feeds and every line ending', () => {
    expect(parseLuaValue('{\t1,\v2,\f3,\r4,\n5,\r\n6}')).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('SavedVariables files', () => {
  it('returns every global by name', () => {
    const source = 'A = { 1 }\nB = "text"\nC = 42; D = true\nE = nil\nF = -1.5';
    expect(parseSavedVariables(source)).toEqual({ A: [1], B: 'text', C: 42, D: true, F: -1.5 });
  });

  it('lets a later assignment replace or remove a global', () => {
    expect(parseSavedVariables('A = 1\nA = 2\nB = 1\nB = nil')).toEqual({ A: 2 });
  });

  it('accepts an empty file, comments only, or a BOM', () => {
    expect(parseSavedVariables('')).toEqual({});
    expect(parseSavedVariables('-- nothing here\n')).toEqual({});
    expect(parseSavedVariables('\ufeffA = 1')).toEqual({ A: 1 });
    expect(parseSavedVariables(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8.encode('A = "é"')))).toEqual({
      A: 'é',
    });
  });

  it('decodes byte input as UTF-8, replacing invalid sequences', () => {
    expect(parseSavedVariables(utf8.encode('Name = "Zoë"'))).toEqual({ Name: 'Zoë' });
    expect(parseSavedVariables(Uint8Array.of(...utf8.encode('A = "'), 0xff, 0x22))).toEqual({ A: '\ufffd' });
  });

  it('rejects statements that are not simple assignments', () => {
    expect(() => parseSavedVariables('local A = 1')).toThrow("unexpected 'local'");
    expect(() => parseSavedVariables('A.b = 1')).toThrow("unexpected '.', expected '=' after 'A'");
    expect(() => parseSavedVariables('A == 1')).toThrow(LuaSyntaxError);
    expect(() => parseSavedVariables('A = B')).toThrow("unexpected 'B'");
    expect(() => parseSavedVariables('A = 1 2')).toThrow(LuaSyntaxError);
    expect(() => parseSavedVariables('1 = A')).toThrow("unexpected '1'");
    expect(() => parseSavedVariables('A = f()')).toThrow("unexpected 'f'");
  });

  it('rejects keywords and unsupported keys', () => {
    expect(() => parseLuaValue('{ end = 1 }')).toThrow("unexpected 'end'");
    expect(parseLuaValue('{ goto = 1 }')).toEqual({ goto: 1 });
    expect(syntaxError(() => parseLuaValue('{ [nil] = 1 }')).reason).toBe('table key is nil');
    expect(syntaxError(() => parseLuaValue('{ [{}] = 1 }')).reason).toBe('tables are not supported as keys');
    expect(() => parseLuaValue('{ ["a"] == 1 }')).toThrow(LuaSyntaxError);
    expect(() => parseLuaValue('{ ["a"] 1 }')).toThrow("unexpected '1', expected '='");
    expect(() => parseLuaValue('{ ["a" = 1 }')).toThrow("unexpected '=', expected ']'");
  });

  it('parseLuaValue wants exactly one value', () => {
    expect(() => parseLuaValue('')).toThrow('unexpected end of input');
    expect(() => parseLuaValue('{} {}')).toThrow("unexpected '{'");
    expect(parseLuaValue('  -- lead\n { } -- tail')).toEqual({});
  });
});

describe('error positions', () => {
  it('reports line, column, excerpt and a readable message', () => {
    const error = syntaxError(() => parseSavedVariables('X = {\n\t["a"] = 1,\n\t["b"] = }\n'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LuaSyntaxError');
    expect(error.line).toBe(3);
    expect(error.column).toBe(10);
    expect(error.excerpt).toBe('X = { ["a"] = 1, ["b"] = }');
    expect(error.message).toBe(`unexpected '}' at line 3, column 10: ${error.excerpt}`);
  });

  it('counts CRLF, CR and LF as one line break each', () => {
    expect(syntaxError(() => parseSavedVariables('A = 1\r\nB = 2\r\nC = }')).line).toBe(3);
    expect(syntaxError(() => parseSavedVariables('A = 1\r\nB = 2\r\nC = }')).column).toBe(5);
    expect(syntaxError(() => parseSavedVariables('A = 1\rB = 2\rC = }')).line).toBe(3);
    expect(syntaxError(() => parseSavedVariables('A = 1\n\nC = }')).line).toBe(3);
    expect(syntaxError(() => parseSavedVariables('A = [[x\r\ny]]\r\nB = ?')).line).toBe(3);
  });

  it('points at the start of the problem and counts columns after a BOM from 1', () => {
    const unfinished = syntaxError(() => parseSavedVariables('A = {\n  b = "open\n}'));
    expect([unfinished.line, unfinished.column, unfinished.reason]).toEqual([2, 7, 'unfinished string']);
    expect(syntaxError(() => parseSavedVariables('\ufeffA = ?')).column).toBe(5);
  });

  it('keeps the excerpt short and on one line', () => {
    const long = `X = {\n${'\t["key"] = 1,\n'.repeat(50)}\t["bad"] = ,\n${'\t["key"] = 1,\n'.repeat(50)}}`;
    const error = syntaxError(() => parseSavedVariables(long));
    expect(error.line).toBe(52);
    expect(error.excerpt.length).toBeLessThanOrEqual(64);
    expect(error.excerpt).not.toMatch(/[\r\n\t]/);
    expect(error.excerpt).toContain('["bad"] = ,');
  });

  it('describes the end of input', () => {
    expect(syntaxError(() => parseSavedVariables('X = {')).reason).toBe('unexpected end of input');
    expect(syntaxError(() => parseSavedVariables('X = { 1')).reason).toBe(
      "unexpected end of input, expected ',' or '}'",
    );
    expect(syntaxError(() => parseSavedVariables('X =')).reason).toBe('unexpected end of input');
  });
});

describe('limits', () => {
  it('allows maxDepth levels of tables and no more', () => {
    const nested = (depth: number) => `${'{'.repeat(depth)}${'}'.repeat(depth)}`;
    expect(() => parseLuaValue(nested(64))).not.toThrow();
    const error = syntaxError(() => parseLuaValue(nested(65)));
    expect(error.reason).toBe('tables nested deeper than maxDepth (64)');
    expect(error.column).toBe(65);
    expect(() => parseLuaValue(nested(3), { maxDepth: 3 })).not.toThrow();
    expect(() => parseLuaValue(nested(4), { maxDepth: 3 })).toThrow(LuaSyntaxError);
    expect(() => parseSavedVariables(`X = ${nested(5)}`, { maxDepth: 4 })).toThrow(LuaSyntaxError);
  });

  it('rejects input over maxBytes, counting UTF-8 bytes', () => {
    expect(() => parseSavedVariables('A = "12345"', { maxBytes: 11 })).not.toThrow();
    expect(syntaxError(() => parseSavedVariables('A = "123456"', { maxBytes: 11 })).reason).toBe(
      'input is larger than maxBytes (11 bytes)',
    );
    // 9 characters, 12 bytes.
    expect(() => parseSavedVariables('A = "ééé"', { maxBytes: 11 })).toThrow(LuaSyntaxError);
    expect(() => parseSavedVariables(utf8.encode('A = "123456"'), { maxBytes: 11 })).toThrow(LuaSyntaxError);
    expect(() => parseLuaValue('"123456789"', { maxBytes: 4 })).toThrow(LuaSyntaxError);
  });

  it('has 64 MiB as the default size limit', () => {
    const big = new Uint8Array(64 * 1024 * 1024 + 1).fill(0x20);
    expect(syntaxError(() => parseSavedVariables(big)).reason).toBe(
      'input is larger than maxBytes (67108864 bytes)',
    );
  });

  it('rejects nonsensical limits as a programming error', () => {
    expect(() => parseLuaValue('1', { maxDepth: 0 })).toThrow(TypeError);
    expect(() => parseLuaValue('1', { maxBytes: -1 })).toThrow(TypeError);
    expect(() => parseLuaValue('1', { maxBytes: 1.5 })).toThrow(TypeError);
  });
});
