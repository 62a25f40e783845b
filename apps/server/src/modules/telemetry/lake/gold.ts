import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { partitionValue } from '../bronze';
import { queryRows, sqlString, withBuildSchema, withWorkDir, writeParquet } from './duck';
import { localPath, stageObjects, uploadDir } from './files';
import { DIM_PLAYER_SQL, GOLD_PREPARE_SQL, GOLD_TABLES_SQL } from './gold-sql';
import { checkSchema, GOLD_SCHEMAS } from './schemas';
import type { LakeDeps, LakeProgress } from './silver';
import { silverKeys } from './silver';
import { goldPrefix, readLakeState, writeLakeState } from './state';

/** Gold tables kept per raid (`gold/community=C/<table>/raid_id=R/<table>.parquet`). */
export const GOLD_RAID_TABLES = [
  'dim_raid',
  'fact_raid_summary',
  'fact_pull',
  'fact_player_raid_stats',
  'fact_player_pull_stats',
  'fact_death',
] as const;
export type GoldRaidTable = (typeof GOLD_RAID_TABLES)[number];

export const goldKeys = {
  table: (c: string, table: GoldRaidTable, raid: string) =>
    `${goldPrefix(c)}${table}/raid_id=${partitionValue(raid)}/${table}.parquet`,
  tablePrefix: (c: string, table: GoldRaidTable) => `${goldPrefix(c)}${table}/`,
  dimPlayer: (c: string) => `${goldPrefix(c)}dim_player/dim_player.parquet`,
};

/** Row order of each table: reruns write the same rows in the same order. */
const ORDER: Record<GoldRaidTable, string> = {
  dim_raid: 'raid_id',
  fact_raid_summary: 'raid_id',
  fact_pull: 'pull_number, pull_id',
  fact_player_raid_stats: 'damage DESC, healing DESC, player_id',
  fact_player_pull_stats: 'pull_id, damage DESC, healing DESC, player_id',
  fact_death: 'died_at, player_id, event_id',
};

export interface GoldResult {
  raids: string[];
  players: number;
}

const parquetList = (fileOf: (key: string) => string, keys: readonly string[]) =>
  `read_parquet([${keys.map((k) => sqlString(fileOf(k))).join(', ')}], hive_partitioning = true, hive_types = {'raid_id': VARCHAR}, hive_types_autocast = false, union_by_name = true)`;

/**
 * Silver → gold for the raids silver rebuilt since the last gold build, then `dim_player`
 * again from every raid's player rows (small: one row per player and raid).
 */
export async function buildGold(
  deps: LakeDeps,
  communityId: string,
  progress?: LakeProgress,
): Promise<GoldResult> {
  const { store } = deps;
  const state = await readLakeState(store, communityId);
  const raids = [...new Set(state.goldPending)].sort();
  if (raids.length === 0) return { raids: [], players: 0 };

  let players = 0;
  await withWorkDir(store, async (dir) => {
    const eventKeys: string[] = [];
    const pullKeys: string[] = [];
    const raidKeys: string[] = [];
    for (const raid of raids) {
      eventKeys.push(
        ...(await store.list(silverKeys.eventsOfRaid(communityId, raid)))
          .map((o) => o.key)
          .filter((k) => k.endsWith('/events.parquet')),
      );
      for (const [list, table] of [
        [pullKeys, 'pulls'],
        [raidKeys, 'raids'],
      ] as const) {
        const key = silverKeys.table(communityId, table, raid);
        if ((await store.list(key)).some((o) => o.key === key)) list.push(key);
      }
    }
    const all = [...eventKeys, ...pullKeys, ...raidKeys];
    let done = 0;
    const fileOf = await stageObjects(store, all, dir, () =>
      progress?.({ stage: 'gold', step: 'reading silver', done: ++done, total: all.length + 1 }),
    );
    const live = raidKeys.map((k) => decodeURIComponent(/raid_id=([^/]+)\//.exec(k)?.[1] ?? ''));
    await withBuildSchema(async (c, schema) => {
      if (raidKeys.length > 0) {
        progress?.({ stage: 'gold', step: 'computing', done, total: all.length + 1 });
        await c.run(
          `CREATE OR REPLACE VIEW g_ev AS SELECT * EXCLUDE (community, raid_id), url_decode(raid_id) AS raid_id FROM ${parquetList(fileOf, eventKeys)}`,
        );
        await c.run(
          `CREATE OR REPLACE TABLE g_pulls AS SELECT * EXCLUDE (community, raid_id), url_decode(raid_id) AS raid_id FROM ${parquetList(fileOf, pullKeys)}`,
        );
        await c.run(
          `CREATE OR REPLACE TABLE g_raids AS SELECT * EXCLUDE (community, raid_id), url_decode(raid_id) AS raid_id FROM ${parquetList(fileOf, raidKeys)}`,
        );
        for (const sql of [...GOLD_PREPARE_SQL, ...GOLD_TABLES_SQL]) await c.run(sql);
        await writeRaidTables(c, schema, dir, communityId, live);
        await uploadDir(store, localPath(dir, 'out'), '');
      }
      // Raids whose silver is gone (nothing valid left) lose their gold too.
      for (const raid of raids.filter((r) => !live.includes(r))) {
        for (const table of GOLD_RAID_TABLES) await store.delete(goldKeys.table(communityId, table, raid));
      }
      players = await writeDimPlayer(c, deps, dir, communityId);
    });
  });
  state.goldPending = [];
  state.goldBuiltAt = (deps.now?.() ?? new Date()).toISOString();
  await writeLakeState(store, communityId, state);
  progress?.({ stage: 'gold', step: 'done', done: 1, total: 1 });
  return { raids, players };
}

async function writeRaidTables(
  c: DuckDBConnection,
  schema: string,
  dir: string,
  communityId: string,
  raids: string[],
) {
  // A table's columns do not depend on the raid: checked once per build, not per file.
  for (const table of GOLD_RAID_TABLES) {
    await checkSchema(c, `SELECT * EXCLUDE (raid_id) FROM ${table}`, GOLD_SCHEMAS[table], `gold ${table}`);
  }
  const out = localPath(dir, 'out');
  await writeParquet(
    schema,
    raids.flatMap((raid) =>
      GOLD_RAID_TABLES.map((table) => ({
        query: `SELECT * EXCLUDE (raid_id) FROM ${table} WHERE raid_id = ${sqlString(raid)} ORDER BY ${ORDER[table]}`,
        file: localPath(out, goldKeys.table(communityId, table, raid)),
      })),
    ),
  );
}

/** `dim_player` from every raid's `fact_player_raid_stats`. */
async function writeDimPlayer(
  c: DuckDBConnection,
  deps: LakeDeps,
  dir: string,
  communityId: string,
): Promise<number> {
  const keys = (await deps.store.list(goldKeys.tablePrefix(communityId, 'fact_player_raid_stats'))).map(
    (o) => o.key,
  );
  const key = goldKeys.dimPlayer(communityId);
  if (keys.length === 0) {
    await deps.store.delete(key);
    return 0;
  }
  const fileOf = await stageObjects(deps.store, keys, path.join(dir, 'stats'));
  await c.run(
    `CREATE OR REPLACE TABLE all_player_raid_stats AS SELECT * EXCLUDE (community, raid_id), url_decode(raid_id) AS raid_id FROM ${parquetList(fileOf, keys)}`,
  );
  await checkSchema(c, DIM_PLAYER_SQL, GOLD_SCHEMAS.dim_player, 'gold dim_player');
  const file = path.join(dir, 'dim_player.parquet');
  await c.run(`COPY (${DIM_PLAYER_SQL}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
  await deps.store.putFile(key, file);
  const [row] = await queryRows(c, `SELECT count(*)::INTEGER AS n FROM (${DIM_PLAYER_SQL})`);
  return (row?.n as number) ?? 0;
}
