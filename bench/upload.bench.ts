/**
 * End-to-end WoW upload: a generated ~20 MB GuildActivityTracker.lua (1,000 members, 50,000
 * snapshots, ~2.5 years of never-pruned daily chat) posted gzipped over loopback HTTP the way
 * the agent sends it — gunzip, hash, parse, one ingestion transaction — on PGlite and on
 * Postgres (`BENCH_DATABASE_URL` or `TEST_DATABASE_URL`; null when unset). Then the same file
 * with one more day of activity (the everyday re-upload), and the roster and heatmap route
 * latencies over that data. While each upload runs, a worker thread (its own event loop, so a
 * stalled server cannot hold it back) sends `GET /api/health` every 10 ms (at most 8 waiting), and the
 * p99 and max of those answers are reported: a blocked event loop shows up as queued requests.
 * Beside wall times, each upload's CPU time (server thread, other threads, PostgreSQL backends)
 * and the server thread's longest event-loop delay: on a shared machine those are the steadier
 * figures. Prints one JSON line.
 *
 *   node --import tsx bench/upload.bench.ts
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/core/context';
import { createLogger } from '../apps/server/src/core/logger';
import { createApiKey } from '../apps/server/src/modules/access';
import { systemActor } from '../apps/server/src/modules/audit';
import { createCommunity } from '../apps/server/src/modules/communities';
import { closeParsePool, parseUpload, warmParsePool } from '../apps/server/src/modules/wow/parse-pool';
import { GUILD_FILE, guildFile, nextDayFile } from './guild-file';

const ROUTE_RUNS = 40;
const HEALTH_INTERVAL_MS = 10;
/** A bound on the health samples of one upload (10 minutes at 10 ms). */
const HEALTH_MAX_SAMPLES = 60_000;
/** Requests waiting at once: a stalled server meets a few queued requests, not a flood. */
const HEALTH_MAX_IN_FLIGHT = 8;
const MB = 1e6;

const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const round = (v: number) => Math.round(v * 10) / 10;

/**
 * An upload as the agent sends it. Compressed and hashed ahead of time: the bench's client shares
 * the server's thread, and its own hashing would count as the server's stall.
 */
const agentUpload = (plain: Buffer) => ({
  size: plain.length,
  gz: new Uint8Array(zlib.gzipSync(plain)),
  sha256: crypto.createHash('sha256').update(plain).digest('hex'),
});

const source = guildFile();
const first = agentUpload(Buffer.from(source));
const next = agentUpload(Buffer.from(nextDayFile(source)));

/**
 * The health poller: a worker thread that sends `GET /api/health` every HEALTH_INTERVAL_MS on
 * its own event loop until told to stop, and answers every request's latency, measured from the
 * moment it was due (so requests queued behind a stalled server count their wait).
 */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.maxInFlight });
const times = [];
let stopping = false, inFlight = 0, sent = 0, failed = 0, lastFailure = '';
const cpuMs = () => { try { const f = require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; } catch { return 0; } };
const cpuStart = cpuMs();
const finish = () => { if (stopping && inFlight === 0) { agent.destroy(); parentPort.postMessage({ times, failed, lastFailure, cpuMs: cpuMs() - cpuStart }); } };
const tick = () => {
  if (stopping || sent >= workerData.max || inFlight >= workerData.maxInFlight) return;
  sent++; inFlight++;
  const start = performance.now();
  const req = http.get(workerData.url, { agent }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) times.push(performance.now() - start); else { failed++; lastFailure = String(res.statusCode); } inFlight--; finish(); });
  });
  req.on('error', (e) => { failed++; lastFailure = e.message; inFlight--; finish(); });
};
const timer = setInterval(tick, workerData.interval);
parentPort.on('message', () => { stopping = true; clearInterval(timer); finish(); });
parentPort.postMessage('ready');
`;

interface Health {
  p99Ms: number;
  maxMs: number;
  samples: number;
  /** Requests that got no 200 (a connection reset by a stalled server, say). */
  failed: number;
  /** The server thread's longest event-loop delay (`monitorEventLoopDelay`, 10 ms resolution). */
  loopMaxMs: number;
}

/**
 * CPU time of one upload, which a shared machine does not inflate as it does wall time: the
 * server's thread, the other threads of the process (the parse worker, PGlite's thread), and
 * the PostgreSQL backends of the bench database (read from /proc: a local server only).
 */
interface Cpu {
  mainMs: number;
  threadsMs: number;
  postgresMs: number | null;
}

const TICK_MS = 10; // /proc times are in clock ticks of 1/100 s
function procCpuMs(file: string): number | null {
  try {
    const stat = fs.readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** The last poller's own CPU (its thread is one of the process's): left out of `threadsMs`. */
let pollerCpuMs = 0;

interface CpuSample {
  main: number;
  all: number;
  /** CPU ms per PostgreSQL backend pid; null when /proc does not show them. */
  pg: Map<number, number> | null;
}

async function cpuNow(databaseUrl: string | undefined): Promise<CpuSample> {
  const u = process.cpuUsage();
  let backends: Map<number, number> | null = null;
  if (databaseUrl) {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    const { rows } = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    await c.end();
    backends = new Map();
    for (const { pid } of rows) {
      const ms = procCpuMs(`/proc/${pid}/stat`);
      if (ms === null) {
        backends = null;
        break;
      }
      backends.set(pid, ms);
    }
  }
  return {
    main: procCpuMs(`/proc/self/task/${process.pid}/stat`) ?? 0,
    all: (u.user + u.system) / 1000,
    pg: backends,
  };
}

/** CPU between two samples; a backend that started in between counts whole. */
function cpuBetween(a: CpuSample, b: CpuSample): Cpu {
  let postgresMs: number | null = null;
  if (a.pg && b.pg) {
    postgresMs = 0;
    for (const [pid, ms] of b.pg) postgresMs += ms - (a.pg.get(pid) ?? 0);
  }
  return {
    mainMs: b.main - a.main,
    threadsMs: Math.round(b.all - a.all - (b.main - a.main)),
    postgresMs,
  };
}

/** Runs `fn` while the poller hits `/api/health`; answers fn's value and the health figures. */
async function whilePolling<T>(baseUrl: string, fn: () => Promise<T>): Promise<[T, Health]> {
  const worker = new Worker(POLLER, {
    eval: true,
    workerData: {
      url: `${baseUrl}/api/health`,
      interval: HEALTH_INTERVAL_MS,
      max: HEALTH_MAX_SAMPLES,
      maxInFlight: HEALTH_MAX_IN_FLIGHT,
    },
  });
  const ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
  await ready;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let value: T;
  try {
    value = await fn();
  } finally {
    loop.disable();
    worker.postMessage('stop');
  }
  const { times, failed, lastFailure, cpuMs } = await new Promise<{
    times: number[];
    failed: number;
    lastFailure: string;
    cpuMs: number;
  }>((resolve) => worker.once('message', resolve));
  pollerCpuMs = cpuMs;
  await worker.terminate();
  if (failed > 0) process.stderr.write(`  health: ${failed} requests failed (last: ${lastFailure})\n`);
  times.sort((a, b) => a - b);
  const p99 = times[Math.max(0, Math.ceil(times.length * 0.99) - 1)] ?? 0;
  const loopMaxMs = loop.max / 1e6;
  return [value, { p99Ms: p99, maxMs: times.at(-1) ?? 0, samples: times.length, failed, loopMaxMs }];
}

interface Figures {
  uploadMs: number;
  reuploadMs: number;
  uploadCpu: Cpu;
  reuploadCpu: Cpu;
  uploadHealth: Health;
  reuploadHealth: Health;
  rosterP50Ms: number;
  heatmapP50Ms: number;
}

async function run(databaseUrl: string | undefined): Promise<Figures> {
  // A fresh parse worker: what the other engine's run parsed (and cached) must not help this one.
  // Started and loaded ahead of the upload, as `serve` does at boot (the empty file only waits for it).
  await closeParsePool();
  warmParsePool();
  await parseUpload(new TextEncoder().encode('X = {}'), 1024).catch(() => undefined);
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
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const cpu: Cpu[] = [];
    const upload = async (file: typeof first): Promise<number> => {
      const before = await cpuNow(databaseUrl);
      const start = performance.now();
      const res = await fetch(`${baseUrl}/api/upload`, {
        method: 'POST',
        headers: {
          'x-api-key': keys.upload,
          'content-encoding': 'gzip',
          'content-type': 'application/octet-stream',
          'x-content-sha256': file.sha256,
        },
        body: file.gz,
      });
      const text = await res.text();
      const ms = performance.now() - start;
      const after = await cpuNow(databaseUrl);
      cpu.push(cpuBetween(before, after));
      const json = JSON.parse(text) as { unchanged?: boolean; summary?: unknown };
      if (res.status !== 200 || json.unchanged) throw new Error(`upload: ${res.status} ${text}`);
      process.stderr.write(`  upload ${round(ms)} ms ${JSON.stringify(json.summary)}\n`);
      return ms;
    };
    const [uploadMs, uploadHealth] = await whilePolling(baseUrl, () => upload(first));
    cpu[0]!.threadsMs -= pollerCpuMs;
    process.stderr.write(
      `  health during upload ${JSON.stringify(uploadHealth)} cpu ${JSON.stringify(cpu[0])}\n`,
    );
    const [reuploadMs, reuploadHealth] = await whilePolling(baseUrl, () => upload(next));
    cpu[1]!.threadsMs -= pollerCpuMs;
    process.stderr.write(
      `  health during re-upload ${JSON.stringify(reuploadHealth)} cpu ${JSON.stringify(cpu[1])}\n`,
    );
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
    return {
      uploadMs,
      reuploadMs,
      uploadCpu: cpu[0]!,
      reuploadCpu: cpu[1]!,
      uploadHealth,
      reuploadHealth,
      rosterP50Ms,
      heatmapP50Ms,
    };
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

process.stderr.write(
  `wow-upload: ${round(first.size / MB)} MB (${round(first.gz.length / MB)} MB gzipped)\n`,
);
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
    sizeMB: round(first.size / MB),
    gzipMB: round(first.gz.length / MB),
    members: GUILD_FILE.members,
    snapshots: GUILD_FILE.snapshots,
    pgliteUploadMs: Math.round(lite.uploadMs),
    pgliteReuploadMs: Math.round(lite.reuploadMs),
    pgliteUploadCpu: lite.uploadCpu,
    pgliteReuploadCpu: lite.reuploadCpu,
    pgliteLoopMaxDuringUploadMs: round(lite.uploadHealth.loopMaxMs),
    pgliteLoopMaxDuringReuploadMs: round(lite.reuploadHealth.loopMaxMs),
    pgliteHealthP99DuringUploadMs: round(lite.uploadHealth.p99Ms),
    pgliteHealthMaxDuringUploadMs: round(lite.uploadHealth.maxMs),
    pgliteHealthP99DuringReuploadMs: round(lite.reuploadHealth.p99Ms),
    pgliteHealthMaxDuringReuploadMs: round(lite.reuploadHealth.maxMs),
    postgresUploadMs: postgres ? Math.round(postgres.uploadMs) : null,
    postgresReuploadMs: postgres ? Math.round(postgres.reuploadMs) : null,
    postgresUploadCpu: postgres?.uploadCpu ?? null,
    postgresReuploadCpu: postgres?.reuploadCpu ?? null,
    postgresLoopMaxDuringUploadMs: postgres ? round(postgres.uploadHealth.loopMaxMs) : null,
    postgresLoopMaxDuringReuploadMs: postgres ? round(postgres.reuploadHealth.loopMaxMs) : null,
    postgresHealthP99DuringUploadMs: postgres ? round(postgres.uploadHealth.p99Ms) : null,
    postgresHealthMaxDuringUploadMs: postgres ? round(postgres.uploadHealth.maxMs) : null,
    postgresHealthP99DuringReuploadMs: postgres ? round(postgres.reuploadHealth.p99Ms) : null,
    postgresHealthMaxDuringReuploadMs: postgres ? round(postgres.reuploadHealth.maxMs) : null,
    rosterP50Ms: round(lite.rosterP50Ms),
    heatmapP50Ms: round(lite.heatmapP50Ms),
    postgresRosterP50Ms: postgres ? round(postgres.rosterP50Ms) : null,
    postgresHeatmapP50Ms: postgres ? round(postgres.heatmapP50Ms) : null,
  }),
);
