import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createKeyedMutex } from '../../../core/keyed-mutex';
import type { ObjectStore } from '../../../core/storage/object-store';
import { partitionValue } from '../bronze';
import { sqlString, withConnection } from './duck';
import { localPath, snapshotObjects } from './files';
import type { GoldRaidTable } from './gold';
import { goldPrefix, readLakeState } from './state';

/**
 * The gold tables of a community as DuckDB reads them for the API: a local snapshot of the gold
 * objects (hard links on a local store, copies from S3), refreshed when the pipeline has
 * built gold again since the copy was made. The copy before the current one is kept for
 * queries still running on it; older ones are removed.
 */
interface GoldCopy {
  builtAt: string;
  dir: string;
  tables: Set<string>;
}

const copies = new Map<string, GoldCopy[]>();
const mutex = createKeyedMutex();
const root = path.join(os.tmpdir(), `guildhall-lake-read-${process.pid}`);
let copyCounter = 0;

export interface GoldView {
  builtAt: string | null;
  /** `read_parquet(…)` of a table, or null when gold has no file of it. */
  table(name: GoldRaidTable | 'dim_player'): string | null;
}

export async function openGold(store: ObjectStore, communityId: string): Promise<GoldView> {
  const state = await readLakeState(store, communityId);
  const builtAt = state.goldBuiltAt;
  if (builtAt === null) return { builtAt: null, table: () => null };
  const copy = await mutex.run(communityId, async () => {
    const list = copies.get(communityId) ?? [];
    const current = list.at(-1);
    if (current?.builtAt === builtAt) return current;
    const prefix = goldPrefix(communityId);
    const keys = (await store.list(prefix)).map((o) => o.key);
    const dir = path.join(root, partitionValue(communityId), String(++copyCounter));
    await mkdir(dir, { recursive: true });
    await snapshotObjects(store, keys, dir);
    const tables = new Set(keys.map((k) => k.slice(prefix.length).split('/')[0] as string));
    const next: GoldCopy = { builtAt, dir: localPath(dir, prefix.slice(0, -1)), tables };
    const keep = [...list, next].slice(-2);
    for (const old of list.slice(0, list.length + 1 - keep.length)) {
      await rm(path.dirname(path.dirname(old.dir)), { recursive: true, force: true });
    }
    copies.set(communityId, keep);
    return next;
  });
  return {
    builtAt,
    table: (name) =>
      copy.tables.has(name)
        ? name === 'dim_player'
          ? `read_parquet(${sqlString(path.join(copy.dir, 'dim_player', '*.parquet'))})`
          : `read_parquet(${sqlString(path.join(copy.dir, name, '*', '*.parquet'))}, hive_partitioning = true, hive_types = {'raid_id': VARCHAR}, hive_types_autocast = false)`
        : null,
  };
}

/** Runs a read over gold with bound parameters; rows as JSON values. */
export function readGold(sql: string, params: Record<string, string | number> = {}) {
  return withConnection(async (c) => {
    const reader = await c.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  });
}
