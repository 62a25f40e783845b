import { Queue } from 'bullmq';
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
  /** Each handler call: which process ran it, and the run it ran. */
  const ticks: { process: string; runId: number }[] = [];

  /** Waits for a condition that another process makes true; the test's timeout bounds it. */
  const until = async (done: () => boolean | Promise<boolean>) => {
    while (!(await done())) await new Promise((r) => setTimeout(r, 50));
  };

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
          handler: async (_payload, { runId }) => {
            ticks.push({ process: name, runId });
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
    // Identities, not elapsed time: every run belongs to exactly one tick (BullMQ's job id
    // names the tick's instant), no tick has two runs, and each run was handled once.
    await until(async () => {
      const runs = await a.ctx.jobRuns.list({ jobName: 'tick', limit: 100, offset: 0 });
      return runs.filter((r) => r.status === 'succeeded').length >= 4;
    });
    const runs = await a.ctx.jobRuns.list({ jobName: 'tick', limit: 100, offset: 0 });
    const queue = new Queue('jobs', {
      connection: { url: testRedisUrl },
      prefix: a.config.REDIS_PREFIX,
    });
    try {
      const jobs = (
        await queue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed', 'wait'])
      ).filter((j) => j.name === 'tick' && j.data.runId !== undefined);
      const tickOf = new Map(jobs.map((j) => [j.data.runId as number, j.id]));
      const succeeded = runs.filter((r) => r.status === 'succeeded');
      for (const r of succeeded)
        expect(tickOf.get(r.id), `run ${r.id} has a tick`).toMatch(/^repeat:tick:\d+$/);
      const tickIds = succeeded.map((r) => tickOf.get(r.id));
      expect(new Set(tickIds).size).toBe(tickIds.length);
      // Ticks fall on whole seconds (the pattern's instants), not on each scheduler's own clock.
      for (const id of tickIds) expect(Number(id!.split(':').at(-1)) % 1000).toBe(0);
      // Each run was handled once, by one of the two processes.
      const handled = ticks.filter((t) => succeeded.some((r) => r.id === t.runId)).map((t) => t.runId);
      expect(handled.sort()).toEqual(succeeded.map((r) => r.id).sort());
    } finally {
      await queue.close();
    }
  });

  it('drops a cached read in every process when one of them invalidates it', async () => {
    a.ctx.cache.put('community:x:card', { v: 1 });
    b.ctx.cache.put('community:x:card', { v: 1 });
    b.ctx.cache.invalidate('community:x:');
    expect(b.ctx.cache.get('community:x:card')).toBeUndefined();
    // The other process drops it when Redis delivers the message; the test's timeout bounds the wait.
    await until(() => a.ctx.cache.get('community:x:card') === undefined);
    expect(a.ctx.cache.get('community:x:card')).toBeUndefined();
    expect(b.ctx.cache.get('community:x:card')).toBeUndefined();
  });
});
