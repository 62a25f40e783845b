/**
 * End-to-end WoW upload: a generated ~20 MB GuildActivityTracker.lua (1,000 members, 50,000
 * snapshots, ~2.5 years of never-pruned daily chat) posted gzipped through `app.inject` the
 * way the agent sends it — gunzip, hash, parse, one ingestion transaction — on PGlite and on
 * Postgres (`BENCH_DATABASE_URL` or `TEST_DATABASE_URL`; null when unset). Then the same file
 * with one more day of activity (the everyday re-upload), and the roster and heatmap route
 * latencies over that data. Prints one JSON line.
 *
 *   node --import tsx bench/upload.bench.ts
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/core/context';
import { createLogger } from '../apps/server/src/core/logger';
import { createApiKey } from '../apps/server/src/modules/access';
import { systemActor } from '../apps/server/src/modules/audit';
import { createCommunity } from '../apps/server/src/modules/communities';
import { generateGuildActivityFile } from '../apps/server/src/modules/wow/demo-file';

const FIXTURE = { members: 1000, days: 900, snapshots: 50_000, seed: 20251230, realm: 'Stormvale' };
const ROUTE_RUNS = 40;
const MB = 1e6;

const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const round = (v: number) => Math.round(v * 10) / 10;
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

const source = generateGuildActivityFile(FIXTURE);
const raw = Buffer.from(source);
const gz = zlib.gzipSync(raw);
// The next day's file: one more snapshot and one more chat day for a few players.
const next = Buffer.from(
  source
    .replace('["stats"] = {\r\n', '["stats"] = {\r\n\t\t[1767142805] = 31,\r\n')
    .replace(/\["daily"\] = \{\r\n/g, (m, offset: number) =>
      offset % 7 === 0 ? `${m}\t\t\t\t["2025-12-31"] = 4,\r\n` : m,
    ),
);
const nextGz = zlib.gzipSync(next);

interface Figures {
  uploadMs: number;
  reuploadMs: number;
  rosterP50Ms: number;
  heatmapP50Ms: number;
}

async function run(databaseUrl: string | undefined): Promise<Figures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-upload-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SCHEDULER_ENABLED: 'false',
    DATABASE_URL: databaseUrl ?? '',
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never });
  try {
    const community = await createCommunity(
      ctx,
      { name: 'Bench Guild', game: 'wow', region: 'eu', realm: 'Stormvale', timezone: 'Europe/Madrid' },
      systemActor,
    );
    const keys = {
      upload: (await createApiKey(ctx, community.id, { name: 'agent', scopes: ['upload'] }, systemActor)).key,
      read: (await createApiKey(ctx, community.id, { name: 'read', scopes: ['read'] }, systemActor)).key,
    };
    const app = await buildApp(ctx);
    await app.ready();
    const upload = async (body: Buffer, plain: Buffer) => {
      const start = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/upload',
        headers: {
          'x-api-key': keys.upload,
          'content-encoding': 'gzip',
          'content-type': 'application/octet-stream',
          'x-content-sha256': sha256(plain),
        },
        payload: body,
      });
      const ms = performance.now() - start;
      if (res.statusCode !== 200 || res.json().unchanged)
        throw new Error(`upload: ${res.statusCode} ${res.body}`);
      process.stderr.write(`  upload ${round(ms)} ms ${JSON.stringify(res.json().summary)}\n`);
      return ms;
    };
    const uploadMs = await upload(gz, raw);
    const reuploadMs = await upload(nextGz, next);
    const p50 = async (url: string) => {
      const times: number[] = [];
      for (let i = 0; i < ROUTE_RUNS; i++) {
        const start = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { 'x-api-key': keys.read } });
        times.push(performance.now() - start);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    };
    const base = `/api/v1/communities/${community.id}`;
    const rosterP50Ms = await p50(`${base}/roster?sort=score&limit=100`);
    const heatmapP50Ms = await p50(`${base}/heatmap?weeks=52`);
    await app.close();
    return { uploadMs, reuploadMs, rosterP50Ms, heatmapP50Ms };
  } finally {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A throwaway database on the Postgres server, dropped afterwards. */
async function withPostgres<T>(baseUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `gh_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

process.stderr.write(`wow-upload: ${round(raw.length / MB)} MB (${round(gz.length / MB)} MB gzipped)\n`);
process.stderr.write('pglite\n');
const lite = await run(undefined);
let postgres: Figures | null = null;
if (postgresUrl) {
  process.stderr.write('postgres\n');
  postgres = await withPostgres(postgresUrl, run);
}

console.log(
  JSON.stringify({
    bench: 'wow-upload',
    sizeMB: round(raw.length / MB),
    gzipMB: round(gz.length / MB),
    members: FIXTURE.members,
    snapshots: FIXTURE.snapshots,
    pgliteUploadMs: Math.round(lite.uploadMs),
    pgliteReuploadMs: Math.round(lite.reuploadMs),
    postgresUploadMs: postgres ? Math.round(postgres.uploadMs) : null,
    postgresReuploadMs: postgres ? Math.round(postgres.reuploadMs) : null,
    rosterP50Ms: round(lite.rosterP50Ms),
    heatmapP50Ms: round(lite.heatmapP50Ms),
    postgresRosterP50Ms: postgres ? round(postgres.rosterP50Ms) : null,
    postgresHeatmapP50Ms: postgres ? round(postgres.heatmapP50Ms) : null,
  }),
);
