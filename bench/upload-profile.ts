/**
 * CPU accounting of the upload path, stage by stage (the machine is shared, so wall time is
 * noise): the parse (worker thread), applyObservation in one transaction, and its commit, with
 * the CPU of the main thread, of the other threads (parse worker, PGlite's thread) and of the
 * PostgreSQL backend running the transaction. First upload, then the next-day file. Not a
 * `*.bench.ts`: a tool for finding where an upload's time goes, one JSON line per upload.
 *
 *   node --import tsx bench/upload-profile.ts            # PGlite
 *   PROFILE_DATABASE_URL=postgres://… node --import tsx bench/upload-profile.ts
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/core/context';
import { createLogger } from '../apps/server/src/core/logger';
import { systemActor } from '../apps/server/src/modules/audit';
import { createCommunity, requireCommunity } from '../apps/server/src/modules/communities';
import { applyObservation } from '../apps/server/src/modules/wow/ingest.service';
import { closeParsePool, parseUpload, warmParsePool } from '../apps/server/src/modules/wow/parse-pool';
import { guildFile, nextDayFile } from './guild-file';

const TICK_MS = 1000 / 100;

const source = guildFile();
const next = nextDayFile(source);

const statCpu = (file: string): number => {
  try {
    const f = fs.readFileSync(file, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
  } catch {
    return 0;
  }
};
const mainCpu = () => statCpu(`/proc/self/task/${process.pid}/stat`);
const allCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Sample {
  wall: number;
  main: number;
  all: number;
  backend: number;
}
let backendPid = 0;
const sample = (): Sample => ({
  wall: performance.now(),
  main: mainCpu(),
  all: allCpu(),
  backend: backendPid ? statCpu(`/proc/${backendPid}/stat`) : 0,
});
const diff = (a: Sample, b: Sample) => ({
  wallMs: Math.round(b.wall - a.wall),
  mainCpuMs: Math.round(b.main - a.main),
  otherCpuMs: Math.round(b.all - a.all - (b.main - a.main)),
  pgCpuMs: Math.round(b.backend - a.backend),
});

async function run(url: string | undefined) {
  await closeParsePool();
  warmParsePool();
  await parseUpload(new TextEncoder().encode('X = {}'), 1024).catch(() => undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-profile-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    DATABASE_URL: url ?? '',
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never });
  try {
    const created = await createCommunity(
      ctx,
      { name: 'Bench Guild', game: 'wow', region: 'eu', realm: 'Stormvale', timezone: 'Europe/Madrid' },
      systemActor,
    );
    for (const [label, text] of [
      ['first', source],
      ['next', next],
    ] as const) {
      const bytes = new TextEncoder().encode(text);
      backendPid = 0;
      const s0 = sample();
      const obs = await parseUpload(bytes, 64 * 1024 * 1024);
      const s1 = sample();
      const community = await requireCommunity(ctx.db, created.id);
      let s2 = sample();
      let s3 = s2;
      await ctx.db.transaction(async (tx) => {
        if (url) {
          const r = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as {
            rows: { pid: number }[];
          };
          backendPid = r.rows[0]!.pid;
        }
        s2 = sample();
        await applyObservation(tx, community, obs, { now: new Date('2026-01-01T00:00:00Z') });
        s3 = sample();
      });
      const s4 = sample();
      console.log(
        JSON.stringify({
          db: url ? 'postgres' : 'pglite',
          upload: label,
          parse: diff(s0, s1),
          ingest: diff(s2, s3),
          commit: diff(s3, s4),
        }),
      );
    }
  } finally {
    await ctx.close();
    await closeParsePool();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const pgUrl = process.env.PROFILE_DATABASE_URL;
if (pgUrl) {
  const name = `gh_prof_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  try {
    await run(u.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} else await run(undefined);
