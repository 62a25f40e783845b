import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCombatLogText } from '@guildhall/combat-log';
import { raidNightsLog } from '@guildhall/combat-log/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { createLocalObjectStore, type ObjectStore } from '../../core/storage/object-store';
import { decodeNdjson, listBronze } from './bronze';
import { guessLogYear, importCombatLog, readImportCheckpoint } from './combat-log-import';

const COMMUNITY = '6f1c1f7e-2c1e-4a53-9d55-3b0c1f0e9a11';
const log = (nights: number) => raidNightsLog(nights);

async function* pieces(bytes: Buffer, size: number, from = 0): AsyncGenerator<Uint8Array> {
  for (let i = from; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Every object of the store with its bytes (the bronze and the checkpoints). */
async function snapshot(store: ObjectStore, prefix = 'bronze/'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { key } of await store.list(prefix)) out[key] = (await store.get(key))?.toString('base64') ?? '';
  return out;
}

async function bronzeEvents(store: ObjectStore): Promise<{ event_id: string }[]> {
  const rows: { event_id: string }[] = [];
  for (const o of await listBronze(store, COMMUNITY))
    if (o.kind === 'events')
      rows.push(...decodeNdjson<{ event_id: string }>((await store.get(o.key)) as Buffer));
  return rows;
}

describe('combat log import', () => {
  let dir: string;
  let store: ObjectStore;
  const now = () => new Date('2025-12-20T10:00:00Z');
  const run = (bytes: Buffer, extra: Partial<Parameters<typeof importCombatLog>[1]> = {}) =>
    importCombatLog(store, {
      communityId: COMMUNITY,
      head: bytes.subarray(0, 4096),
      name: 'WoWCombatLog.txt',
      year: 2025,
      utcOffsetMinutes: 0,
      source: pieces(bytes, 333),
      sourceOffset: 0,
      totalBytes: bytes.length,
      now,
      chunkBytes: 1024,
      ...extra,
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-cl-import-'));
    store = createLocalObjectStore(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every raid, pull, combatant and event to bronze in chunks, and counts them', async () => {
    const text = log(3);
    const expected = parseCombatLogText(text, { fileId: 'x', year: 2025 });
    const progress: number[] = [];
    const summary = await run(Buffer.from(text), { onProgress: (p) => progress.push(p.offset) });
    expect(summary.counts).toEqual({ raids: 3, pulls: 3, events: expected.events.length, combatants: 3 });
    expect(summary.added).toEqual(summary.counts);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(Buffer.byteLength(text));
    const events = await bronzeEvents(store);
    expect(events).toHaveLength(expected.events.length);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    const kinds = new Set((await listBronze(store, COMMUNITY)).map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['combatants', 'events', 'pulls', 'raids']);
    for (const o of await listBronze(store, COMMUNITY)) {
      expect(o.ingestDate).toBe('2025-12-20');
      expect(o.batchId).toMatch(new RegExp(`^cl-${summary.fileId}-\\d+$`));
    }
  });

  it('resumes an interrupted import from its checkpoint: the same objects as an uninterrupted one', async () => {
    const bytes = Buffer.from(log(3));
    for (const stopAfter of [1, 3, 6]) {
      const clean = createLocalObjectStore(fs.mkdtempSync(path.join(dir, 'clean-')));
      await importCombatLog(clean, {
        communityId: COMMUNITY,
        head: bytes.subarray(0, 4096),
        name: 'WoWCombatLog.txt',
        year: 2025,
        utcOffsetMinutes: 0,
        source: pieces(bytes, 4096),
        sourceOffset: 0,
        now,
        chunkBytes: 1024,
      });
      store = createLocalObjectStore(fs.mkdtempSync(path.join(dir, 'cut-')));
      const interrupted = run(bytes, {
        afterChunk: (n) => {
          if (n === stopAfter) throw new Error('killed');
        },
      });
      await expect(interrupted).rejects.toThrow('killed');
      // The rerun reads the same file in other pieces: the chunks, hence the objects, stay the same.
      const resumed = await run(bytes, { source: pieces(bytes, 97) });
      expect(resumed.resumedAt).toBeGreaterThan((stopAfter - 1) * 1024);
      expect(resumed.resumedAt).toBeLessThanOrEqual(stopAfter * 1024);
      const checkpoint = await readImportCheckpoint(store, COMMUNITY, resumed.fileId);
      expect(checkpoint?.parser.offset).toBe(bytes.length);
      expect(await snapshot(store)).toEqual(await snapshot(clean));
      const events = await bronzeEvents(store);
      expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    }
  });

  it('imports the same file twice: nothing new the second time', async () => {
    const bytes = Buffer.from(log(2));
    const first = await run(bytes);
    const before = await snapshot(store);
    const second = await run(bytes);
    expect(second.added).toEqual({ raids: 0, pulls: 0, events: 0, combatants: 0 });
    expect(second.counts).toEqual(first.counts);
    expect(second.bronzeObjects).toBe(0);
    expect(await snapshot(store)).toEqual(before);
  });

  it('picks up a grown file where the last import stopped, a half-written line included', async () => {
    const full = Buffer.from(log(3));
    const cut = full.indexOf('SPELL_HEAL', full.length / 2) + 5; // inside a line
    const first = await run(full.subarray(0, cut));
    const part = await readImportCheckpoint(store, COMMUNITY, first.fileId);
    expect(full[part!.parser.offset - 1]).toBe(10); // stopped after the last whole line
    const grown = await run(full);
    const clean = createLocalObjectStore(fs.mkdtempSync(path.join(dir, 'clean-')));
    store = clean;
    const once = await run(full);
    expect(grown.counts).toEqual(once.counts);
    expect(grown.resumedAt).toBe(part!.parser.offset);
  });

  it('takes the rest from the checkpoint offset, and refuses a gap', async () => {
    const full = Buffer.from(log(2));
    const first = await run(full.subarray(0, full.length / 2));
    const offset = (await readImportCheckpoint(store, COMMUNITY, first.fileId))!.parser.offset;
    const gap = run(full, { source: pieces(full, 500, offset + 10), sourceOffset: offset + 10 });
    await expect(gap).rejects.toMatchObject({ code: 'CONFLICT', details: { offset } });
    const rest = await run(full, { source: pieces(full, 500, offset), sourceOffset: offset });
    expect(rest.resumedAt).toBe(offset);
    const events = await bronzeEvents(store);
    expect(events).toHaveLength(rest.counts.events);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
  });

  it('refuses a different log under the same first line, and what is not a combat log', async () => {
    const a = Buffer.from(log(2));
    await run(a);
    const b = Buffer.from(log(2).replace('Fireball', 'Frostbolt'));
    await expect(run(b)).rejects.toMatchObject({ code: 'CONFLICT' });
    const json = Buffer.from('[{"event_type":"heal"}]\n');
    const err = await run(json).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'UPLOAD_NOT_RECOGNISED' });
    expect(await store.list(`imports/${COMMUNITY}/`)).toHaveLength(1);
  });

  it('guesses the year of month/day timestamps from the file name, else the reference date', () => {
    const head = Buffer.from('12/30 20:00:00.000  COMBAT_LOG_VERSION,20\n');
    expect(guessLogYear('WoWCombatLog-123024_200000.txt', head, new Date('2026-03-01'))).toBe(2024);
    expect(guessLogYear('WoWCombatLog.txt', head, new Date('2026-01-02'))).toBe(2025);
    expect(guessLogYear('WoWCombatLog.txt', head, new Date('2026-12-31'))).toBe(2026);
  });
});
