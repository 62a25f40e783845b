import { parseSavedVariables } from '@guildhall/lua';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatCache, readUpload } from './chat-cache';
import { packChat } from './chat-months';
import { generateGuildActivityFile } from './demo-file';
import { createParseHelper, type ParseHelper } from './parse-helper';
import { packPlainDaily } from './plain-tables';
import { readSavedVariables } from './saved-variables';

const MB = 1024 * 1024;
const full = (text: string) => packChat(readSavedVariables(parseSavedVariables(text)));

/** Bytes in shared memory, as an upload body arrives. */
function shared(text: string): Uint8Array {
  const bytes = Buffer.from(text);
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

/** A helper that counts the shares it was handed and the answers it gave. */
function counting(inner: ParseHelper) {
  const seen = { shares: 0, answers: 0, drops: 0 };
  const helper: ParseHelper = {
    load: (bytes) => inner.load(bytes),
    start(work) {
      seen.shares++;
      inner.start(work);
    },
    result() {
      const done = inner.result();
      if (done) seen.answers++;
      return done;
    },
    drop() {
      seen.drops++;
      inner.drop();
    },
  };
  return { helper, seen };
}

// Over the 1 MB below which no helper is lent: 400 players with months of chat.
const file = generateGuildActivityFile({
  members: 400,
  days: 200,
  snapshots: 3_000,
  seed: 5,
  realm: 'Stormvale',
});
const nextDay = file
  .replace('["stats"] = {\r\n', '["stats"] = {\r\n\t\t[1767142805] = 31,\r\n')
  .replace(/\["daily"\] = \{\r\n/g, (m, offset: number) =>
    offset % 5 === 0 ? `${m}\t\t\t\t["2026-01-01"] = 4,\r\n` : m,
  );

const real = createParseHelper();
afterAll(() => real.close());

describe('the parse helper thread', () => {
  it('does a share of the text work, and the answer is what a full parse answers', () => {
    expect(Buffer.byteLength(file)).toBeGreaterThan(MB);
    const { helper, seen } = counting(real);
    const cache = createChatCache();
    expect(readUpload(shared(file), 10 * MB, cache, helper)).toEqual(full(file));
    // The next day's file: most entries come from the cache, the changed ones are shared out.
    expect(readUpload(shared(nextDay), 10 * MB, cache, helper)).toEqual(full(nextDay));
    expect(seen).toEqual({ shares: 2, answers: 2, drops: 2 });
  });

  it('is lent neither bytes outside shared memory nor a small file', () => {
    const { helper, seen } = counting(real);
    expect(readUpload(Buffer.from(file), 10 * MB, createChatCache(), helper)).toEqual(full(file));
    const small = generateGuildActivityFile({
      members: 20,
      days: 10,
      snapshots: 50,
      seed: 6,
      realm: 'Stormvale',
    });
    expect(readUpload(shared(small), 10 * MB, createChatCache(), helper)).toEqual(full(small));
    expect(seen).toEqual({ shares: 0, answers: 0, drops: 0 });
  });

  it('leaves its share to the worker when it fails, and is not asked again', () => {
    const failing: ParseHelper = {
      load: () => undefined,
      start: () => undefined,
      result: () => null,
      drop: () => undefined,
    };
    const { helper, seen } = counting(failing);
    expect(readUpload(shared(file), 10 * MB, createChatCache(), helper)).toEqual(full(file));
    expect(seen).toMatchObject({ shares: 1, answers: 0, drops: 1 });
  });

  it('counts as failed when it never answers, and then stops being lent work', async () => {
    // A thread that takes its messages and never answers (the safety net's timeout, kept short).
    const silent = createParseHelper(new URL('./testdata/silent-helper.ts', import.meta.url), 50);
    try {
      const bytes = shared(file);
      expect(readUpload(bytes, 10 * MB, createChatCache(), silent)).toEqual(full(file));
      const { helper, seen } = counting(silent);
      expect(readUpload(bytes, 10 * MB, createChatCache(), helper)).toEqual(full(file));
      expect(seen).toMatchObject({ shares: 1, answers: 0 });
    } finally {
      await silent.close();
    }
  });
});

describe('packPlainDaily', () => {
  it('keeps nothing of one table for the next', () => {
    const a = '{\n["2025-03-02"] = 4,\n["2025-01-31"] = 2,\n["2025-03-02"] = 7,\n["2025-02-30"] = 9,\n}';
    const b = '{\n["2025-01-05"] = 1,\n}';
    const first = packPlainDaily(a);
    expect(first.months).toBe('2025-032025-01');
    expect(first.days).toBe('{"02":7}{"31":2}');
    expect(first.counts).toEqual([1, 1]);
    // The same months again: only this table's days.
    expect(packPlainDaily(b)).toMatchObject({ months: '2025-01', days: '{"05":1}', counts: [1] });
    expect(packPlainDaily(a)).toEqual(first);
  });
});
