/**
 * OSRS harvest of a 500-member clan from a local fake Wise Old Man (documented shapes, the full
 * metric count: 25 skills, 71 bosses, 15 activities, 2 computed; six snapshots a member over a
 * year): seconds and Wise Old Man calls of the first harvest (every member new, public budget)
 * and of the next one (a rename and two leavers, with an API key), on PGlite and on Postgres
 * (`BENCH_DATABASE_URL` or `TEST_DATABASE_URL`; null when unset). Target: under 10 s and at
 * most 10 calls. Prints one JSON line.
 *
 *   node --import tsx bench/osrs-harvest.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/core/context';
import { createLogger } from '../apps/server/src/core/logger';
import { isSkippedRun } from '../apps/server/src/core/queue';
import { systemActor } from '../apps/server/src/modules/audit';
import { createCommunity, setCredential } from '../apps/server/src/modules/communities';
import { harvestCommunity } from '../apps/server/src/modules/osrs';
import { FakeWiseOldMan, fakeClan } from '../apps/server/test/fakes/wise-old-man';

const MEMBERS = 500;
const GROUP = 500;
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const round = (v: number) => Math.round(v * 100) / 100;

async function measure(databaseUrl: string | undefined) {
  const fake = await new FakeWiseOldMan().start();
  while (fake.metrics.bosses.length < 71) fake.metrics.bosses.push(`boss_${fake.metrics.bosses.length}`);
  fakeClan(fake, GROUP, MEMBERS);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bench-osrs-'));
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    WOM_BASE_URL: fake.url,
    DATABASE_URL: databaseUrl ?? '',
  });
  const ctx = await createContext(config, { log: createLogger('warn') as never });
  try {
    const community = await createCommunity(
      ctx,
      { name: 'Bench Clan', game: 'osrs', settings: { womGroupId: GROUP } },
      systemActor,
    );
    const run = async () => {
      const before = fake.requests.length;
      const t0 = performance.now();
      const steps: Record<string, number> = {};
      let last = t0;
      const report = await harvestCommunity(ctx, community.id, {
        progress: ({ step }) => {
          const at = performance.now();
          steps[step] = round((at - last) / 1000);
          last = at;
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      if (isSkippedRun(report)) throw new Error(report.skipped.reason);
      return {
        seconds: round(seconds),
        calls: fake.requests.length - before,
        members: report.members,
        snapshots: report.snapshots,
        renamed: report.renamed,
        left: report.left,
        steps,
      };
    };
    const first = await run();
    fake.keys.add('bench-key');
    await setCredential(ctx, community.id, 'wiseoldman', { apiKey: 'bench-key' }, systemActor);
    const group = fake.groups.get(GROUP)!;
    group.members[0]!.displayName = 'Renamed Player';
    group.members.splice(1, 2);
    const next = await run();
    return { first, next };
  } finally {
    await ctx.close();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const pglite = await measure(undefined);
const postgres = postgresUrl ? await measure(postgresUrl) : null;
process.stdout.write(
  `${JSON.stringify({ bench: 'osrs-harvest', members: MEMBERS, target: { seconds: 10, calls: 10 }, pglite, postgres })}\n`,
);
