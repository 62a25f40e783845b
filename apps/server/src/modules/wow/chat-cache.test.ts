import { LuaSyntaxError, parseSavedVariables } from '@guildhall/lua';
import { describe, expect, it } from 'vitest';
import { type ChatCache, createChatCache, findChatEntries, readUpload, scanFile } from './chat-cache';
import { monthCount, monthOf, packChat } from './chat-months';
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
    recent: (name: string) => inner.recent(name),
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
    const months = (e: RawChatEntry) =>
      Array.from({ length: e.months ? monthCount(e.months) : 0 }, (_, i) => monthOf(e.months!, i));
    expect(again.chat.filter((e) => months(e).includes('2026-01')).length).toBe(changed);
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

describe('plain daily and stats tables read as text', () => {
  const entry = (name: string, daily: string) =>
    `\t\t["${name}"] = {\r\n\t\t\t["daily"] = {${daily}},\r\n\t\t\t["total"] = 9,\r\n\t\t},\r\n`;
  const withData = (entries: string, stats = '[1767142205] = 3, [1767142805] = 4,') =>
    `GuildActivityTrackerDB = {\r\n\t["data"] = {\r\n${entries}\t},\r\n\t["stats"] = {${stats}},\r\n}\r\n`;
  const same = (text: string) => {
    expect(readUpload(Buffer.from(text), MB, createChatCache())).toEqual(full(text));
  };

  it('packs a plain daily table as the parse does: duplicates, invalid dates, order', () => {
    const text = withData(
      entry(
        'A',
        '["2025-03-02"] = 1, ["2024-02-29"] = 5; ["2025-02-29"] = 7, ["2025-13-01"] = 2,' +
          ' ["1899-01-01"] = 2, ["2025-03-00"] = 2, ["2025-03-02"] = 8, ["2025-04-31"] = 1,' +
          '\r\n["2025-03-01"]=0 ',
      ) +
        entry('B', ' ') +
        entry('C', '["2025-01-01"] = 3'),
    );
    const scanned = scanFile(text)!;
    expect(scanned.entries.map((e) => e.daily !== null)).toEqual([true, true, true]);
    same(text);
  });

  it('leaves a table that is not plain to the parse', () => {
    for (const daily of [
      '["2025-03-02"] = 12345678,',
      '["2025-03-02"] = 1.5,',
      '["2025-03-02"] = 1, -- note\r\n',
      '["2025-03-02"] = -1,',
      '["2025-03-02"] = 0x10,',
      '[1] = 4,',
    ]) {
      const text = withData(entry('A', daily));
      expect(scanFile(text)!.entries[0]!.daily).toBeNull();
      same(text);
    }
  });

  it('keeps the later of two daily keys in an entry, plain or not', () => {
    const twice = (a: string, b: string) =>
      withData(`\t\t["A"] = { ["daily"] = {${a}}, ["daily"] = {${b}} },\r\n`);
    same(twice('["2025-01-01"] = 1,', '["2025-01-02"] = 2,'));
    same(twice('["2025-01-01"] = 1,', '["2025-01-02"] = 2.5,'));
    same(twice('["2025-01-01"] = 1.5,', '["2025-01-02"] = 2,'));
  });

  it('reads a plain stats table as the parse does, and leaves the rest to it', () => {
    const a = entry('A', '["2025-01-01"] = 1,');
    const plain = withData(a, '[1767142805] = 4, [1767142205] = 3, [1767142805] = 6 ');
    expect(scanFile(plain)!.stats).not.toBeNull();
    same(plain);
    same(withData(a, ''));
    for (const stats of [
      '[1767142205] = 3, [9999999999] = 4,',
      '[1767142205] = 300000,',
      '[1767142205] = 3.5',
    ]) {
      same(withData(a, stats));
    }
    same(withData(a).replace('["stats"] = {', '["stats"] = {[1767142205] = 1}, ["stats"] = {'));
    same(withData(a).replace('["stats"] = {', '["stats"] = {[1767142205] = 1.5}, ["stats"] = {'));
    same(
      withData(a).replace(
        '["stats"] = {',
        '["stats"] = {[1767142205] = 1}, stats = {[1767142205] = 2.5}, ["x"] = {',
      ),
    );
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
