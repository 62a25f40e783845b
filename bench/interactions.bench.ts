/**
 * Discord HTTP interactions: signed request → answer, through `POST /discord/interactions`
 * (Ed25519 check, the router, the server's link and the member's permission read, a write,
 * the answer; the command-log row is written after the answer). Discord gives an app 3 s;
 * the target is p99 < 50 ms. The server runs in its own child process so the load generator
 * (which signs every request) does not share its event loop. Prints one JSON line.
 *
 *   node --import tsx bench/interactions.bench.ts     (BENCH_DURATION_S=4 by default)
 */

import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 4);
/** One interaction at a time (its own latency), then a burst of ten in flight at once. */
const CONNECTIONS = [1, 10] as const;
const GUILD_ID = '1509654160998400001';
const CHANNEL_ID = '1509654160998400002';
const APPLICATION_ID = '1290000000000000001';

async function serve(publicKeyHex: string): Promise<void> {
  const { loadConfig } = await import('../apps/server/src/config');
  const { createContext } = await import('../apps/server/src/core/context');
  const { createLogger } = await import('../apps/server/src/core/logger');
  const { buildApp } = await import('../apps/server/src/app');
  const { createCommunity } = await import('../apps/server/src/modules/communities');
  const { systemActor } = await import('../apps/server/src/modules/audit');
  const { upsertGuildLink } = await import('../apps/server/src/modules/bot/bot.repo');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-interactions-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    DISCORD_PUBLIC_KEY: publicKeyHex,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    // Nothing here calls Discord: a closed port, so nothing could reach it anyway.
    DISCORD_API_BASE_URL: 'http://127.0.0.1:9/api',
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never });
  const community = await createCommunity(
    ctx,
    { name: 'Bench Racing League', game: 'racing', timezone: 'Europe/Madrid' },
    systemActor,
  );
  await upsertGuildLink(ctx.db, { guildId: GUILD_ID, communityId: community.id, linkedBy: 'bench' });
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  process.send?.({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
  process.on('disconnect', () => fs.rmSync(dataDir, { recursive: true, force: true }));
}

let sequence = 0n;
const snowflake = () => String(((1_780_000_000_000n - 1_420_070_400_000n) << 22n) + ++sequence);

/** `/language es` by a member with Manage Server, as Discord would send it. */
function languageCommand(): object {
  return {
    id: snowflake(),
    application_id: APPLICATION_ID,
    type: 2,
    token: crypto.randomBytes(32).toString('base64url'),
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    locale: 'es-ES',
    guild_locale: 'es-ES',
    member: {
      user: {
        id: '1509654160998400003',
        username: 'marta',
        global_name: 'Marta',
        discriminator: '0',
        avatar: null,
      },
      roles: [],
      permissions: String((1n << 5n) | (1n << 11n)),
    },
    data: {
      id: snowflake(),
      name: 'language',
      type: 1,
      options: [{ name: 'language', type: 3, value: 'es' }],
    },
  };
}

async function measure(
  url: string,
  sign: (body: string) => Record<string, string>,
  body: () => object,
  connections: number,
) {
  const run = (duration: number) =>
    autocannon({
      url: `${url}/discord/interactions`,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const payload = JSON.stringify(body());
            return { ...req, body: payload, headers: { ...req.headers, ...sign(payload) } };
          },
        },
      ],
    });
  await run(1); // warm-up: JIT, the database's caches
  const result = await run(DURATION_S);
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const sign = (body: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    return {
      'content-type': 'application/json',
      'x-signature-timestamp': timestamp,
      'x-signature-ed25519': crypto.sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
    };
  };
  const child = fork(import.meta.filename, ['--serve', publicKeyHex], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    const ping = await measure(
      url,
      sign,
      () => ({ id: snowflake(), application_id: APPLICATION_ID, type: 1, token: 't', version: 1 }),
      10,
    );
    const [one, burst] = [
      await measure(url, sign, languageCommand, CONNECTIONS[0]),
      await measure(url, sign, languageCommand, CONNECTIONS[1]),
    ];
    console.log(
      JSON.stringify({
        bench: 'discord-interactions',
        route: 'POST /discord/interactions',
        command: '/language es (link read, permission, one write; log row after the answer)',
        durationS: DURATION_S,
        db: process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite',
        loadAverage: os.loadavg()[0]?.toFixed(1),
        pingReqPerSec: ping.reqPerSec,
        pingP99Ms: ping.p99Ms,
        commandP50Ms: one.p50Ms,
        commandP99Ms: one.p99Ms,
        burst10ReqPerSec: burst.reqPerSec,
        burst10P50Ms: burst.p50Ms,
        burst10P99Ms: burst.p99Ms,
        targetP99Ms: 50,
        non2xx: ping.non2xx + one.non2xx + burst.non2xx,
      }),
    );
  } finally {
    child.kill('SIGKILL');
  }
}

// Last: the helpers above are initialised before either role runs.
if (process.argv[2] === '--serve') {
  await serve(process.argv[3]!);
} else {
  await main();
}
