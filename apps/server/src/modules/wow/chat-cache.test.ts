import { LuaSyntaxError, parseSavedVariables } from '@guildhall/lua';
import { describe, expect, it } from 'vitest';
import { type ChatCache, createChatCache, findChatEntries, readUpload } from './chat-cache';
import { packChat } from './chat-months';
import { generateGuildActivityFile } from './demo-file';
import type { RawChatEntry } from './observation';
import { readSavedVariables } from './saved-variables';

const MB = 1024 * 1024;
const full = (text: string) => packChat(readSavedVariables(parseSavedVariables(text)));

/** A cache that counts its hits. */
function countingCache(): ChatCache & { hits: number } {
  const inner = createChatCache();
  const cache = {
    hits: 0,
    get(key: string) {
      const hit = inner.get(key);
      if (hit) cache.hits++;
      return hit;
    },
    set: (key: string, entry: RawChatEntry, size: number) => inner.set(key, entry, size),
  };
  return cache;
}

const file = generateGuildActivityFile({
  members: 60,
  days: 50,
  snapshots: 200,
  seed: 3,
  realm: 'Stormvale',
});
/** The next day's file: one more snapshot and one more chat day for some players. */
let changed = 0;
const nextDay = file
  .replace('["stats"] = {\r\n', '["stats"] = {\r\n\t\t[1767142805] = 31,\r\n')
  .replace(/\["daily"\] = \{\r\n/g, (m, offset: number) => {
    if (offset % 3 !== 0) return m;
    changed++;
    return `${m}\t\t\t\t["2026-01-01"] = 4,\r\n`;
  });

describe('readUpload with the chat cache', () => {
  it('answers what a full parse answers, reusing the entries that did not change', () => {
    const cache = countingCache();
    expect(readUpload(Buffer.from(file), 10 * MB, cache)).toEqual(full(file));
    expect(cache.hits).toBe(0);
    const again = readUpload(Buffer.from(nextDay), 10 * MB, cache);
    expect(again).toEqual(full(nextDay));
    expect(changed).toBeGreaterThan(0);
    expect(again.chat.filter((e) => e.months?.some((m) => m.month === '2026-01')).length).toBe(changed);
    expect(cache.hits).toBe(60 - changed);
  });

  it('reports a syntax error after reused entries where the full parse reports it', () => {
    const cache = countingCache();
    readUpload(Buffer.from(file), 10 * MB, cache);
    const broken = file.replace('["stats"] = {\r\n', '["stats"] = {\r\n\t\t[1767142805] = = 31,\r\n');
    const expected = (() => {
      try {
        parseSavedVariables(broken);
      } catch (e) {
        return e;
      }
    })();
    expect(expected).toBeInstanceOf(LuaSyntaxError);
    const err = (() => {
      try {
        readUpload(Buffer.from(broken), 10 * MB, cache);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LuaSyntaxError);
    expect(err).toMatchObject({
      line: (expected as LuaSyntaxError).line,
      column: (expected as LuaSyntaxError).column,
    });
    expect(cache.hits).toBeGreaterThan(0);
  });

  it('does not take a marker-looking string for a reused entry', () => {
    const cache = createChatCache();
    readUpload(Buffer.from(file), 10 * MB, cache);
    const forged = file.replace(
      '["data"] = {\r\n',
      '["data"] = {\r\n\t\t["Forger"] = {["lastMessage"] = "gh-cached:0:0 } {"},\r\n',
    );
    expect(readUpload(Buffer.from(forged), 10 * MB, cache)).toEqual(full(forged));
  });
});

describe('findChatEntries', () => {
  const wrap = (data: string) =>
    `GuildActivityTrackerDB = {\n ["stats"] = {},\n ["data"] = {\n${data}\n },\n}\n`;

  it('finds each entry, skipping braces in strings and comments', () => {
    const text = wrap(
      ' ["A"] = { ["lastMessage"] = "} {\\"", ["x"] = [==[ } ]==] }, -- { comment\n --[[ { ]] ["B-Realm"] = {\n},',
    );
    const entries = findChatEntries(text)!;
    expect(entries.map((e) => e.name)).toEqual(['A', 'B-Realm']);
    expect(text.slice(entries[0]!.start, entries[0]!.end)).toBe(
      '["A"] = { ["lastMessage"] = "} {\\"", ["x"] = [==[ } ]==] }',
    );
    expect(readUpload(Buffer.from(text), MB, createChatCache())).toEqual(full(text));
  });

  it('gives up on shapes the game does not write', () => {
    expect(findChatEntries(wrap(' ["A"] = {}, ["A"] = {},'))).toBeNull();
    expect(findChatEntries(wrap(' A = {},'))).toBeNull();
    expect(findChatEntries(wrap(' [1] = {},'))).toBeNull();
    expect(findChatEntries(wrap(' ["A"] = 5,'))).toBeNull();
    expect(findChatEntries(wrap(' ["A"] = {}, ["\\65"] = {},'))).toBeNull();
    expect(findChatEntries(`${wrap(' ["A"] = {},')}GuildActivityTrackerDB = {}\n`)).toBeNull();
    expect(findChatEntries(wrap(' ["A"] = {},').replace('["stats"]', 'data = {}, ["stats"]'))).toBeNull();
    expect(findChatEntries(wrap(' ["A"] = {'))).toBeNull();
  });
});

describe('readSavedVariables({ pack: true })', () => {
  it('packs what packChat packs, invalid days left out alike', () => {
    const text = file.replace(
      '["daily"] = {\r\n',
      '["daily"] = {\r\n\t\t\t\t["2025-02-30"] = 4,\r\n\t\t\t\t["2025-03-01"] = -1,\r\n',
    );
    const globals = parseSavedVariables(text);
    expect(readSavedVariables(globals, { pack: true })).toEqual(packChat(readSavedVariables(globals)));
  });
});
