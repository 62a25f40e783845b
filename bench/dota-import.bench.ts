/**
 * The Dota match store: `importMatchesFile` of a synthetic NDJSON file of OpenDota public
 * matches (rows/s, parsing and checking every row, deduplicating and writing Parquet), then
 * `loadMatchColumns` (the model build's read) over the imported matches and over a larger
 * store written straight by DuckDB in the same layout. Prints one JSON line.
 *
 *   DOTA_BENCH_ROWS=1000000 DOTA_BENCH_LOAD_ROWS=10000000 node --import tsx bench/dota-import.bench.ts
 *
 * `reimportRowsPerSec`: the same file again (everything is a duplicate: nothing stored).
 */
import fs from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DOTA_HEROES } from '@guildhall/contracts';
import { createLocalObjectStore } from '../apps/server/src/core/storage/object-store';
import { withDuck } from '../apps/server/src/modules/dota/duck';
import { importMatchesFile } from '../apps/server/src/modules/dota/import';
import { loadMatchColumns, matchPrefix } from '../apps/server/src/modules/dota/matches.store';

const ROWS = Number(process.env.DOTA_BENCH_ROWS ?? 1_000_000);
const LOAD_ROWS = Number(process.env.DOTA_BENCH_LOAD_ROWS ?? 10_000_000);
const C = '33333333-3333-4333-8333-333333333333';
const BIG = '44444444-4444-4444-8444-444444444444';
const T0 = 1_776_211_200;

const root = fs.mkdtempSync(path.join(tmpdir(), 'gh-dota-bench-'));
const store = createLocalObjectStore(path.join(root, 'objects'));
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const ids = DOTA_HEROES.map((h) => h.id);

try {
  const file = path.join(root, 'matches.ndjson');
  const fd = fs.openSync(file, 'w');
  let text = '';
  for (let i = 0; i < ROWS; i++) {
    const picked = new Set<number>();
    while (picked.size < 10) picked.add(ids[Math.floor(random() * ids.length)] as number);
    const heroes = [...picked];
    const old = i % 4 === 0;
    text += `${JSON.stringify({
      match_id: 8_000_000_000 - i,
      match_seq_num: 7_000_000_000 - i,
      radiant_win: random() < 0.52,
      start_time: T0 - i * 3,
      duration: 1500 + Math.floor(random() * 1500),
      lobby_type: 7,
      game_mode: 22,
      avg_rank_tier: 11 + Math.floor(random() * 7) * 10 + Math.floor(random() * 5),
      num_rank_tier: 6,
      cluster: 133,
      radiant_team: old ? heroes.slice(0, 5).join(',') : heroes.slice(0, 5),
      dire_team: old ? heroes.slice(5).join(',') : heroes.slice(5),
    })}\n`;
    if (text.length > 1 << 20) {
      fs.writeSync(fd, text);
      text = '';
    }
  }
  fs.writeSync(fd, text);
  fs.closeSync(fd);
  const fileBytes = fs.statSync(file).size;

  let t = process.hrtime.bigint();
  const first = await importMatchesFile({ store }, C, file);
  const importSeconds = seconds(t);
  if (first.added !== ROWS) throw new Error(`imported ${first.added} of ${ROWS}`);
  t = process.hrtime.bigint();
  const again = await importMatchesFile({ store }, C, file);
  const reimportSeconds = seconds(t);
  if (again.added !== 0) throw new Error('a re-import stored matches again');

  t = process.hrtime.bigint();
  const cols = await loadMatchColumns({ store }, C);
  const loadSeconds = seconds(t);
  if (cols.n !== ROWS) throw new Error(`loaded ${cols.n}`);
  const storedBytes = (await store.list(matchPrefix(C))).reduce((s, o) => s + o.size, 0);

  // A bigger store, written by DuckDB in the same layout and schema (heroes drawn by hash).
  const bigDir = path.join(root, 'objects', ...matchPrefix(BIG).split('/').filter(Boolean), 'patch=60');
  fs.mkdirSync(bigDir, { recursive: true });
  const files = Math.ceil(LOAD_ROWS / 2_000_000);
  await withDuck(async (c) => {
    for (let f = 0; f < files; f++) {
      const from = f * 2_000_000;
      const to = Math.min(LOAD_ROWS, from + 2_000_000);
      const hero = (k: number) => `(1 + hash(i, ${k}) % 155)::UTINYINT`;
      await c.run(
        `COPY (SELECT (9000000000 + i)::BIGINT AS match_id, (${T0} - i)::UINTEGER AS start_time, 2000::UINTEGER AS duration,
           60::USMALLINT AS patch, (11 + (i % 70))::UTINYINT AS avg_rank_tier, (1 + (i % 7))::UTINYINT AS bracket,
           7::USMALLINT AS lobby_type, 22::USMALLINT AS game_mode, (hash(i) % 2 = 0) AS radiant_win,
           ${Array.from({ length: 5 }, (_, k) => `${hero(k)} AS radiant_${k + 1}`).join(', ')},
           ${Array.from({ length: 5 }, (_, k) => `${hero(k + 5)} AS dire_${k + 1}`).join(', ')}
           FROM range(${from}, ${to}) r(i) ORDER BY match_id)
         TO '${path.join(bigDir, `part-${f}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
  });
  t = process.hrtime.bigint();
  const big = await loadMatchColumns({ store }, BIG);
  const bigSeconds = seconds(t);
  if (big.n !== LOAD_ROWS) throw new Error(`loaded ${big.n} of ${LOAD_ROWS}`);
  t = process.hrtime.bigint();
  const bracket = await loadMatchColumns({ store }, BIG, { patch: 60, bracket: 5 });
  const bracketSeconds = seconds(t);

  console.log(
    JSON.stringify({
      bench: 'dota-import',
      rows: ROWS,
      fileMB: +(fileBytes / 1e6).toFixed(1),
      importSeconds: +importSeconds.toFixed(2),
      importRowsPerSec: Math.round(ROWS / importSeconds),
      reimportRowsPerSec: Math.round(ROWS / reimportSeconds),
      storedMB: +(storedBytes / 1e6).toFixed(1),
      loadColumnsSeconds: +loadSeconds.toFixed(3),
      loadRows: LOAD_ROWS,
      loadColumnsBigSeconds: +bigSeconds.toFixed(3),
      loadColumnsBigRowsPerSec: Math.round(LOAD_ROWS / bigSeconds),
      loadOneBracketRows: bracket.n,
      loadOneBracketSeconds: +bracketSeconds.toFixed(3),
      loadavg: +(loadavg()[0] ?? 0).toFixed(1),
    }),
  );
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
