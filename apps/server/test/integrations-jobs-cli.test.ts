import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastLine, runCli, SPAWNS_TIMEOUT } from './cli-process';
import { FakeServer, json } from './fakes/server';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { apiKeys, day, trackerFile, uploadFile } from './wow-fixtures';

/**
 * `guildhall jobs run raiderio-sync` as an officer runs it, against a Raider.IO that answers
 * 503 to everything: progress on stderr while it works, then a failure with its cause and a
 * non-zero exit, not "succeeded" with zeros.
 */
const down = new FakeServer(() => json({ statusCode: 503, error: 'Service Unavailable' }, 503));
let t: TestApp;
let communityId: string;
/** The embedded database is one process's: the test's context closes before the CLI opens it. */
let closed = false;

beforeAll(async () => {
  await down.start();
  t = await createTestApp({ env: { RAIDERIO_BASE_URL: down.url } });
  communityId = (await makeCommunity(t.ctx, { realm: 'Stormvale' })).id;
  const keys = await apiKeys(t.ctx, communityId);
  const res = await uploadFile(
    t.app,
    keys.upload,
    trackerFile({
      rosterAt: day(1),
      roster: { Aldrena: { class: 'DRUID' }, Borvik: { class: 'WARRIOR' }, Ceyla: { class: 'PRIEST' } },
    }),
  );
  expect(res.statusCode, res.body).toBe(200);
  if (!t.config.DATABASE_URL) {
    await t.app.close();
    await t.ctx.close();
    closed = true;
  }
}, SPAWNS_TIMEOUT);

afterAll(async () => {
  if (closed) fs.rmSync(t.dataDir, { recursive: true, force: true });
  else await t.close();
  await down.close();
});

describe('jobs run raiderio-sync', () => {
  it(
    'shows progress on stderr and exits non-zero with the cause when every character failed',
    async () => {
      const result = await runCli(
        ['jobs', 'run', 'raiderio-sync', '--community', communityId, '--timeout', '300'],
        {
          GUILDHALL_DATA_DIR: t.dataDir,
          ...(t.config.DATABASE_URL ? { DATABASE_URL: t.config.DATABASE_URL } : {}),
          RAIDERIO_BASE_URL: down.url,
          REDIS_URL: '',
        },
      );
      expect(result.code, result.stderr).toBe(1);
      // Progress lines (stderr is a pipe here: one line per step and quarter), ending at 3 of 3.
      expect(result.stderr).toMatch(/raider\.io sync \[#*-*\] \d+% \(\d\/3\)/);
      expect(result.stderr).toMatch(/\(3\/3\)/);
      expect(lastLine(result.stderr)).toMatch(
        /^guildhall: run \d+ raiderio-sync: failed after 1 attempt\(s\) in \d+ ms: 0 of 3 characters synced: Raider\.IO failed for all 3 tried, e\.g\. \S+: raiderio: GET \/api\/v1\/characters\/profile answered 503/,
      );
      expect(result.stdout).not.toContain('succeeded');
    },
    SPAWNS_TIMEOUT,
  );
});
