import crypto from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  BIGINT,
  BOOLEAN,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBVector,
  UINTEGER,
  USMALLINT,
  UTINYINT,
} from '@duckdb/node-api';
import { createKeyedMutex } from '../../core/keyed-mutex';
import type { ObjectStore } from '../../core/storage/object-store';
import { openDuck, sqlFiles, sqlString } from './duck';
import { bracketOf, patchOf, patchWindow } from './patches';
import type { DotaMatch, MatchColumns } from './types';

/**
 * Public matches, columnar: Parquet files in the object store (a local folder or S3, like the
 * telemetry lake), one folder per community and patch:
 * `dota/matches/community=C/patch=P/part-<first id>-<last id>-<tag>.parquet`, rows sorted by
 * match id. The folder's patch is the one the match's start time fell in when it was stored; a
 * reader labels each match again from its start time (`patchOf`), so a patch added to
 * `DOTA_PATCHES` later takes its matches out of the previous patch without rewriting a file.
 * Files are never changed once written (small ones are merged into a new file and
 * then deleted), so a copy of an S3 object stays valid. Every append is deduplicated by match
 * id against everything the community has, so a match is stored once however often it comes.
 */

export const HERO_COLUMNS = [
  'radiant_1',
  'radiant_2',
  'radiant_3',
  'radiant_4',
  'radiant_5',
  'dire_1',
  'dire_2',
  'dire_3',
  'dire_4',
  'dire_5',
] as const;

const TABLE_DDL = `(match_id BIGINT, start_time UINTEGER, duration UINTEGER, patch USMALLINT, avg_rank_tier UTINYINT,
  bracket UTINYINT, lobby_type USMALLINT, game_mode USMALLINT, radiant_win BOOLEAN,
  ${HERO_COLUMNS.map((c) => `${c} UTINYINT`).join(', ')})`;

export const matchPrefix = (communityId: string) =>
  `dota/matches/community=${encodeURIComponent(communityId)}/`;
const patchPrefix = (communityId: string, patch: number) => `${matchPrefix(communityId)}patch=${patch}/`;

/** Runs `fn` as the only writer of a community's matches (across processes, when the app has a way). */
export type CommunityLock = <T>(communityId: string, fn: () => Promise<T>) => Promise<T>;

export interface MatchStoreDeps {
  store: ObjectStore;
  /** Cross-process exclusion (a PostgreSQL advisory lock); in-process writers always queue. */
  lock?: CommunityLock;
}

/** Files below this size are merged once a patch folder holds more than `MERGE_AFTER` of them. */
const SMALL_FILE_BYTES = 16 * 1024 * 1024;
const MERGE_AFTER = 8;

const writers = createKeyedMutex();
let workCounter = 0;

const locked = <T>(deps: MatchStoreDeps, communityId: string, fn: () => Promise<T>) =>
  writers.run(communityId, () => (deps.lock ? deps.lock(communityId, fn) : fn()));

/** Where DuckDB reads the objects: the local store's own files, or a per-process copy of S3 objects. */
const cacheRoot = path.join(os.tmpdir(), `guildhall-dota-store-${process.pid}`);
async function localFiles(store: ObjectStore, objects: readonly { key: string; size: number }[]) {
  if (store.location.startsWith('file://')) {
    const root = store.location.slice('file://'.length);
    return objects.map((o) => path.join(root, ...o.key.split('/')));
  }
  const out: string[] = [];
  for (const o of objects) {
    const target = path.join(cacheRoot, ...o.key.split('/'));
    const have = await stat(target).catch(() => undefined);
    if (have?.size !== o.size) {
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.tmp-${++workCounter}`;
      await pipeline(await store.read(o.key), createWriteStream(tmp));
      await import('node:fs/promises').then((fs) => fs.rename(tmp, target));
    }
    out.push(target);
  }
  return out;
}

const parquetFiles = (objects: { key: string; size: number }[]) =>
  objects.filter((o) => o.key.endsWith('.parquet'));

async function withWorkDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guildhall-dota-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface AppendResult {
  /** Matches stored by this call. */
  added: number;
  /** Matches already stored (or repeated in the batch), not stored again. */
  duplicates: number;
}

/** Stores the matches the community does not have yet. */
export async function appendMatches(
  deps: MatchStoreDeps,
  communityId: string,
  matches: readonly DotaMatch[],
): Promise<AppendResult> {
  if (matches.length === 0) return { added: 0, duplicates: 0 };
  return locked(deps, communityId, () =>
    withWorkDir(async (dir) => {
      const c = await openDuck();
      const schema = `dota_w_${process.pid}_${++workCounter}`;
      await c.run(`CREATE SCHEMA ${schema}`);
      try {
        await c.run(`CREATE TABLE ${schema}.batch ${TABLE_DDL}`);
        await appendRows(c, schema, matches);
        const existing = parquetFiles(await deps.store.list(matchPrefix(communityId)));
        const files = await localFiles(deps.store, existing);
        const range = (
          await c.runAndReadAll(`SELECT min(match_id)::DOUBLE, max(match_id)::DOUBLE FROM ${schema}.batch`)
        ).getRows()[0] as [number, number];
        // One row per match id (the first of the batch), minus what any patch folder holds already.
        await c.run(
          `CREATE TABLE ${schema}.fresh AS SELECT * FROM ${schema}.batch b
           ${files.length > 0 ? `ANTI JOIN (SELECT match_id FROM read_parquet(${sqlFiles(files)}, hive_partitioning = false) WHERE match_id BETWEEN ${range[0]} AND ${range[1]}) e ON b.match_id = e.match_id` : ''}
           QUALIFY row_number() OVER (PARTITION BY b.match_id ORDER BY b.rowid) = 1`,
        );
        let added = 0;
        const patches = (
          await c.runAndReadAll(
            `SELECT patch, count(*)::INTEGER FROM ${schema}.fresh GROUP BY patch ORDER BY patch`,
          )
        ).getRows() as [number, number][];
        for (const [patch, n] of patches) {
          const file = path.join(dir, `${patch}.parquet`);
          await c.run(
            `COPY (SELECT * FROM ${schema}.fresh WHERE patch = ${patch} ORDER BY match_id) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`,
          );
          const ids = (
            await c.runAndReadAll(
              `SELECT min(match_id)::DOUBLE, max(match_id)::DOUBLE FROM ${schema}.fresh WHERE patch = ${patch}`,
            )
          ).getRows()[0] as [number, number];
          const key = `${patchPrefix(communityId, patch)}part-${ids[0]}-${ids[1]}-${crypto.randomBytes(4).toString('hex')}.parquet`;
          await deps.store.put(key, createReadStream(file));
          added += n;
          await mergeSmallFiles(c, deps.store, communityId, patch, dir);
        }
        return { added, duplicates: matches.length - added };
      } finally {
        await c.run(`DROP SCHEMA ${schema} CASCADE`);
        c.closeSync();
      }
    }),
  );
}

const ROW_TYPES = [
  BIGINT,
  UINTEGER,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  UTINYINT,
  USMALLINT,
  USMALLINT,
  BOOLEAN,
  ...HERO_COLUMNS.map(() => UTINYINT),
];
const CHUNK = 2048;

/** Appends the matches a vector-sized chunk at a time (a few native calls per column, not per value). */
async function appendRows(c: DuckDBConnection, schema: string, matches: readonly DotaMatch[]) {
  const appender = await c.createAppender('batch', schema);
  try {
    for (let from = 0; from < matches.length; from += CHUNK) {
      const part = matches.slice(from, from + CHUNK);
      const chunk = DuckDBDataChunk.create(ROW_TYPES, part.length);
      chunk.setColumns([
        part.map((m) => BigInt(m.matchId)),
        part.map((m) => m.startTime),
        part.map((m) => m.duration),
        part.map((m) => m.patch),
        part.map((m) => m.avgRankTier),
        part.map((m) => bracketOf(m.avgRankTier)),
        part.map((m) => m.lobbyType),
        part.map((m) => m.gameMode),
        part.map((m) => m.radiantWin),
        ...[0, 1, 2, 3, 4].map((i) => part.map((m) => m.radiant[i] ?? 0)),
        ...[0, 1, 2, 3, 4].map((i) => part.map((m) => m.dire[i] ?? 0)),
      ]);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Many small files (one per ingestion run) become one, so reads open few files. */
async function mergeSmallFiles(
  c: DuckDBConnection,
  store: ObjectStore,
  communityId: string,
  patch: number,
  dir: string,
) {
  const objects = parquetFiles(await store.list(patchPrefix(communityId, patch)));
  const small = objects.filter((o) => o.size < SMALL_FILE_BYTES);
  if (small.length <= MERGE_AFTER) return;
  const files = await localFiles(store, small);
  const file = path.join(dir, `merged-${patch}.parquet`);
  await c.run(
    `COPY (SELECT * FROM read_parquet(${sqlFiles(files)}, hive_partitioning = false) QUALIFY row_number() OVER (PARTITION BY match_id) = 1 ORDER BY match_id)
     TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  const ids = (
    await c.runAndReadAll(
      `SELECT min(match_id)::DOUBLE, max(match_id)::DOUBLE FROM read_parquet(${sqlString(file)}, hive_partitioning = false)`,
    )
  ).getRows()[0] as [number, number];
  await store.put(
    `${patchPrefix(communityId, patch)}part-${ids[0]}-${ids[1]}-${crypto.randomBytes(4).toString('hex')}.parquet`,
    createReadStream(file),
  );
  for (const o of small) await store.delete(o.key);
}

/** The community's files for a key's patch (every patch when none). */
async function filesOf(store: ObjectStore, communityId: string, patch?: number): Promise<string[]> {
  const prefix = patch === undefined ? matchPrefix(communityId) : patchPrefix(communityId, patch);
  return localFiles(store, parquetFiles(await store.list(prefix)));
}

/** Reads once more when a merge removed a file between listing and reading. */
async function withFiles<T>(
  store: ObjectStore,
  communityId: string,
  patch: number | undefined,
  fn: (files: string[]) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const files = await filesOf(store, communityId, patch);
    try {
      return await fn(files);
    } catch (err) {
      const gone = err instanceof Error && /no such file|not found|no files found/i.test(err.message);
      if (!gone || attempt >= 3) throw err;
    }
  }
}

/**
 * A non-null numeric column's values. The vector classes keep their values in a typed array
 * (`items`), which the reader copies in one go; when a version of the library does not, each
 * value is read through `getItem` (slower, same result).
 */
function numbers(v: DuckDBVector, n: number): ArrayLike<number> {
  const items = (v as unknown as { items?: unknown }).items;
  if (
    (items instanceof Uint8Array || items instanceof Uint16Array || items instanceof Uint32Array) &&
    items.length >= n
  )
    return items.length === n ? items : items.subarray(0, n);
  return Array.from({ length: n }, (_, i) => Number(v.getItem(i) ?? 0));
}

const emptyColumns = (n: number): MatchColumns => ({
  n,
  heroes: new Uint8Array(n * 10),
  radiantWin: new Uint8Array(n),
  bracket: new Uint8Array(n),
  patch: new Uint16Array(n),
  startTime: new Uint32Array(n),
});

/**
 * A community's matches as typed columns for the model build, read by DuckDB straight from
 * Parquet (no row objects). `bracket` 0 or absent = every rank; `patch` absent = every patch.
 * The patch of each match is taken from its start time with today's patch list, not from the
 * folder it was stored in.
 */
export async function loadMatchColumns(
  ctx: { store: ObjectStore },
  communityId: string,
  key?: { patch?: number; bracket?: number },
): Promise<MatchColumns> {
  const conditions: string[] = [];
  if (key?.bracket) conditions.push(`bracket = ${Math.trunc(key.bracket)}`);
  if (key?.patch !== undefined) {
    const w = patchWindow(Math.trunc(key.patch));
    if (!w) return emptyColumns(0);
    conditions.push(`start_time >= ${w.start} AND start_time < ${w.end}`);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  // Every folder: a match stored under an older patch list may belong to this patch now.
  return withFiles(ctx.store, communityId, undefined, async (files) => {
    if (files.length === 0) return emptyColumns(0);
    const c = await openDuck();
    try {
      const from = `read_parquet(${sqlFiles(files)}, hive_partitioning = false)`;
      const total = Number(
        (await c.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${from} ${where}`)).getRows()[0]?.[0] ?? 0,
      );
      const out = emptyColumns(total);
      const result = await c.stream(
        `SELECT ${HERO_COLUMNS.map((h) => `coalesce(${h}, 0)::UTINYINT`).join(', ')}, coalesce(radiant_win, false)::UTINYINT,
           coalesce(bracket, 0)::UTINYINT, coalesce(start_time, 0)::UINTEGER FROM ${from} ${where}`,
      );
      let row = 0;
      let patch = 0;
      let w = { start: 1, end: 0 };
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = Math.min(chunk.rowCount, total - row);
        for (let h = 0; h < 10; h++) {
          const v = numbers(chunk.getColumnVector(h), n);
          for (let i = 0; i < n; i++) out.heroes[(row + i) * 10 + h] = v[i] as number;
        }
        out.radiantWin.set(numbers(chunk.getColumnVector(10), n), row);
        out.bracket.set(numbers(chunk.getColumnVector(11), n), row);
        out.startTime.set(numbers(chunk.getColumnVector(12), n), row);
        for (let i = row; i < row + n; i++) {
          const t = out.startTime[i]!;
          // Rows come in runs of one patch: look it up again only when the run ends.
          if (t < w.start || t >= w.end) {
            patch = patchOf(t);
            w = patchWindow(patch)!;
          }
          out.patch[i] = patch;
        }
        row += n;
        if (row >= total) break;
      }
      return row === total ? out : { ...emptyColumns(row), ...sliceColumns(out, row) };
    } finally {
      c.closeSync();
    }
  });
}

function sliceColumns(c: MatchColumns, n: number): MatchColumns {
  return {
    n,
    heroes: c.heroes.subarray(0, n * 10),
    radiantWin: c.radiantWin.subarray(0, n),
    bracket: c.bracket.subarray(0, n),
    patch: c.patch.subarray(0, n),
    startTime: c.startTime.subarray(0, n),
  };
}

const SELECT_MATCH = `SELECT match_id::DOUBLE AS match_id, start_time, duration, patch, avg_rank_tier, lobby_type, game_mode, radiant_win,
  ${HERO_COLUMNS.join(', ')}`;

function toMatch(r: Record<string, unknown>): DotaMatch {
  const hero = (c: string) => Number(r[c]);
  return {
    matchId: Number(r.match_id),
    startTime: Number(r.start_time),
    duration: Number(r.duration),
    patch: patchOf(Number(r.start_time)),
    avgRankTier: r.avg_rank_tier === null ? null : Number(r.avg_rank_tier),
    lobbyType: Number(r.lobby_type),
    gameMode: Number(r.game_mode),
    radiantWin: r.radiant_win === true,
    radiant: HERO_COLUMNS.slice(0, 5).map(hero),
    dire: HERO_COLUMNS.slice(5).map(hero),
  };
}

/** Stored matches, newest first: before a match id, with a hero, or among given ids. */
export async function queryMatches(
  ctx: { store: ObjectStore },
  communityId: string,
  q: { heroId?: number; beforeMatchId?: number; matchIds?: readonly number[]; limit: number },
): Promise<DotaMatch[]> {
  if (q.matchIds && q.matchIds.length === 0) return [];
  return withFiles(ctx.store, communityId, undefined, async (files) => {
    if (files.length === 0) return [];
    const where: string[] = [];
    if (q.beforeMatchId !== undefined) where.push(`match_id < ${Math.trunc(q.beforeMatchId)}`);
    if (q.heroId !== undefined) {
      const h = Math.trunc(q.heroId);
      where.push(`(${HERO_COLUMNS.map((c) => `${c} = ${h}`).join(' OR ')})`);
    }
    if (q.matchIds) where.push(`match_id IN (${q.matchIds.map((id) => Math.trunc(id)).join(', ')})`);
    const c = await openDuck();
    try {
      const reader = await c.runAndReadAll(
        `${SELECT_MATCH} FROM read_parquet(${sqlFiles(files)}, hive_partitioning = false) ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY match_id DESC LIMIT ${Math.max(0, Math.trunc(q.limit))}`,
      );
      return (reader.getRowObjectsJson() as Record<string, unknown>[]).map(toMatch);
    } finally {
      c.closeSync();
    }
  });
}

/** How many matches the community has stored, and the id range. */
export async function matchStoreSummary(ctx: { store: ObjectStore }, communityId: string) {
  return withFiles(ctx.store, communityId, undefined, async (files) => {
    if (files.length === 0) return { matches: 0, files: 0, newest: null, oldest: null };
    const c = await openDuck();
    try {
      const [n, lo, hi] = (
        await c.runAndReadAll(
          `SELECT count(*)::DOUBLE, min(match_id)::DOUBLE, max(match_id)::DOUBLE FROM read_parquet(${sqlFiles(files)}, hive_partitioning = false)`,
        )
      ).getRows()[0] as [number, number | null, number | null];
      return { matches: n, files: files.length, newest: hi, oldest: lo };
    } finally {
      c.closeSync();
    }
  });
}
