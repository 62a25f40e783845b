import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LuaSyntaxError, parseSavedVariables } from './index';

const EXAMPLE_PATH = new URL('./testdata/GuildActivityTracker.lua', import.meta.url);
const bytes = new Uint8Array(readFileSync(EXAMPLE_PATH));
const text = new TextDecoder().decode(bytes);

/** The example as the game writes it on Windows: CRLF line breaks and a BOM. */
const windowsText = `\ufeff${text.replace(/\r?\n/g, '\r\n')}`;

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  expect(value).toBeTypeOf('object');
  return value as Table;
}

function database(input: string | Uint8Array): Table {
  const globals = parseSavedVariables(input);
  expect(Object.keys(globals)).toEqual(['GuildActivityTrackerDB']);
  return table(globals.GuildActivityTrackerDB);
}

describe('the real GuildActivityTracker.lua example', () => {
  it('has the documented top-level tables', () => {
    expect(Object.keys(database(bytes))).toEqual([
      'data',
      'stats',
      'roster',
      'mythic',
      'rosterLastUpdateAt',
      'filters',
      'settings',
      'minimap',
      '_sync',
    ]);
  });

  it('reads a data entry with its daily counts', () => {
    expect(database(bytes).data).toEqual({
      'Aldrena-Stormvale': {
        total: 42,
        daily: { '2025-12-29': 17, '2025-12-30': 25 },
        lastMessage: 'anyone up for a key tonight?',
        lastSeen: '2025-12-30 07:51 PM',
        lastSeenTS: 1767142260,
        rankName: 'Teniente',
        rankIndex: 3,
      },
    });
  });

  it('keys stats by epoch seconds, as strings in an object', () => {
    const { stats } = database(bytes);
    expect(Array.isArray(stats)).toBe(false);
    expect(stats).toEqual({ '1767141602': 21, '1767142205': 23 });
    expect(Object.keys(table(stats))).toEqual(['1767141602', '1767142205']);
  });

  it('reads roster, mythic and the scalar settings', () => {
    const db = database(bytes);
    expect(db.roster).toEqual({
      Aldrena: { rank: 'Teniente', level: 80, class: 'PALADIN', is_online: true },
      'Borvik-Ironreach': { rank: 'Recluta', level: 72, class: 'SHAMAN', is_online: false },
    });
    expect(db.mythic).toEqual({ Aldrena: { score: 2715, class: 'PALADIN', spec: 'Desconocido' } });
    expect(db.rosterLastUpdateAt).toBe(1767142207);
    expect(db.filters).toEqual({ 'Spambot-Stormvale': true });
    expect(db.settings).toEqual({
      sortMode: 'count',
      sortDir: 'desc',
      enableAutoArchive: false,
      autoArchiveDays: 30,
    });
    expect(db.minimap).toEqual({ angle: 180 });
  });

  it('reads _sync, with a lone [4] key kept as an object and a \\n escape decoded', () => {
    const sync = table(database(bytes)._sync);
    expect(sync.clientId).toBe('4821771767056400');
    expect(sync.peers).toEqual({
      '9103441766970000': { sender: 'Ceyla-Stormvale', isMaster: false, lastSeen: 1767142255 },
    });
    expect(sync.pending).toEqual({ stats: { '1767142205': 23 } });
    expect(sync.backlog).toEqual({
      '4': 'A:Borvik-Ironreach,1,1766970000,99,%E2%80%94,gz%21,2025-12-28%3A1\nS:',
    });
    expect(sync._syncInitialized).toBe(true);
  });

  it('gives the same result for text, bytes, and the CRLF + BOM form the game writes', () => {
    const fromBytes = database(bytes);
    expect(database(text)).toEqual(fromBytes);
    expect(database(windowsText)).toEqual(fromBytes);
    expect(database(new TextEncoder().encode(windowsText))).toEqual(fromBytes);
  });

  it('decodes decimal byte escapes in names, as the game writes accented names', () => {
    const accented = text
      .replace('["Aldrena"] = {\n\t\t\t["rank"]', '["Ald\\195\\169rena"] = {\n\t\t\t["rank"]')
      .replace('"anyone up for a key tonight?"', '"caf\\195\\169 \\"ma\\195\\177ana\\"?"');
    const db = database(accented);
    expect(Object.keys(table(db.roster))).toEqual(['Aldérena', 'Borvik-Ironreach']);
    expect(table(table(db.data)['Aldrena-Stormvale']).lastMessage).toBe('café "mañana"?');
  });

  it('reports the line and column of damage in the CRLF form', () => {
    const broken = windowsText.replace('["level"] = 72,', '["level"] = 72,,');
    let error: unknown;
    try {
      parseSavedVariables(broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LuaSyntaxError);
    const { line, column, message } = error as LuaSyntaxError;
    const expectedLine = text.split('\n').findIndex((l) => l.includes('["level"] = 72,')) + 1;
    expect([line, column]).toEqual([expectedLine, 19]);
    expect(message).toMatch(new RegExp(`^unexpected ',' at line ${expectedLine}, column 19: `));
  });
});
