import { describe, expect, it } from 'vitest';
import { parseApiJson } from './client';

describe('answers shown on the dashboard', () => {
  it('lose bidirectional overrides and zero-width characters in every string', () => {
    const body = JSON.stringify({
      items: [
        // Shown as "anerdlA" without the fix: U+202E turns the rest of the name around.
        { name: '\u202Eanerdla\u202C-Stormvale', rank: 'Of\u200Bficer', score: 2500 },
        { name: 'Bran\u2066noc\u2069', messages: ['hi\uFEFF', '\u200Fok\u061C'] },
      ],
      total: 2,
    });
    expect(parseApiJson(body)).toEqual({
      items: [
        { name: 'anerdla-Stormvale', rank: 'Officer', score: 2500 },
        { name: 'Brannoc', messages: ['hi', 'ok'] },
      ],
      total: 2,
    });
    // Ordinary names, accents and line breaks in longer texts are left alone.
    expect(parseApiJson('{"a":"Ñandú-Zul\'jin","b":"line\\nbreak"}')).toEqual({
      a: "Ñandú-Zul'jin",
      b: 'line\nbreak',
    });
  });
});
