import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dotaImportCommand } from '../src/cli/dota-import';
import type { OperationName } from '../src/cli/operations';
import { withDuck } from '../src/modules/dota/duck';
import { importMatchesFile } from '../src/modules/dota/import';
import { matchStoreDeps } from '../src/modules/dota/ingest';
import { loadMatchColumns, queryMatches } from '../src/modules/dota/matches.store';
import { runOperation } from '../src/server-runtime';
import { publicMatchRows } from './dota-data-fixtures';
import { createTestContext, makeCommunity, type TestContext } from './helpers';
import { latch } from './latch';

let t: TestContext;
let communityId: string;
let dir: string;

beforeEach(async () => {
  t = await createTestContext();
  communityId = (await makeCommunity(t.ctx, { game: 'dota', realm: undefined })).id;
  dir = fs.mkdtempSync(path.join(t.dataDir, 'files-'));
});
afterEach(() => t.close());

const file = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const deps = () => ({ store: t.ctx.store });
const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

function csv(rows: ReturnType<typeof publicMatchRows>, teams: 'comma' | 'json') {
  const cols = [
    'match_id',
    'radiant_win',
    'start_time',
    'duration',
    'lobby_type',
    'game_mode',
    'avg_rank_tier',
    'radiant_team',
    'dire_team',
  ];
  const cell = (v: unknown) => {
    if (Array.isArray(v))
      return `"${(teams === 'json' ? JSON.stringify(v) : v.join(',')).replaceAll('"', '""')}"`;
    if (v === null || v === undefined) return '';
    return String(v);
  };
  return [
    cols.join(','),
    ...rows.map((r) => cols.map((c) => cell((r as Record<string, unknown>)[c])).join(',')),
  ].join('\r\n');
}

describe('dota import', () => {
  it('imports NDJSON in both team encodings, and the same file again stores nothing', async () => {
    const rows = [
      ...publicMatchRows(300, { top: 50_000 }),
      ...publicMatchRows(200, { top: 49_700, comma: true, seed: 4 }),
    ];
    const f = file('matches.ndjson', `${ndjson(rows)}\n\n`);
    const first = await importMatchesFile(deps(), communityId, f, { chunkRows: 128 });
    expect(first).toMatchObject({ rows: 500, added: 500, duplicates: 0, rejected: 0 });
    const again = await importMatchesFile(deps(), communityId, f);
    expect(again).toMatchObject({ rows: 500, added: 0, duplicates: 500 });
    expect((await loadMatchColumns(t.ctx, communityId)).n).toBe(500);
    const [m] = await queryMatches(t.ctx, communityId, { matchIds: [49_650], limit: 1 });
    expect(m?.radiant).toEqual(String(rows[350]?.radiant_team).split(',').map(Number));
  });

  it('imports CSV with comma-string or JSON-array teams, quoted, and gzipped', async () => {
    const a = publicMatchRows(40, { top: 1_000 });
    const b = publicMatchRows(40, { top: 2_000, seed: 7 });
    expect((await importMatchesFile(deps(), communityId, file('a.csv', csv(a, 'comma')))).added).toBe(40);
    expect(
      (await importMatchesFile(deps(), communityId, file('b.csv.gz', gzipSync(csv(b, 'json'))))).added,
    ).toBe(40);
    const [m] = await queryMatches(t.ctx, communityId, { matchIds: [1_995], limit: 1 });
    expect(m?.dire).toEqual(b[5]?.dire_team);
    expect(m?.avgRankTier).toBe(b[5]?.avg_rank_tier);
  });

  it('imports Parquet with the same columns', async () => {
    const rows = publicMatchRows(1_000, { top: 90_000 });
    const src = file('rows.ndjson', ndjson(rows));
    const out = path.join(dir, 'matches.parquet');
    await withDuck(async (c) => {
      await c.run(
        `COPY (SELECT match_id::BIGINT AS match_id, radiant_win, start_time::BIGINT AS start_time, duration, lobby_type, game_mode,
           avg_rank_tier, radiant_team::INTEGER[] AS radiant_team, dire_team::INTEGER[] AS dire_team
           FROM read_json('${src}', format = 'newline_delimited')) TO '${out}' (FORMAT parquet)`,
      );
    });
    const s = await importMatchesFile(deps(), communityId, out);
    expect(s).toMatchObject({ rows: 1_000, added: 1_000, rejected: 0 });
    const cols = await loadMatchColumns(t.ctx, communityId);
    const stored = new Set(
      Array.from({ length: cols.n }, (_, i) => cols.heroes.subarray(i * 10, i * 10 + 10).join(',')),
    );
    expect(stored.has(`${String(rows[0]?.radiant_team)},${String(rows[0]?.dire_team)}`)).toBe(true);
  });

  it('refuses bad rows with their line and reason, storing the good ones; --strict stores nothing', async () => {
    const rows = publicMatchRows(6, { top: 700 });
    const text = [
      JSON.stringify(rows[0]),
      '{"match_id": 12, oops',
      JSON.stringify({ ...rows[1], radiant_team: [1, 2, 3, 4, 5, 6] }),
      '',
      JSON.stringify({ ...rows[2], start_time: 1_776_211_200_000 }),
      JSON.stringify({ ...rows[3], dire_team: [rows[3]?.radiant_team[0], 2, 3, 4, 5].join(',') }),
      JSON.stringify(rows[4]),
    ].join('\n');
    const f = file('bad.jsonl', text);
    const strict = await importMatchesFile(deps(), communityId, f, { strict: true });
    expect(strict.refused).toBe(true);
    expect((await loadMatchColumns(t.ctx, communityId)).n).toBe(0);
    const s = await importMatchesFile(deps(), communityId, f);
    expect(s.added).toBe(2);
    expect(s.badRows).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'radiant_team has 6 heroes, not 5' },
      { line: 5, reason: 'start_time is missing or not Unix seconds' },
      { line: 6, reason: expect.stringMatching(/hero appears twice|unknown hero/) },
    ]);
    const badCsv = file(
      'bad.csv',
      `match_id,radiant_win,start_time,duration,avg_rank_tier,radiant_team,dire_team\n1,true,1776211200,2000,,"1,2,3,4,5","6,7,8,9,10"\n2,maybe,1776211200,2000,,"1,2,3,4,5","6,7,8,9,10"\n3,true,1776211200,2000\n4,false,1776211200,2000,81,"[11,12,13,14,15]","[16,17,18,19,20]"\n`,
    );
    const c = await importMatchesFile(deps(), communityId, badCsv);
    expect(c.added).toBe(2);
    expect(c.badRows).toEqual([
      { line: 3, reason: 'radiant_win is missing or not a boolean' },
      { line: 4, reason: '4 cells where the header names 7' },
    ]);
    await expect(
      importMatchesFile(deps(), communityId, file('x.csv', 'match_id,foo\n1,2\n')),
    ).rejects.toThrow(/no radiant_win column/);
    await expect(importMatchesFile(deps(), communityId, file('x.txt', 'hi'))).rejects.toThrow(
      /cannot tell the format/,
    );
  });

  it('the CLI command prints each refused row and a summary last', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const rows = publicMatchRows(20, { top: 300 });
    const f = file('cli.ndjson', `${ndjson(rows)}\n{"match_id":1}\n`);
    const cliDeps = {
      cfg: t.config,
      operation: (op: OperationName, args: unknown) => runOperation(t.ctx, op, args),
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
    };
    await dotaImportCommand(f, { community: communityId }, cliDeps);
    expect(err.join('')).toContain('cli.ndjson:21: start_time is missing or not Unix seconds');
    expect(out.at(-1)).toBe('rows 21: 20 stored, 0 already stored, 1 refused\n');
    await dotaImportCommand(f, { community: communityId }, cliDeps);
    expect(out.at(-1)).toBe('rows 21: 0 stored, 20 already stored, 1 refused\n');
    await expect(
      dotaImportCommand(path.join(dir, 'missing.ndjson'), { community: communityId }, cliDeps),
    ).rejects.toThrow(/no such file/);
  });

  it("the CLI import waits while ingestion holds the community's write lock, then stores", async () => {
    const rows = publicMatchRows(30, { top: 7_000 });
    const f = file('locked.ndjson', ndjson(rows));
    const out: string[] = [];
    const waited = latch();
    const cliDeps = {
      cfg: t.config,
      operation: (op: OperationName, args: unknown) => runOperation(t.ctx, op, args),
      stdout: { write: (s: string) => out.push(s) },
      stderr: {
        write: (s: string) => {
          if (s.includes('waiting for')) waited.open();
        },
      },
    };
    const held = latch();
    let importing: Promise<unknown> | undefined;
    // The lock ingestion takes (PostgreSQL's advisory lock, or the embedded installation's lock file).
    const holder = matchStoreDeps(t.ctx).lock!(communityId, async () => {
      importing = dotaImportCommand(f, { community: communityId }, cliDeps);
      await waited.opened;
      // The import is blocked on the lock: nothing stored yet.
      expect((await loadMatchColumns(t.ctx, communityId)).n).toBe(0);
      await held.opened;
    });
    await waited.opened;
    held.open();
    await holder;
    await importing;
    expect(out.at(-1)).toBe('rows 30: 30 stored, 0 already stored, 0 refused\n');
    expect((await loadMatchColumns(t.ctx, communityId)).n).toBe(30);
  });
});
