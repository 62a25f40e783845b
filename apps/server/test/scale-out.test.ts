import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../src/core/queue';
import { createTestContext, type TestContext, testDatabaseUrl, testRedisUrl } from './helpers';

/**
 * Two "processes" (two contexts, as two servers would have) on one PostgreSQL and one Redis:
 * a scheduled job fires once per tick however many schedulers run, and a cache
 * invalidation made by one reaches the other.
 */
describe.runIf(testDatabaseUrl && testRedisUrl)('two processes on one Postgres and one Redis', () => {
  let a: TestContext;
  let b: TestContext;
  const ticks: string[] = [];

  beforeAll(async () => {
    a = await createTestContext({ redis: true });
    b = await createTestContext({
      redis: true,
      env: { DATABASE_URL: a.config.DATABASE_URL!, REDIS_PREFIX: a.config.REDIS_PREFIX },
    });
    for (const [name, t] of [
      ['a', a],
      ['b', b],
    ] as const) {
      t.ctx.queue.register([
        defineJob({
          name: 'tick',
          payload: z.object({}),
          schedule: '* * * * * *',
          retry: { attempts: 1, backoffMs: 1 },
          handler: async () => {
            ticks.push(name);
          },
        }),
      ]);
      await t.ctx.queue.start({ worker: true, scheduler: true });
    }
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('fires a scheduled job once per tick, whichever worker takes it', async () => {
    let runs = await a.ctx.jobRuns.list({ jobName: 'tick', limit: 100, offset: 0 });
    for (let i = 0; i < 150 && runs.length < 4; i++) {
      await new Promise((r) => setTimeout(r, 100));
      runs = await a.ctx.jobRuns.list({ jobName: 'tick', limit: 100, offset: 0 });
    }
    expect(runs.length).toBeGreaterThanOrEqual(4);
    // One run per one-second tick over the span they cover; two schedulers firing would make
    // about two per tick.
    const times = runs.map((r) => r.createdAt.getTime()).sort((x, y) => x - y);
    const spanSeconds = (times.at(-1)! - times[0]!) / 1000;
    expect(runs.length).toBeLessThanOrEqual(Math.floor(spanSeconds) + 2);
    expect(ticks.length).toBeGreaterThanOrEqual(runs.filter((r) => r.status === 'succeeded').length);
  });

  it('drops a cached read in every process when one of them invalidates it', async () => {
    a.ctx.cache.put('community:x:card', { v: 1 });
    b.ctx.cache.put('community:x:card', { v: 1 });
    b.ctx.cache.invalidate('community:x:');
    expect(b.ctx.cache.get('community:x:card')).toBeUndefined();
    for (let i = 0; i < 50 && a.ctx.cache.get('community:x:card'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(a.ctx.cache.get('community:x:card')).toBeUndefined();
  });
});
