/**
 * fast-check arbitraries that render valid Lua data source text, exercising every lexical form
 * the parser supports: key styles, separators, comments, line endings, string escapes, long
 * strings and number formats. Used by the differential and fuzz tests.
 */
import fc from 'fast-check';

const lineBreak = fc.constantFrom('\n', '\r\n', '\r');

const comment: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('', ' [1]', ' note', ' é ] }', ' --'), lineBreak)
    .map(([text, eol]) => `--${text}${eol}`),
  fc.constantFrom('--[[ block ]]', '--[[\nmulti\r\nline ]]', '--[==[ a ]] b ]=] ]==]', '--[[]]'),
);

/** Optional whitespace and comments between tokens. */
export const gap: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(' ', '\t', '  ', '\t\t') },
      { weight: 2, arbitrary: lineBreak },
      { weight: 1, arbitrary: fc.constantFrom('\v', '\f') },
      { weight: 1, arbitrary: comment },
    ),
    { maxLength: 2 },
  )
  .map((parts) => parts.join(''));

// A piece of a quoted string, rendered for the given delimiter.
type Piece = (quote: '"' | "'", nextIsDigit: boolean) => string;

const plainText = fc
  .string({
    unit: fc.constantFrom(
      ...'abcxyz ABC019_-.,:;!?()[]{}=+*/%#@~`<>|^&$'.split(''),
      'é',
      'ñ',
      'ü',
      '中',
      '😀',
      '\t',
    ),
    maxLength: 6,
  })
  .map(
    (text): Piece =>
      () =>
        text,
  );

const simpleEscape = fc
  .constantFrom('\\n', '\\t', '\\r', '\\a', '\\b', '\\f', '\\v', '\\\\', '\\"', "\\'")
  .map(
    (text): Piece =>
      () =>
        text,
  );

const otherQuote = fc.constant<Piece>((quote) => (quote === '"' ? "'" : '"'));

const decimalEscape = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.boolean()).map(
  ([byte, padded]): Piece =>
    (_quote, nextIsDigit) =>
      `\\${padded || nextIsDigit ? String(byte).padStart(3, '0') : String(byte)}`,
);

const hexEscape = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([byte, upper]): Piece => {
  const hex = byte.toString(16).padStart(2, '0');
  return () => `\\x${upper ? hex.toUpperCase() : hex}`;
});

const unicodeEscape = fc
  .oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0x10ffff }),
  )
  .map(
    (codePoint): Piece =>
      () =>
        `\\u{${codePoint.toString(16)}}`,
  );

const skipEscape = fc.constantFrom('\\z', '\\z   ', '\\z\n\t ', '\\z\r\n').map(
  (text): Piece =>
    () =>
      text,
);

const newlineEscape = fc.constantFrom('\\\n', '\\\r\n', '\\\r').map(
  (text): Piece =>
    () =>
      text,
);

const quotedString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom<'"' | "'">('"', "'"),
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: plainText },
        { weight: 2, arbitrary: simpleEscape },
        { weight: 1, arbitrary: otherQuote },
        { weight: 2, arbitrary: decimalEscape },
        { weight: 1, arbitrary: hexEscape },
        { weight: 1, arbitrary: unicodeEscape },
        { weight: 1, arbitrary: skipEscape },
        { weight: 1, arbitrary: newlineEscape },
      ),
      { maxLength: 6 },
    ),
  )
  .map(([quote, pieces]) => {
    // Render back to front so a decimal escape knows whether a digit follows it.
    let body = '';
    for (let i = pieces.length - 1; i >= 0; i--) {
      const piece = pieces[i] as Piece;
      body = piece(quote, /^[0-9]/.test(body)) + body;
    }
    return `${quote}${body}${quote}`;
  });

const longString: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({
      unit: fc.constantFrom('a', 'b', ' ', ']', '=', '[', '\n', '\r\n', 'é', '"', '\\'),
      maxLength: 10,
    }),
    fc.integer({ min: 0, max: 2 }),
    fc.constantFrom('', '\n', '\r\n'),
  )
  .map(([content, minLevel, leadingBreak]) => {
    let level = minLevel;
    // Raise the level until the content cannot close the bracket early.
    while (`${content}]`.includes(`]${'='.repeat(level)}]`)) level++;
    const eq = '='.repeat(level);
    return `[${eq}[${leadingBreak}${content}]${eq}]`;
  });

export const luaString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: quotedString },
  { weight: 1, arbitrary: longString },
);

/** A non-negative number literal in one of Lua's notations. */
const unsignedNumber: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 ** 31 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('1767141602', '9007199254740993', '123456789012345678901', '007') },
  {
    weight: 2,
    arbitrary: fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
  },
  {
    weight: 1,
    arbitrary: fc
      .double({ min: 0, max: 1e20, noNaN: true, noDefaultInfinity: true })
      .map((n) => n.toPrecision(14).replace(/\.?0+(e|$)/, '$1')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom('0x', '0X'), fc.boolean())
      .map(([n, prefix, upper]) => prefix + (upper ? n.toString(16).toUpperCase() : n.toString(16))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('.5', '5.', '1e10', '1E+5', '2.5e-3', '0x1.8p3', '0xA.8P-1', '0x10p0'),
  },
);

export const luaNumber: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 2 }), unsignedNumber, gap)
  .map(([minuses, digits, between]) => {
    let text = digits;
    for (let i = 0; i < minuses; i++) {
      // `--` would start a comment: a nested minus, or a comment right after `-`, needs a space.
      const needsSpace = (between === '' && text.startsWith('-')) || between.startsWith('-');
      text = `-${needsSpace ? ' ' : ''}${between}${text}`;
    }
    return text;
  });

const identifier = fc.constantFrom(
  'a',
  'b',
  'name',
  '_x1',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'Valor',
);

const scalar: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: luaString },
  { weight: 3, arbitrary: luaNumber },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false') },
  { weight: 1, arbitrary: fc.constant('nil') },
);

const keyExpression: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"a"', "'b'", '"__proto__"', '"1"', '"x y"', '"caf\\195\\169"') },
  { weight: 2, arbitrary: luaString },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }).map(String) },
  { weight: 2, arbitrary: luaNumber },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false') },
);

const separator = fc.constantFrom(',', ';');

/** Nested tables and scalars, as Lua source. */
export const luaValue: fc.Arbitrary<string> = fc.letrec<{ value: string; table: string }>((tie) => ({
  value: fc.oneof({ maxDepth: 4, depthIdentifier: 'lua' }, scalar, tie('table')),
  table: fc
    .tuple(
      fc.array(
        fc.tuple(
          fc.oneof(
            { weight: 3, arbitrary: tie('value').map((value) => ({ kind: 'positional' as const, value })) },
            {
              weight: 3,
              arbitrary: fc
                .tuple(keyExpression, tie('value'), gap, gap)
                .map(([key, value, g1, g2]) => ({ kind: 'bracket' as const, key, value, g1, g2 })),
            },
            {
              weight: 1,
              arbitrary: fc
                .tuple(identifier, tie('value'), gap)
                .map(([name, value, g1]) => ({ kind: 'name' as const, key: name, value, g1 })),
            },
          ),
          gap,
          separator,
        ),
        { maxLength: 6 },
      ),
      fc.boolean(),
      gap,
    )
    .map(([fields, trailing, tail]) => {
      const parts = fields.map(([field, g, sep], i) => {
        let text: string;
        if (field.kind === 'positional') text = field.value;
        else if (field.kind === 'bracket') {
          // `[[` would open a long string, so a long-string key needs a space after `[`.
          const open = field.g1 === '' && field.key.startsWith('[') ? '[ ' : '[';
          text = `${open}${field.g1}${field.key}${field.g2}]${field.g1}=${field.value}`;
        } else text = `${field.key}${field.g1}=${field.value}`;
        const last = i === fields.length - 1;
        return `${g}${text}${last && !trailing ? '' : sep}`;
      });
      return `{${parts.join('')}${tail}}`;
    }),
})).value;

/** A whole SavedVariables-style file: `Name = value` statements. */
export const luaFile: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom('GuildActivityTrackerDB', 'Other', 'X', 'flag'),
      gap,
      luaValue,
      gap,
      fc.boolean(),
    ),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .map((statements) =>
    statements
      .map(([name, g, value, g2, semicolon]) => `${name}${g}=${g2}${value}${semicolon ? ';' : ''}\n`)
      .join(''),
  );
