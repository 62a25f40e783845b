import type { DuckDBConnection } from '@duckdb/node-api';
import type { ObjectStore } from '../../../core/storage/object-store';
import { bronzePrefix, parseBronzeKey, partitionValue } from '../bronze';
import { queryRows, sqlString, withBuildSchema, withWorkDir, writeParquet } from './duck';
import { localPath, stageObjects, uploadDir } from './files';
import { PULLS_SQL, RAID_SQL, sideTablesSql } from './pulls-sql';
import { createPlayerResolver, type LakeRoster } from './roster';
import { checkSchema, SILVER_SCHEMAS } from './schemas';
import { DEDUP_SQL, ENRICH_SQL, PLAYER_NAMES_SQL, SILVER_SQL, typedEventsSql } from './silver-sql';
import { readLakeState, silverPrefix, writeLakeState } from './state';

/** What the pipeline needs from the app: the object store and the community's roster. */
export interface LakeDeps {
  store: ObjectStore;
  loadRoster(communityId: string): Promise<LakeRoster>;
  /** The clock of `builtAt` in the state object (never written into a Parquet file). */
  now?: () => Date;
}

export interface LakeProgressEvent {
  stage: 'silver' | 'gold';
  step: string;
  done: number;
  total: number;
}
export type LakeProgress = (p: LakeProgressEvent) => void;

export interface SilverResult {
  raids: string[];
  bronzeObjects: number;
  events: number;
  duplicates: number;
  rejected: number;
}

/**
 * Silver paths: events under `silver/community=C/raid_id=R/event_date=D/events.parquet`
 * (Hive partitions, not repeated inside the files); per raid, `pulls/`, `raids/` and
 * `rejects/` tables beside them, and `_event_ids/` (the ids each raid kept, so a rebuild of
 * one raid still deduplicates against every other).
 */
export const silverKeys = {
  events: (c: string, raid: string, date: string) =>
    `${silverPrefix(c)}raid_id=${partitionValue(raid)}/event_date=${date}/events.parquet`,
  eventsOfRaid: (c: string, raid: string) => `${silverPrefix(c)}raid_id=${partitionValue(raid)}/`,
  table: (c: string, table: 'pulls' | 'raids' | 'rejects' | '_event_ids', raid: string) =>
    `${silverPrefix(c)}${table}/raid_id=${partitionValue(raid)}/${table === '_event_ids' ? 'ids' : table}.parquet`,
};

/**
 * Bronze → silver for the raids touched by bronze objects not read yet. Each such raid is
 * rebuilt whole from all its bronze objects; objects already read are skipped.
 */
export async function buildSilver(
  deps: LakeDeps,
  communityId: string,
  progress?: LakeProgress,
): Promise<SilverResult> {
  const { store } = deps;
  const state = await readLakeState(store, communityId);
  const objects = (await store.list(bronzePrefix(communityId))).flatMap((o) => {
    const parsed = parseBronzeKey(o.key);
    return parsed ? [{ ...parsed, size: o.size }] : [];
  });
  const pending = objects.filter((o) => state.processed[o.key] !== o.size);
  const result: SilverResult = { raids: [], bronzeObjects: 0, events: 0, duplicates: 0, rejected: 0 };
  if (pending.length === 0) return result;
  const touched = new Set(pending.map((o) => o.raidId));
  const inputs = objects.filter((o) => touched.has(o.raidId));
  const otherIdKeys = (await store.list(`${silverPrefix(communityId)}_event_ids/`))
    .map((o) => o.key)
    .filter((key) => {
      const raid = /raid_id=([^/]+)\//.exec(key)?.[1];
      return raid !== undefined && !touched.has(decodeURIComponent(raid));
    });

  await withWorkDir(store, async (dir) => {
    const total = inputs.length + otherIdKeys.length;
    let done = 0;
    const tick = (step: string) => progress?.({ stage: 'silver', step, done: ++done, total });
    const fileOf = await stageObjects(store, [...inputs.map((o) => o.key), ...otherIdKeys], dir, () =>
      tick('reading bronze'),
    );
    const files = (kind: string) => inputs.filter((o) => o.kind === kind).map((o) => fileOf(o.key));
    await withBuildSchema(async (c, schema) => {
      await c.run(
        otherIdKeys.length > 0
          ? `CREATE OR REPLACE TABLE other_ids AS SELECT DISTINCT event_id FROM read_parquet([${otherIdKeys
              .map((k) => sqlString(fileOf(k)))
              .join(', ')}])`
          : `CREATE OR REPLACE TABLE other_ids (event_id VARCHAR)`,
      );
      progress?.({ stage: 'silver', step: 'typing and cleaning', done, total });
      const eventFiles = files('events');
      await loadBronzeFiles(
        c,
        inputs.filter((o) => o.kind === 'events').map((o) => ({ ...o, filename: fileOf(o.key) })),
      );
      await c.run(typedEventsSql(eventFiles));
      progress?.({ stage: 'silver', step: 'deduplicating', done, total });
      for (const sql of DEDUP_SQL) await c.run(sql);
      for (const sql of sideTablesSql({
        pulls: files('pulls'),
        raids: files('raids'),
        combatants: files('combatants'),
      })) {
        await c.run(sql);
      }
      for (const sql of ENRICH_SQL) await c.run(sql);
      await loadPlayers(c, await deps.loadRoster(communityId));
      progress?.({ stage: 'silver', step: 'enriching', done, total });
      await c.run(SILVER_SQL);
      await c.run(PULLS_SQL);
      await c.run(RAID_SQL);

      const counts = (
        await queryRows(
          c,
          `SELECT (SELECT count(*) FROM typed)::INTEGER AS read, (SELECT count(*) FROM typed WHERE reject_reason IS NOT NULL)::INTEGER AS rejected,
             (SELECT count(*) FROM kept)::INTEGER AS kept`,
        )
      )[0] as { read: number; rejected: number; kept: number };
      result.events = counts.kept;
      result.rejected = counts.rejected;
      result.duplicates = counts.read - counts.rejected - counts.kept;

      result.raids = [...touched].sort();
      await writeSilver(c, schema, dir, communityId, result.raids);
      const out = localPath(dir, 'out');
      const written = new Set(await uploadDir(store, out, ''));
      // Whatever an earlier build wrote for these raids and this one did not is stale.
      for (const raid of result.raids) {
        const stale = [
          ...(await store.list(silverKeys.eventsOfRaid(communityId, raid))),
          ...(
            await Promise.all(
              (['pulls', 'raids', 'rejects', '_event_ids'] as const).map((t) =>
                store.list(silverKeys.table(communityId, t, raid)),
              ),
            )
          ).flat(),
        ];
        for (const { key } of stale) if (!written.has(key)) await store.delete(key);
      }
    });
  });

  for (const o of inputs) state.processed[o.key] = o.size;
  state.goldPending = [...state.goldPending, ...result.raids];
  state.silverBuiltAt = (deps.now?.() ?? new Date()).toISOString();
  await writeLakeState(store, communityId, state);
  result.bronzeObjects = inputs.length;
  return result;
}

/** `bronze_files`: each events object's file with its key, ingest date, batch and place in ingest order. */
async function loadBronzeFiles(
  c: DuckDBConnection,
  files: { filename: string; key: string; ingestDate: string; batchId: string; raidId: string }[],
): Promise<void> {
  await c.run(
    `CREATE OR REPLACE TABLE bronze_files (filename VARCHAR, bronze_key VARCHAR, file_no INTEGER, ingest_date VARCHAR, batch_id VARCHAR, path_raid_id VARCHAR)`,
  );
  const ordered = [...files].sort((a, b) =>
    a.ingestDate !== b.ingestDate ? (a.ingestDate < b.ingestDate ? -1 : 1) : a.key < b.key ? -1 : 1,
  );
  for (let i = 0; i < ordered.length; i += 500) {
    const values = ordered
      .slice(i, i + 500)
      .map(
        (f, j) =>
          `(${sqlString(f.filename)}, ${sqlString(f.key)}, ${i + j}, ${sqlString(f.ingestDate)}, ${sqlString(f.batchId)}, ${sqlString(f.raidId)})`,
      );
    await c.run(`INSERT INTO bronze_files VALUES ${values.join(', ')}`);
  }
}

/** The `players` table: each player id matched to the roster (character, member, class, role, spec). */
async function loadPlayers(c: DuckDBConnection, roster: LakeRoster): Promise<void> {
  await c.run(
    `CREATE OR REPLACE TABLE players (player_id VARCHAR, character VARCHAR, member_id VARCHAR, class_name VARCHAR, role VARCHAR, spec VARCHAR)`,
  );
  const resolve = createPlayerResolver(roster);
  const rows = (await queryRows(c, PLAYER_NAMES_SQL)).map((r) =>
    resolve(r.player_id as string, (r.player_name as string | null) ?? ''),
  );
  const lit = (v: string | null) => (v === null ? 'NULL' : sqlString(v));
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map(
        (p) =>
          `(${lit(p.playerId)}, ${lit(p.character)}, ${lit(p.memberId)}, ${lit(p.className)}, ${lit(p.role)}, ${lit(p.spec)})`,
      );
    await c.run(`INSERT INTO players VALUES ${values.join(', ')}`);
  }
}

/** Writes each silver table into `dir/out/<key>`, one file per partition, rows in a fixed order. */
async function writeSilver(
  c: DuckDBConnection,
  schema: string,
  dir: string,
  communityId: string,
  raids: string[],
) {
  const files: { table: keyof typeof SILVER_SCHEMAS; query: string; key: string }[] = [];
  const partitions = await queryRows(
    c,
    `SELECT DISTINCT raid_id, CAST(event_date AS VARCHAR) AS event_date FROM silver ORDER BY ALL`,
  );
  // `silver` is stored in partition order: each file's rows come out in it without a sort.
  for (const p of partitions as { raid_id: string; event_date: string }[]) {
    files.push({
      table: 'events',
      query: `SELECT * EXCLUDE (raid_id, event_date) FROM silver WHERE raid_id = ${sqlString(p.raid_id)} AND event_date = DATE ${sqlString(p.event_date)}`,
      key: silverKeys.events(communityId, p.raid_id, p.event_date),
    });
  }
  await c.run(
    `CREATE OR REPLACE TABLE kept_ids AS SELECT raid_id, event_id FROM silver ORDER BY raid_id, event_id`,
  );
  for (const raid of raids) {
    const r = sqlString(raid);
    files.push(
      {
        table: 'pulls',
        query: `SELECT * EXCLUDE (raid_id) FROM pulls WHERE raid_id = ${r} ORDER BY pull_number, pull_id`,
        key: silverKeys.table(communityId, 'pulls', raid),
      },
      {
        table: 'raids',
        query: `SELECT * EXCLUDE (raid_id) FROM raids WHERE raid_id = ${r}`,
        key: silverKeys.table(communityId, 'raids', raid),
      },
      {
        table: 'rejects',
        query: `SELECT event_id, event_type, event_ts, CAST(event_date AS DATE) AS event_date, source_id, target_id,
           damage_amount, healing_amount, bronze_key, reject_reason
         FROM typed WHERE reject_reason IS NOT NULL AND path_raid_id = ${r} ORDER BY bronze_key, log_line, event_id`,
        key: silverKeys.table(communityId, 'rejects', raid),
      },
      {
        table: 'eventIds',
        query: `SELECT event_id FROM kept_ids WHERE raid_id = ${r}`,
        key: silverKeys.table(communityId, '_event_ids', raid),
      },
    );
  }
  // A table's columns do not depend on the partition: checked once per build, not per file.
  const checked = new Set<string>();
  for (const f of files) {
    if (checked.has(f.table)) continue;
    checked.add(f.table);
    await checkSchema(c, f.query, SILVER_SCHEMAS[f.table], `silver ${f.table}`);
  }
  const out = localPath(dir, 'out');
  await writeParquet(
    schema,
    files.map((f) => ({ query: f.query, file: localPath(out, f.key) })),
  );
}
