import { cleanDisplayText } from '@guildhall/contracts';
import { describe, expect, it } from 'vitest';
import { type Alert, renderAlert } from '../../modules/notify/notify.templates';
import {
  checkDiscordMessage,
  DISCORD_LIMITS,
  type DiscordMessage,
  escapeDiscordMarkdown,
  fitDiscordMessage,
  listWithMore,
} from './discord-message';

/** Names players could really give themselves or their guild ranks, each trying something. */
const HOSTILE = [
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '</raid:123456789012345678>',
  '<t:1700000000:R>',
  '<:pepe:123456789012345678>',
  '<https://evil.example/phish>',
  'https://evil.example/phish',
  'see steam://run/570 now',
  '[Free gold](https://evil.example)',
  '# Guild disbanded',
  '## Heading',
  '-# small print',
  '- list item',
  '+ list item',
  '> quoted',
  '>>> block quote',
  '1. first',
  '`code`',
  '```js\nalert(1)\n```',
  '||spoiler||',
  '**bold** __underline__ *it* _it_ ~~strike~~',
  'back\\slash\\',
  'Name\nsecond line',
];

/** Invisible characters by code point: bidi controls, marks and zero-width characters. */
const INVISIBLE = [
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x200b,
  0x200c, 0x200d, 0x2060, 0xfeff,
].map((c) => String.fromCodePoint(c));

/**
 * What Discord's markdown would still act on: the text with every backslash-escaped
 * character taken out must hold no markdown character, start no block, and carry no URL.
 */
function liveMarkdown(escaped: string): string[] {
  let bare = '';
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '\\') {
      i += 1; // the escaped character is shown as it is: a plain letter for this check
      bare += 'x';
    } else bare += escaped[i];
  }
  const found: string[] = [];
  const inline = bare.match(/[*_~`|<>[\]()@\\]/g);
  if (inline) found.push(...inline);
  if (/^\s*([#>+-]|\d+\.)/.test(bare)) found.push('line start');
  if (/:\/\//.test(bare)) found.push('url');
  return found;
}

describe('player text in Discord messages', () => {
  it('neutralises mentions, links, URLs, headings and every markdown style', () => {
    for (const name of HOSTILE) {
      const escaped = escapeDiscordMarkdown(name);
      expect([name, liveMarkdown(escaped)]).toEqual([name, []]);
      expect(escaped).not.toMatch(/[\n\r]/);
    }
    expect(escapeDiscordMarkdown('@everyone')).toBe('\\@everyone');
    expect(escapeDiscordMarkdown('<@&123>')).toBe('\\<\\@&123\\>');
    expect(escapeDiscordMarkdown('https://evil.example')).toBe('https\\://evil.example');
    expect(escapeDiscordMarkdown('# Guild disbanded')).toBe('\\# Guild disbanded');
    expect(escapeDiscordMarkdown('1. first')).toBe('1\\. first');
    expect(escapeDiscordMarkdown('[x](y)')).toBe('\\[x\\]\\(y\\)');
    // Ordinary names stay readable: a hyphen or apostrophe inside a name is no markdown.
    expect(escapeDiscordMarkdown("Ysolde-Zul'jin")).toBe("Ysolde-Zul'jin");
    expect(escapeDiscordMarkdown('Ñandú-Sanguino')).toBe('Ñandú-Sanguino');
  });

  it('drops bidirectional overrides and zero-width characters, so names read as written', () => {
    for (const c of INVISIBLE) {
      expect(cleanDisplayText(`Ald${c}rena`)).toBe('Aldrena');
      expect(escapeDiscordMarkdown(`${c}@every${c}one`)).toBe('\\@everyone');
    }
    // An RTL override would show "anerdlA" reversed; without it the name reads left to right.
    expect(cleanDisplayText('\u202Eanerdla\u202C')).toBe('anerdla');
    // A zero-width space no longer hides a mention behind a look-alike.
    expect(escapeDiscordMarkdown('@\u200Beveryone')).toBe('\\@everyone');
    expect(cleanDisplayText('one\ttwo\r\nthree')).toBe('one two three');
  });

  it('alerts carry escaped names and no working mention, in English and Spanish', () => {
    const at = new Date('2025-12-11T21:00:00Z');
    for (const lang of ['en', 'es'] as const) {
      for (const name of HOSTILE) {
        const description = renderAlert({ kind: 'new_member', name }, lang, 'Guild', at).embeds![0]!
          .description!;
        // The template's own bold markers are the only live markdown left.
        expect([name, liveMarkdown(description.replaceAll('**', ''))]).toEqual([name, []]);
      }
    }
  });
});

describe("Discord's limits", () => {
  const at = new Date('2025-12-11T21:00:00Z');
  const names = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

  it('a 200-name summary stays under every limit, cut with "and N more" / "y N más"', () => {
    const realistic = names(200, (i) => `Personaje${i}-Los Errantes`);
    const long = names(200, (i) => `${'Ñ'.repeat(40)}${i}-${'*_'.repeat(30)}`);
    for (const list of [realistic, long]) {
      for (const [lang, tail] of [
        ['en', / and (\d+) more\.$/],
        ['es', / y (\d+) más\.$/],
      ] as const) {
        for (const kind of ['new_member', 'member_left'] as const) {
          const message = renderAlert({ kind, names: list }, lang, 'Los Centinelas de la Aurora', at);
          expect(checkDiscordMessage(message)).toEqual([]);
          const description = message.embeds![0]!.description!;
          const rest = Number(tail.exec(description)?.[1]);
          expect(rest).toBeGreaterThan(0);
          // Every name is either shown or counted in the tail.
          const shown = list.filter((n) => description.includes(escapeDiscordMarkdown(n))).length;
          expect(shown + rest).toBe(200);
          expect(description).toContain(lang === 'en' ? '**200** members' : '**200** miembros');
        }
      }
    }
  });

  it('a 20-name summary of 250-character names (5,167 characters before) is cut to fit', () => {
    const list = names(20, (i) => `${String.fromCharCode(65 + i)}${'x'.repeat(249)}`);
    const message = renderAlert({ kind: 'new_member', names: list }, 'en', 'Guild', at);
    expect(checkDiscordMessage(message)).toEqual([]);
    expect(message.embeds![0]!.description).toMatch(/ and \d+ more\.$/);
    // A short list is shown whole.
    const few = renderAlert({ kind: 'member_left', names: ['Aldrena', 'Brannoc'] }, 'es', 'G', at);
    expect(few.embeds![0]!.description).toBe('**2** miembros han dejado la hermandad: Aldrena, Brannoc.');
  });

  it('single alerts with absurd names and community names are cut, never refused', () => {
    const alerts: Alert[] = [
      { kind: 'new_member', name: '*'.repeat(5_000) },
      { kind: 'score_milestone', name: 'x'.repeat(9_000), threshold: 2500, score: 2501 },
      { kind: 'boss_kill', boss: 'b'.repeat(3_000), difficulty: 'mythic', zone: 'z'.repeat(3_000) },
    ];
    for (const alert of alerts) {
      const message = renderAlert(alert, 'en', 'C'.repeat(3_000), at);
      expect(checkDiscordMessage(message)).toEqual([]);
      expect(message.embeds![0]!.description!.endsWith('…')).toBe(true);
    }
  });

  it('are checked before sending: every limit is named with its length', () => {
    const embed = (n: number) => ({ title: 't'.repeat(n), description: 'd'.repeat(4_000) });
    const message: DiscordMessage = {
      content: 'c'.repeat(2_001),
      embeds: [
        { ...embed(257), fields: names(26, () => ({ name: 'n'.repeat(257), value: 'v'.repeat(1_025) })) },
        { ...embed(10), footer: { text: 'f'.repeat(2_049) }, author: { name: 'a'.repeat(257) } },
        ...names(9, () => embed(1)),
      ],
    };
    const paths = checkDiscordMessage(message).map((v) => v.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'content',
        'embeds',
        'embeds.0.title',
        'embeds.0.fields',
        'embeds.0.fields.25.name',
        'embeds.0.fields.25.value',
        'embeds.1.footer.text',
        'embeds.1.author.name',
        'embeds (all text)',
      ]),
    );
    expect(checkDiscordMessage({ content: 'c'.repeat(2_000) })).toEqual([]);
    // Two embeds each under their own limits but 6,001 characters together.
    const together: DiscordMessage = {
      embeds: [{ description: 'a'.repeat(4_000) }, { title: 't', description: 'b'.repeat(2_000) }],
    };
    expect(checkDiscordMessage(together)).toEqual([
      { path: 'embeds (all text)', length: 6_001, limit: 6_000 },
    ]);
    expect(checkDiscordMessage(fitDiscordMessage(together))).toEqual([]);
    expect(checkDiscordMessage(fitDiscordMessage(message))).toEqual([]);
  });

  it('lists as many items as fit, then the tail', () => {
    const more = (n: number) => ` and ${n} more`;
    expect(listWithMore(['a', 'b', 'c'], 7, more)).toBe('a, b, c');
    const cut = listWithMore(['aaaa', 'bbbb', 'cccc', 'dddd'], 20, more);
    expect(cut).toBe('aaaa and 3 more');
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(listWithMore(['a'.repeat(50)], 20, more)).toBe(' and 1 more');
    expect(DISCORD_LIMITS.total).toBe(6_000);
  });
});
