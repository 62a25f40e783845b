/**
 * The telemetry lake: bronze → silver → gold (`runPipeline(…, 'run')`) over generated events,
 * against DuckDB's own `COPY (SELECT * FROM read_json(…)) TO '….parquet'` of the same bronze
 * objects (the floor: reading the gzip NDJSON and writing Parquet, nothing else). Prints one
 * JSON line.
 *
 *   LAKE_BENCH_EVENTS=500000 node --import tsx bench/telemetry-lake.bench.ts
 *
 * Default 5,000,000 events in bronze batches of 10,000 (gzip NDJSON in a local object store):
 * up to LAKE_BENCH_BASE (500,000) generated (raids of 25 players), the rest copies of those
 * batches under new raid and event ids. events/s = events ÷ pipeline wall time (copying bronze
 * into DuckDB's work folder, silver and gold Parquet written back included); `vsDuckdbCopy` =
 * COPY's time ÷ the pipeline's (1 would be a pipeline as fast as DuckDB's plain conversion), by wall
 * time and by CPU time of the process (DuckDB's threads included).
 */
import fs from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { createLocalObjectStore } from '../apps/server/src/core/storage/object-store';
import { bronzeKey } from '../apps/server/src/modules/telemetry/bronze';
import { runPipeline } from '../apps/server/src/modules/telemetry/lake';
import { generateRaid } from '../packages/telemetry-gen/src/generate';

const EVENTS = Number(process.env.LAKE_BENCH_EVENTS ?? 5_000_000);
const PER_RAID = Math.min(100_000, EVENTS);
const BATCH = 10_000;
const C = '22222222-2222-4222-8222-222222222222';
const start = Date.parse('2026-01-05T20:00:00Z');

const root = fs.mkdtempSync(path.join(tmpdir(), 'gh-lake-bench-'));
const store = createLocalObjectStore(path.join(root, 'objects'));
let events = 0;
let bronzeBytes = 0;
const setup = process.hrtime.bigint();
// Generating and serialising events costs more than the pipeline: up to 500,000 are generated
// (raids until the count is reached: a pull ends early when the boss dies or everyone is
// dead), and further events are copies of those batches under new raid and event ids.
const BASE = Math.min(EVENTS, Number(process.env.LAKE_BENCH_BASE ?? 500_000));
const base: { raid: number; text: string; count: number }[] = [];
let raids = 0;
for (let r = 0; events < BASE; r++) {
  raids++;
  const raid = generateRaid(
    { seed: 'lake-bench', raids: r + 1, eventsPerRaid: PER_RAID, start, players: 25 },
    r,
  );
  for (let i = 0; i < raid.events.length && events < BASE; i += BATCH) {
    // As the ingest stores them: the generated events with the receiver's defaults (they are
    // valid by construction; telemetry-validate.bench.ts measures validation).
    const slice = raid.events.slice(i, Math.min(i + BATCH, i + BASE - events));
    let text = '';
    for (const e of slice) {
      text += `${JSON.stringify({ ...e, is_resisted: false, is_blocked: false, is_absorbed: false, ingestion_timestamp: e.timestamp })}\n`;
    }
    base.push({ raid: r + 1, text, count: slice.length });
    events += slice.length;
  }
}
const baseRaids = raids;
events = 0;
const raidId = (n: number) => `raid${String(n).padStart(3, '0')}`;
for (let copy = 0; events < EVENTS; copy++) {
  for (let b = 0; b < base.length && events < EVENTS; b++) {
    const { raid, text, count } = base[b] as (typeof base)[number];
    const n = copy * baseRaids + raid;
    // Every copy (the first too) gets its own first byte of each event id: ids stay unique.
    const body = text
      .replaceAll(`"raid_id":"${raidId(raid)}"`, `"raid_id":"${raidId(n)}"`)
      .replaceAll('"event_id":"', `"event_id":"${copy.toString(16).padStart(2, '0')}`)
      .replaceAll(/"event_id":"([0-9a-f]{2})[0-9a-f]{2}/g, '"event_id":"$1');
    // Level 1: the setup is not what is measured; DuckDB reads any gzip level alike.
    const gz = gzipSync(body, { level: 1 });
    bronzeBytes += gz.length;
    events += count;
    raids = Math.max(raids, n);
    await store.put(
      bronzeKey({
        communityId: C,
        raidId: raidId(n),
        ingestDate: '2026-01-05',
        batchId: `b${b}-${copy}`,
        kind: 'events',
      }),
      gz,
    );
  }
}
const setupSeconds = Number(process.hrtime.bigint() - setup) / 1e9;

const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const result = await runPipeline(
  { store, loadRoster: async () => ({ realm: null, characters: [] }) },
  C,
  'run',
);
const pipelineSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const pipelineCpu = process.cpuUsage(cpu0);
if (result.silver?.events !== events)
  throw new Error(`silver kept ${result.silver?.events} of ${events} events`);

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const out = path.join(root, 'copy.parquet');
const t1 = process.hrtime.bigint();
const cpu1 = process.cpuUsage();
await c.run(
  `COPY (SELECT * FROM read_json('${path.join(root, 'objects', 'bronze')}/**/*.ndjson.gz', format = 'newline_delimited', compression = 'gzip')) TO '${out}' (FORMAT parquet)`,
);
const copySeconds = Number(process.hrtime.bigint() - t1) / 1e9;
const copyCpu = process.cpuUsage(cpu1);
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
c.closeSync();
db.closeSync();
fs.rmSync(root, { recursive: true, force: true });

const rate = (n: number) => Math.round(n);
console.log(
  JSON.stringify({
    bench: 'telemetry-lake',
    events,
    raids,
    bronzeMB: Math.round(bronzeBytes / 1e5) / 10,
    pipelineSeconds: Math.round(pipelineSeconds * 100) / 100,
    eventsPerSec: rate(events / pipelineSeconds),
    duckdbCopySeconds: Math.round(copySeconds * 100) / 100,
    duckdbCopyEventsPerSec: rate(events / copySeconds),
    vsDuckdbCopy: Math.round((copySeconds / pipelineSeconds) * 100) / 100,
    // DuckDB's threads count in the process's CPU time.
    pipelineCpuSeconds: Math.round(cpuSeconds(pipelineCpu) * 10) / 10,
    eventsPerCpuSecond: rate(events / cpuSeconds(pipelineCpu)),
    duckdbCopyCpuSeconds: Math.round(cpuSeconds(copyCpu) * 10) / 10,
    // The same ratio by CPU time: less bent by other processes on a shared machine.
    vsDuckdbCopyPerCpuSecond: Math.round((cpuSeconds(copyCpu) / cpuSeconds(pipelineCpu)) * 100) / 100,
    setupSeconds: Math.round(setupSeconds),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    targets: { eventsPerSec: 500_000 },
    note: 'one run each (pipeline first, then COPY over the same files, warm page cache for both); bronze → silver → gold includes the object store round trips',
  }),
);
