import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalObjectStore, type ObjectStore } from '../src/core/storage/object-store';
import {
  appendMatches,
  loadMatchColumns,
  matchStoreSummary,
  queryMatches,
} from '../src/modules/dota/matches.store';
import { bracketOf, patchOf } from '../src/modules/dota/patches';
import { dotaMatch, T0 } from './dota-data-fixtures';

let dir: string;
let store: ObjectStore;
const community = '11111111-1111-4111-8111-111111111111';
/** A start time in 7.40 (patch 59). */
const T59 = Date.parse('2026-01-10T12:00:00Z') / 1000;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dota-store-'));
  store = createLocalObjectStore(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('patch and bracket', () => {
  it('derives the patch from the start time and the bracket from the medal', () => {
    expect(patchOf(Date.parse('2026-03-24T00:51:00Z') / 1000)).toBe(60);
    expect(patchOf(Date.parse('2026-03-24T00:50:00Z') / 1000)).toBe(59);
    expect(patchOf(Date.parse('2024-06-01T00:00:00Z') / 1000)).toBe(55);
    expect(bracketOf(null)).toBe(0);
    expect(bracketOf(54)).toBe(5);
    expect(bracketOf(80)).toBe(8);
    expect(bracketOf(5)).toBe(0);
  });
});

describe('match store', () => {
  it('stores matches once, whatever the repeats, and reads them back as columns', async () => {
    const first = [dotaMatch(100), dotaMatch(101), dotaMatch(101), dotaMatch(102, { avgRankTier: null })];
    expect(await appendMatches({ store }, community, first)).toEqual({ added: 3, duplicates: 1 });
    expect(
      await appendMatches({ store }, community, [
        dotaMatch(102),
        dotaMatch(103, { patch: 59, startTime: T59 }),
      ]),
    ).toEqual({
      added: 1,
      duplicates: 1,
    });
    const all = await loadMatchColumns({ store }, community);
    expect(all.n).toBe(4);
    const ids = (await queryMatches({ store }, community, { limit: 10 })).map((m) => m.matchId);
    expect(ids).toEqual([103, 102, 101, 100]);
    const m101 = dotaMatch(101);
    // Columns line up with the rows: find match 101 by its heroes.
    const rows = Array.from({ length: all.n }, (_, i) =>
      Array.from(all.heroes.subarray(i * 10, i * 10 + 10)),
    );
    expect(rows).toContainEqual([...m101.radiant, ...m101.dire]);
    expect([...all.startTime].sort()).toEqual([T59, T0, T0, T0]);

    const p59 = await loadMatchColumns({ store }, community, { patch: 59 });
    expect(p59.n).toBe(1);
    expect(p59.patch[0]).toBe(59);
    const b5 = await loadMatchColumns({ store }, community, { bracket: 5 });
    expect(b5.n).toBe(3);
    expect([...b5.bracket]).toEqual([5, 5, 5]);
    expect((await loadMatchColumns({ store }, community, { patch: 58 })).n).toBe(0);
  });

  it('labels each match with the patch its start time falls in now, not the one it was stored under', async () => {
    // Stored while 7.41 (60) was not yet in the patch list: labelled 7.40 (59), in 7.40's folder.
    const late = dotaMatch(300, { patch: 59, startTime: T0 });
    await appendMatches({ store }, community, [late, dotaMatch(301, { patch: 59, startTime: T59 })]);
    const keys = (await store.list('dota/matches/')).map((o) => o.key);
    expect(keys.every((k) => k.includes('/patch=59/'))).toBe(true);
    const all = await loadMatchColumns({ store }, community);
    const byTime = new Map(Array.from(all.startTime, (t, i) => [t, all.patch[i]]));
    expect(byTime.get(T0)).toBe(60);
    expect(byTime.get(T59)).toBe(59);
    const p60 = await loadMatchColumns({ store }, community, { patch: 60 });
    expect([p60.n, p60.patch[0], p60.startTime[0]]).toEqual([1, 60, T0]);
    expect((await loadMatchColumns({ store }, community, { patch: 59 })).n).toBe(1);
    expect((await loadMatchColumns({ store }, community, { patch: 999 })).n).toBe(0);
    const [m] = await queryMatches({ store }, community, { matchIds: [300], limit: 1 });
    expect(m?.patch).toBe(60);
  });

  it('answers matches by hero, page and id, newest first', async () => {
    const ms = Array.from({ length: 30 }, (_, i) => dotaMatch(1000 + i));
    await appendMatches({ store }, community, ms);
    const hero = ms[7]!.radiant[2]!;
    const withHero = await queryMatches({ store }, community, { heroId: hero, limit: 100 });
    expect(withHero.length).toBe(ms.filter((m) => [...m.radiant, ...m.dire].includes(hero)).length);
    expect(withHero.every((m) => [...m.radiant, ...m.dire].includes(hero))).toBe(true);
    const page = await queryMatches({ store }, community, { beforeMatchId: 1010, limit: 3 });
    expect(page.map((m) => m.matchId)).toEqual([1009, 1008, 1007]);
    expect(page[0]).toEqual(ms[9]);
    const some = await queryMatches({ store }, community, { matchIds: [1003, 1029, 5], limit: 10 });
    expect(some.map((m) => m.matchId)).toEqual([1029, 1003]);
  });

  it('merges many small files into one without losing or doubling a match', async () => {
    for (let i = 0; i < 12; i++) await appendMatches({ store }, community, [dotaMatch(5000 + i)]);
    const files = (await store.list('dota/matches/')).filter((o) => o.key.endsWith('.parquet'));
    expect(files.length).toBeLessThanOrEqual(8);
    expect((await matchStoreSummary({ store }, community)).matches).toBe(12);
    expect((await appendMatches({ store }, community, [dotaMatch(5003), dotaMatch(6000)])).added).toBe(1);
    expect((await loadMatchColumns({ store }, community)).n).toBe(13);
  });

  it('keeps communities apart', async () => {
    const other = '22222222-2222-4222-8222-222222222222';
    await appendMatches({ store }, community, [dotaMatch(1)]);
    expect(await appendMatches({ store }, other, [dotaMatch(1)])).toEqual({ added: 1, duplicates: 0 });
    expect((await loadMatchColumns({ store }, other)).n).toBe(1);
  });
});
