/**
 * Raider.IO sync of a 300-member guild against a local fake Raider.IO (answering the
 * documented profile shape at once, so the figures are Guildhall's own cost: bucket, HTTP,
 * parse, one transaction per character), on PGlite and on Postgres (`BENCH_DATABASE_URL` or
 * `TEST_DATABASE_URL`; null when unset). Then the rerun with nothing changed (the hourly case),
 * which the shared 300-a-minute Raider.IO budget spent by the first run bounds, and the
 * profile's `mythic-plus` route latency. Prints one JSON line.
 *
 *   node --import tsx bench/integrations.bench.ts
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/core/context';
import { createLogger } from '../apps/server/src/core/logger';
import { isSkippedRun } from '../apps/server/src/core/queue';
import { createApiKey } from '../apps/server/src/modules/access';
import { systemActor } from '../apps/server/src/modules/audit';
import { createCommunity } from '../apps/server/src/modules/communities';
import { loadCommunityCharacters } from '../apps/server/src/modules/members';
import { ingestFile } from '../apps/server/src/modules/wow';
import { splitCharacterName } from '../apps/server/src/modules/wow/clients/slug';
import { generateGuildActivityFile } from '../apps/server/src/modules/wow/demo-file';
import { runRaiderioSync } from '../apps/server/src/modules/wow/raiderio-sync';
import { RealmResolver } from '../apps/server/src/modules/wow/realms';
import { uploadBodyOf } from '../apps/server/src/modules/wow/upload-body';
import { FakeRaiderIo, run } from '../apps/server/test/fakes/raiderio';

const MEMBERS = 300;
const ROUTE_RUNS = 40;
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const round = (v: number) => Math.round(v * 10) / 10;

async function measure(databaseUrl: string | undefined) {
  const fake = await new FakeRaiderIo().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-integrations-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RAIDERIO_BASE_URL: fake.url,
    DATABASE_URL: databaseUrl ?? '',
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never });
  try {
    const community = await createCommunity(
      ctx,
      { name: 'Bench Guild', game: 'wow', region: 'eu', realm: 'Stormvale', timezone: 'Europe/Madrid' },
      systemActor,
    );
    const text = generateGuildActivityFile({
      members: MEMBERS,
      days: 30,
      snapshots: 500,
      seed: 7,
      realm: 'Stormvale',
    });
    await ingestFile(
      ctx,
      { communityId: community.id, apiKeyId: null, actor: systemActor },
      {
        body: uploadBodyOf(Buffer.from(text)),
        source: 'bench/GuildActivityTracker.lua',
      },
    );
    const characters = (await loadCommunityCharacters(ctx.db, community.id)).filter(
      (c) => c.member.active && c.inRoster,
    );
    characters.forEach((c, i) => {
      const { name, realm } = splitCharacterName(c.name, c.realm);
      fake.add({
        region: 'eu',
        realmSlug: new RealmResolver('eu').slug(realm),
        realm,
        name,
        className: 'Druid',
        spec: 'Balance',
        role: 'DPS',
        score: 1500 + (i % 1500),
        itemLevel: 700 + (i % 30),
        runs: [
          run('ARAK', 'Ara-Kara, City of Echoes', 12, 2, 305),
          run('DAWN', 'The Dawnbreaker', 11, 1, 290),
        ],
      });
    });

    let start = performance.now();
    const first = await runRaiderioSync(ctx, community.id);
    if (isSkippedRun(first)) throw new Error(first.skipped.reason);
    const firstSyncMs = performance.now() - start;
    start = performance.now();
    const again = await runRaiderioSync(ctx, community.id);
    if (isSkippedRun(again)) throw new Error(again.skipped.reason);
    const rerunMs = performance.now() - start;

    const key = (await createApiKey(ctx, community.id, { name: 'read', scopes: ['read'] }, systemActor)).key;
    const app = await buildApp(ctx);
    await app.ready();
    const member = characters[0]!.memberId;
    const times: number[] = [];
    for (let i = 0; i < ROUTE_RUNS; i++) {
      const t0 = performance.now();
      const res = await app.inject({
        url: `/api/v1/communities/${community.id}/members/${member}/mythic-plus`,
        headers: { 'x-api-key': key },
      });
      if (res.statusCode !== 200) throw new Error(`mythic-plus answered ${res.statusCode}`);
      times.push(performance.now() - t0);
    }
    await app.close();
    times.sort((a, b) => a - b);
    return {
      characters: characters.length,
      synced: first.synced,
      firstSyncMs: round(firstSyncMs),
      perCharacterMs: round(firstSyncMs / characters.length),
      charactersPerSecond: round(characters.length / (firstSyncMs / 1000)),
      rerunMs: round(rerunMs),
      rerunScoresStored: again.scores,
      mythicPlusP50Ms: round(times[Math.floor(times.length / 2)]!),
    };
  } finally {
    await ctx.close();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function freshPostgres(base: string) {
  const pg = (await import('pg')).default;
  const name = `gh_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const pglite = await measure(undefined);
let postgres = null;
if (postgresUrl) {
  const db = await freshPostgres(postgresUrl);
  try {
    postgres = await measure(db.url);
  } finally {
    await db.drop();
  }
}
process.stdout.write(
  `${JSON.stringify({ bench: 'integrations', concurrency: 4, raiderioBudgetPerMinute: 300, pglite, postgres })}\n`,
);
