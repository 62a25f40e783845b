/**
 * A pick broadcast to 500 clients in one draft room, across two server processes on one
 * PostgreSQL and one Redis (loopback): 250 WebSocket clients on each, the captains on
 * different processes. Latency is from the captain sending the pick to each client receiving
 * the new state (store, suggestions, Redis pub/sub, relay). Prints one JSON line: p50/p99/max
 * over every delivery, and the p99 of each broadcast's slowest delivery.
 *
 * BENCH_DATABASE_URL (default postgres://root@127.0.0.1:5432/test: a fresh database is made
 * beside it and dropped), BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_CLIENTS (500),
 * BENCH_DRAFTS (20 drafts of 10 picks).
 */
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';

const BASE_DB = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const DRAFTS = Number(process.env.BENCH_DRAFTS ?? 20);
const WARMUP_DRAFTS = 2;

interface Ready {
  port: number;
  communityId?: string;
  apiKey?: string;
}

async function serve(databaseUrl: string, prefix: string, seed: boolean): Promise<void> {
  const { DOTA_HEROES } = await import('@guildhall/contracts');
  const { loadConfig } = await import('../apps/server/src/config');
  const { createContext } = await import('../apps/server/src/core/context');
  const { createLogger } = await import('../apps/server/src/core/logger');
  const { buildApp } = await import('../apps/server/src/app');
  const { createCommunity } = await import('../apps/server/src/modules/communities');
  const { createApiKey } = await import('../apps/server/src/modules/access');
  const { systemActor } = await import('../apps/server/src/modules/audit');
  const { installDotaServices } = await import('../apps/server/src/modules/dota');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-draft-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SCHEDULER_ENABLED: 'false',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    REDIS_PREFIX: prefix,
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never, migrate: seed });
  // A model as costly to ask as a real one's ranking: every free hero scored and sorted, with reasons.
  const model = {
    key: { patch: 58, bracket: 0 },
    builtAt: new Date().toISOString(),
    matches: 1,
    radiantBias: 0,
    strength: () => null,
    matchups: () => [],
    winProbability: () => 0.5,
    suggest(state: { allies: number[]; enemies: number[]; bans: number[] }) {
      const gone = new Set([...state.allies, ...state.enemies, ...state.bans]);
      return DOTA_HEROES.filter((h) => !gone.has(h.id))
        .map((h) => {
          const reasons = [
            { kind: 'strength' as const, heroId: null, delta: ((h.id * 37) % 100) / 5000, games: 4000 },
            ...state.enemies.map((e) => ({
              kind: 'counter' as const,
              heroId: e,
              delta: ((h.id * e) % 50) / 5000 - 0.005,
              games: 300,
            })),
            ...state.allies.map((a) => ({
              kind: 'synergy' as const,
              heroId: a,
              delta: ((h.id + a) % 40) / 5000 - 0.004,
              games: 250,
            })),
          ];
          return { heroId: h.id, winProbability: 0.5 + reasons.reduce((s, r) => s + r.delta, 0), reasons };
        })
        .sort((x, y) => y.winProbability - x.winProbability);
    },
  };
  const services = {
    heroes: async () => [],
    models: async () => model,
    personal: async () => [],
    matches: async () => [],
  };
  installDotaServices(ctx, services);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const ready: Ready = { port: typeof address === 'object' && address ? address.port : 0 };
  if (seed) {
    const c = await createCommunity(ctx, { name: 'Bench Dota', game: 'dota', timezone: 'UTC' }, systemActor);
    const k = await createApiKey(ctx, c.id, { name: 'bench', scopes: ['read'] }, systemActor);
    ready.communityId = c.id;
    ready.apiKey = k.key;
  }
  process.send?.(ready);
  process.on('disconnect', () => {
    void app
      .close()
      .then(() => ctx.close())
      .finally(() => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
}

function start(databaseUrl: string, prefix: string, seed: boolean) {
  const child = fork(import.meta.filename, ['--serve', databaseUrl, prefix, seed ? 'seed' : 'join'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, ready };
}

/** A bench client: notes when each version's state arrives, reading only the version from the text. */
class Client {
  readonly arrived = new Map<number, number>();
  waiting: { version: number; resolve: () => void } | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const now = performance.now();
      const buf = data as Buffer;
      const at = buf.indexOf('"version":');
      if (buf.indexOf('{"type":"state"') !== 0 || at < 0) {
        if (buf.includes('"type":"error"')) process.stderr.write(`bench: ${String(buf).slice(0, 200)}\n`);
        return;
      }
      const version = Number.parseInt(buf.toString('latin1', at + 10, at + 22), 10);
      this.arrived.set(version, now);
      if (this.waiting && version >= this.waiting.version) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve();
      }
    });
  }

  static open(url: string, apiKey: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { 'x-api-key': apiKey } });
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }

  until(version: number): Promise<void> {
    if ([...this.arrived.keys()].some((v) => v >= version)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting = { version, resolve };
    });
  }

  send(m: unknown) {
    this.ws.send(JSON.stringify(m));
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function main(): Promise<void> {
  const dbName = `gh_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_DB });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(BASE_DB);
  url.pathname = `/${dbName}`;
  const prefix = `ghbench-${crypto.randomBytes(4).toString('hex')}`;
  const a = start(url.toString(), prefix, true);
  const readyA = await a.ready;
  const b = start(url.toString(), prefix, false);
  const readyB = await b.ready;
  const apiKey = readyA.apiKey!;
  try {
    const res = await fetch(
      `http://127.0.0.1:${readyA.port}/api/v1/communities/${readyA.communityId}/dota/rooms`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ mode: 'all_pick', firstPick: 'radiant', timer: null }),
      },
    );
    if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
    const { roomId } = (await res.json()) as { roomId: string };
    const wsUrl = (port: number) => `ws://127.0.0.1:${port}/ws/draft/${roomId}`;
    // The captains: radiant on A, dire on B (the key opened the room, so they may reset it too).
    const radiant = await Client.open(wsUrl(readyA.port), apiKey);
    const dire = await Client.open(wsUrl(readyB.port), apiKey);
    radiant.send({ type: 'join', seat: 'radiant' });
    await radiant.until(1);
    dire.send({ type: 'join', seat: 'dire' });
    await dire.until(3);
    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, CLIENTS - i) }, (_, j) =>
          Client.open(wsUrl((i + j) % 2 === 0 ? readyA.port : readyB.port), apiKey),
        ),
      );
      for (const c of batch) c.send({ type: 'join', seat: 'spectator' });
      await Promise.all(batch.map((c) => c.until(3)));
      clients.push(...batch);
    }
    let version = 3;
    const deliveries: number[] = [];
    const slowest: number[] = [];
    for (let d = 0; d < WARMUP_DRAFTS + DRAFTS; d++) {
      for (let p = 0; p < 10; p++) {
        const captain = p % 2 === 0 ? radiant : dire;
        version += 1;
        const t0 = performance.now();
        captain.send({ type: 'pick', heroId: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10][(p + d) % 10]! });
        await Promise.all(clients.map((c) => c.until(version)));
        if (d >= WARMUP_DRAFTS) {
          const times = clients.map((c) => c.arrived.get(version)! - t0);
          deliveries.push(...times);
          slowest.push(Math.max(...times));
        }
      }
      radiant.send({ type: 'reset' });
      version += 1;
      await Promise.all(clients.map((c) => c.until(version)));
      for (const c of clients) c.arrived.clear();
    }
    deliveries.sort((x, y) => x - y);
    slowest.sort((x, y) => x - y);
    const round = (n: number) => Math.round(n * 100) / 100;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'dota-draft-broadcast',
        clients: CLIENTS,
        processes: 2,
        broadcasts: slowest.length,
        p50Ms: round(quantile(deliveries, 0.5)),
        p99Ms: round(quantile(deliveries, 0.99)),
        maxMs: round(deliveries.at(-1)!),
        slowestPerBroadcastP99Ms: round(quantile(slowest, 0.99)),
        targetP99Ms: 50,
      })}\n`,
    );
    for (const c of [radiant, dire, ...clients]) c.ws.terminate();
  } finally {
    a.child.disconnect();
    b.child.disconnect();
    await Promise.all([a, b].map((s) => new Promise((r) => s.child.once('exit', r))));
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

// Last: the class above must be initialised before main uses it.
if (process.argv[2] === '--serve')
  await serve(process.argv[3]!, process.argv[4]!, process.argv[5] === 'seed');
else await main();
