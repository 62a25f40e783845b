/**
 * 1,000 concurrent sign-ups for 20 seats, through `POST …/events/:eventId/signups` with an
 * `events` key (what the bot sends): the time they take and the exact counts afterwards
 * (confirmed, waitlisted, distinct people, the line numbered 1…980 without a gap). On the
 * embedded PGlite, and on PostgreSQL too when BENCH_DATABASE_URL is set. Prints one JSON line.
 *
 *   node --import tsx bench/signups.bench.ts
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PEOPLE = 1_000;
const SEATS = 20;

async function run(databaseUrl: string | undefined) {
  const { loadConfig } = await import('../apps/server/src/config');
  const { createContext } = await import('../apps/server/src/core/context');
  const { createLogger } = await import('../apps/server/src/core/logger');
  const { buildApp } = await import('../apps/server/src/app');
  const { createCommunity } = await import('../apps/server/src/modules/communities');
  const { createApiKey } = await import('../apps/server/src/modules/access');
  const { systemActor } = await import('../apps/server/src/modules/audit');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-signups-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    DATABASE_URL: databaseUrl ?? '',
    // One key sends every sign-up, as the bot does in a rush.
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never });
  const app = await buildApp(ctx);
  await app.ready();
  try {
    const community = await createCommunity(
      ctx,
      { name: `Bench League ${Date.now()}`, game: 'racing', timezone: 'Europe/Madrid' },
      systemActor,
    );
    const { key } = await createApiKey(ctx, community.id, { name: 'bench', scopes: ['events'] }, systemActor);
    const headers = { 'x-api-key': key };
    const base = `/api/v1/communities/${community.id}/events`;
    const created = await app.inject({
      method: 'POST',
      url: base,
      headers,
      payload: { title: 'Bench Grand Prix', startsAt: '2099-06-15T19:00:00+02:00', capacity: SEATS },
    });
    const eventId = created.json().id as string;
    await app.inject({ method: 'POST', url: `${base}/${eventId}/publish`, headers });

    const people = Array.from({ length: PEOPLE }, (_, i) => ({
      discordUserId: String(1_600_000_000_000_000_000n + BigInt(i)),
      displayName: `Driver ${i}`,
    }));
    const started = performance.now();
    const answers = await Promise.all(
      people.map((p) =>
        app.inject({ method: 'POST', url: `${base}/${eventId}/signups`, headers, payload: p }),
      ),
    );
    const totalMs = performance.now() - started;

    const listed = (await app.inject({ url: `${base}/${eventId}/signups`, headers })).json() as {
      items: { discordUserId: string; status: string; position: number }[];
      total: number;
    };
    const waiting = listed.items.filter((i) => i.status === 'waitlisted');
    return {
      db: ctx.dbKind,
      totalMs: Math.round(totalMs),
      signupsPerSec: Math.round((PEOPLE / totalMs) * 1000),
      answered201: answers.filter((a) => a.statusCode === 201).length,
      other: answers.filter((a) => a.statusCode !== 201).length,
      confirmed: listed.items.filter((i) => i.status === 'confirmed').length,
      waitlisted: waiting.length,
      distinct: new Set(listed.items.map((i) => i.discordUserId)).size,
      waitlistGapless: waiting.every((w, i) => w.position === i + 1),
    };
  } finally {
    await app.close();
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [await run(undefined)];
if (process.env.BENCH_DATABASE_URL) results.push(await run(process.env.BENCH_DATABASE_URL));
const exact = results.every(
  (r) =>
    r.confirmed === SEATS && r.waitlisted === PEOPLE - SEATS && r.distinct === PEOPLE && r.waitlistGapless,
);
console.log(
  JSON.stringify({
    bench: 'event-signups',
    route: 'POST /api/v1/communities/:id/events/:eventId/signups',
    concurrent: PEOPLE,
    seats: SEATS,
    loadAverage: os.loadavg()[0]?.toFixed(1),
    results,
    exact,
  }),
);
if (!exact) process.exitCode = 1;
