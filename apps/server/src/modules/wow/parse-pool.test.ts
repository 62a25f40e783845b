import { LuaSyntaxError, parseSavedVariables } from '@guildhall/lua';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { packChat } from './chat-months';
import { generateGuildActivityFile } from './demo-file';
import { parseUpload } from './parse-pool';
import { readSavedVariables } from './saved-variables';

const MB = 1024 * 1024;

describe('parseUpload (worker thread)', () => {
  it('answers what parsing in place answers, long lists included', async () => {
    const text = generateGuildActivityFile({
      members: 150,
      days: 40,
      snapshots: 4500,
      seed: 7,
      realm: 'Stormvale',
    });
    const inPlace = readSavedVariables(parseSavedVariables(text));
    expect(inPlace.snapshots.length).toBeGreaterThan(2000);
    expect(inPlace.chat.length).toBeGreaterThan(100);
    expect(await parseUpload(Buffer.from(text), 10 * MB)).toEqual(packChat(inPlace));
  });

  it('leaves the caller’s buffer usable', async () => {
    const bytes = Buffer.from('GuildActivityTrackerDB = { ["stats"] = {} }');
    await parseUpload(bytes, MB);
    expect(bytes.toString()).toBe('GuildActivityTrackerDB = { ["stats"] = {} }');
  });

  it('throws a LuaSyntaxError with its position, as the parser does', async () => {
    const err = await parseUpload(Buffer.from('GuildActivityTrackerDB = {\n  ["a"] = ,\n}'), MB).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(LuaSyntaxError);
    expect(err).toMatchObject({
      line: 2,
      column: expect.any(Number),
      excerpt: expect.stringContaining('["a"]'),
    });
  });

  it('throws the AppError of a file that is not the tracker’s, and the size limit as a syntax error', async () => {
    const other = await parseUpload(Buffer.from('SomeOtherAddonDB = {}'), MB).catch((e) => e);
    expect(other).toBeInstanceOf(AppError);
    expect(other).toMatchObject({ code: 'UPLOAD_NOT_RECOGNISED', status: expect.any(Number) });
    const big = await parseUpload(Buffer.alloc(2048, 32), 1024).catch((e) => e);
    expect(big).toBeInstanceOf(LuaSyntaxError);
  });
});
