/**
 * Cached read route vs a Fastify hello-world, same load generator (autocannon, 100
 * connections), each server in its own child process so the generator does not share
 * its event loop. Prints one JSON line with both req/s and their ratio.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 100;

if (process.argv[2] === '--serve') {
  await serve(process.argv[3] as 'hello' | 'guildhall');
} else {
  await main();
}

async function serve(kind: 'hello' | 'guildhall'): Promise<void> {
  if (kind === 'hello') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.get('/', async () => ({ hello: 'world' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    process.send?.({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
    return;
  }
  const { loadConfig } = await import('../apps/server/src/config');
  const { createContext } = await import('../apps/server/src/core/context');
  const { createLogger } = await import('../apps/server/src/core/logger');
  const { buildApp } = await import('../apps/server/src/app');
  const { createCommunity } = await import('../apps/server/src/modules/communities');
  const { systemActor } = await import('../apps/server/src/modules/audit');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-http-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SCHEDULER_ENABLED: 'false',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never });
  const community = await createCommunity(
    ctx,
    { name: 'Bench Guild', game: 'wow', region: 'eu', realm: 'Stormvale', timezone: 'Europe/Madrid' },
    systemActor,
  );
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  process.send?.({
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1/communities/${community.id}`,
  });
  process.on('disconnect', () => fs.rmSync(dataDir, { recursive: true, force: true }));
}

async function measure(
  kind: 'hello' | 'guildhall',
): Promise<{ reqPerSec: number; p99Ms: number; non2xx: number }> {
  const child = fork(import.meta.filename, ['--serve', kind], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  try {
    // Warm-up: JIT, caches, connection pools.
    await autocannon({ url, connections: CONNECTIONS, duration: 2 });
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
    return {
      reqPerSec: Math.round(result.requests.average),
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const hello = await measure('hello');
  const cached = await measure('guildhall');
  console.log(
    JSON.stringify({
      bench: 'http-cached-read',
      connections: CONNECTIONS,
      durationS: DURATION_S,
      route: 'GET /api/v1/communities/:id',
      db: process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite',
      helloWorldReqPerSec: hello.reqPerSec,
      cachedReadReqPerSec: cached.reqPerSec,
      ratio: Number((cached.reqPerSec / hello.reqPerSec).toFixed(3)),
      helloP99Ms: hello.p99Ms,
      cachedReadP99Ms: cached.p99Ms,
      non2xx: hello.non2xx + cached.non2xx,
    }),
  );
}
