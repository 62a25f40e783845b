/**
 * End-to-end HTTP ingest of raid telemetry: batches of 1,000 generated events (seeded, the
 * seed's distributions) posted as JSON arrays over loopback HTTP to
 * `POST /api/v1/communities/:id/telemetry/events` — body read, validation, bronze (gzip NDJSON,
 * one object per raid and batch, local store) and the answer — against JSON.parse alone of the
 * same bytes. Prints one JSON line.
 *
 *   node --import tsx bench/telemetry-ingest.bench.ts
 *
 * The client runs in a worker thread (its own event loop) with four requests in flight
 * (`BENCH_IN_FLIGHT`), so the server's loop does only the server's work and bronze compression
 * (on the thread pool) overlaps the next request's validation. `withIdempotencyKey` is the same run with a fresh
 * `Idempotency-Key` per batch (one claim and one answer row in the database per batch).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/core/context';
import { createLogger } from '../apps/server/src/core/logger';
import { createApiKey } from '../apps/server/src/modules/access';
import { systemActor } from '../apps/server/src/modules/audit';
import { createCommunity } from '../apps/server/src/modules/communities';
import { generateRaids } from '../packages/telemetry-gen/src/generate';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 60);
const BATCH_SIZE = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const start = Date.parse('2026-01-01T20:00:00Z');
/**
 * The batches' text. The generated event objects are dropped once serialised: kept, they would
 * sit in the server's heap (this process) and make every full collection mark them.
 */
function makeBatches(): string[] {
  const events = [];
  for (const raid of generateRaids({ seed: 'bench', raids: 20, eventsPerRaid: 6000, start, players: 25 })) {
    events.push(...raid.events);
    if (events.length >= BATCHES * BATCH_SIZE) break;
  }
  const out: string[] = [];
  for (let i = 0; i < BATCHES; i++)
    out.push(JSON.stringify(events.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE)));
  return out;
}
let batches: string[] | undefined = makeBatches();
const eventCount = BATCHES * BATCH_SIZE;
const bytes = batches.reduce((n, b) => n + Buffer.byteLength(b), 0);

/** The client: posts every batch, IN_FLIGHT at a time, on its own event loop; answers the wall time. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.inFlight });
const texts = workerData.batches;
const bodies = texts.map((b) => Buffer.from(b));
parentPort.on('message', ({ idempotency, run, parse }) => {
  if (parse) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (const t of texts) JSON.parse(t);
    const used = process.cpuUsage(cpu);
    parentPort.postMessage({ ms: performance.now() - t0, cpu: (used.user + used.system) / 1e6, failed: '' });
    return;
  }
  let next = 0, done = 0, failed = '';
  const t0 = performance.now();
  const send = () => {
    if (next >= bodies.length) return;
    const i = next++;
    const headers = { 'content-type': 'application/json', 'content-length': bodies[i].length, 'x-api-key': workerData.key };
    if (idempotency) headers['idempotency-key'] = 'bench-' + run + '-' + i;
    const req = http.request(workerData.url, { method: 'POST', agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 201) failed = res.statusCode + ' ' + Buffer.concat(chunks).toString().slice(0, 300);
        if (++done === bodies.length) parentPort.postMessage({ ms: performance.now() - t0, failed });
        else send();
      });
    });
    req.on('error', (e) => { failed = e.message; if (++done === bodies.length) parentPort.postMessage({ ms: 0, failed }); else send(); });
    req.end(bodies[i]);
  };
  for (let k = 0; k < workerData.inFlight; k++) send();
});
`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-telemetry-'));
const config = loadConfig({
  GUILDHALL_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '100000000',
  SCHEDULER_ENABLED: 'false',
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
});
const ctx = await createContext(config, { log: createLogger('warn') as never });
try {
  const community = await createCommunity(
    ctx,
    { name: 'Bench Guild', game: 'wow', region: 'eu', realm: 'Stormvale', timezone: 'Europe/Madrid' },
    systemActor,
  );
  const { key } = await createApiKey(
    ctx,
    community.id,
    { name: 'sender', scopes: ['telemetry'] },
    systemActor,
  );
  const app = await buildApp(ctx);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const worker = new Worker(CLIENT, {
    eval: true,
    workerData: {
      batches,
      key,
      inFlight: IN_FLIGHT,
      url: `${baseUrl}/api/v1/communities/${community.id}/telemetry/events`,
    },
  });
  // The client has its copy: the server's heap (this thread's) keeps none, as in production.
  batches = undefined;
  let runNo = 0;
  /** CPU seconds of the whole process (every thread: server loop, PGlite, thread pool, client). */
  const cpuSince = (start: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e6;
  };
  const post = (idempotency: boolean) =>
    new Promise<{ wall: number; cpu: number; loop: number }>((resolve, reject) => {
      const cpu = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      worker.once('message', ({ ms, failed }: { ms: number; failed: string }) =>
        failed
          ? reject(new Error(failed))
          : resolve({
              wall: ms / 1000,
              cpu: cpuSince(cpu),
              loop: performance.eventLoopUtilization(elu).utilization,
            }),
      );
      worker.postMessage({ idempotency, run: runNo++ });
    });
  /** JSON.parse of every batch's text, in the client's thread (the server's heap holds no batch). */
  const parse = () =>
    new Promise<{ wall: number; cpu: number }>((resolve) => {
      worker.once('message', ({ ms, cpu }: { ms: number; cpu: number }) => resolve({ wall: ms / 1000, cpu }));
      worker.postMessage({ parse: true });
    });

  await post(false); // warm-up
  const best = { ingest: Infinity, idempotent: Infinity, parse: Infinity };
  const bestCpu = { ...best };
  /** The server's event loop: the share of the best ingest run it was busy. */
  let serverLoopBusy = 0;
  const keep = (name: keyof typeof best, r: { wall: number; cpu: number; loop?: number }) => {
    if (name === 'ingest' && r.wall < best.ingest) serverLoopBusy = r.loop ?? 0;
    best[name] = Math.min(best[name], r.wall);
    bestCpu[name] = Math.min(bestCpu[name], r.cpu);
  };
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    keep('ingest', await post(false));
    collectGarbage();
    keep('idempotent', await post(true));
    collectGarbage();
    keep('parse', await parse());
  }
  await worker.terminate();
  await app.close();

  const perSec = (s: number) => Math.round(eventCount / s);
  console.log(
    JSON.stringify({
      bench: 'telemetry-ingest',
      batches: BATCHES,
      batchSize: BATCH_SIZE,
      sizeMB: Math.round((bytes / 1e6) * 10) / 10,
      database: ctx.dbKind,
      inFlight: IN_FLIGHT,
      ingestEventsPerSec: perSec(best.ingest),
      withIdempotencyKeyEventsPerSec: perSec(best.idempotent),
      jsonParseEventsPerSec: perSec(best.parse),
      vsJsonParse: Math.round((best.parse / best.ingest) * 100) / 100,
      withIdempotencyKeyVsJsonParse: Math.round((best.parse / best.idempotent) * 100) / 100,
      ingestEventsPerCpuSecond: perSec(bestCpu.ingest),
      jsonParseEventsPerCpuSecond: perSec(bestCpu.parse),
      vsJsonParsePerCpuSecond: Math.round((bestCpu.parse / bestCpu.ingest) * 100) / 100,
      serverLoopBusy: Math.round(serverLoopBusy * 100) / 100,
      loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
      targets: { eventsPerSec: 150_000, vsJsonParse: 0.5 },
      note:
        'best of interleaved runs after a warm-up; client in a worker thread, `inFlight` requests at once, loopback HTTP; ' +
        '*PerCpuSecond divides by the CPU time of the whole process, all threads (less bent by other processes on a shared machine)',
    }),
  );
} finally {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
