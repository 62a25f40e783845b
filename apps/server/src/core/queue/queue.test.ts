import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext, testRedisUrl } from '../../../test/helpers';
import { latch } from '../../../test/latch';
import { createInProcessQueue } from './in-process';
import { type AnyJobDefinition, backoffDelay, defineJob, waitForRun } from './index';

const kinds = [
  { kind: 'inprocess', redis: false },
  ...(testRedisUrl ? [{ kind: 'bullmq', redis: true }] : []),
] as const;

describe.each(kinds)('job queue ($kind)', ({ kind, redis }) => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function setup(defs: AnyJobDefinition[]) {
    t = await createTestContext({ redis });
    t.ctx.queue.register(defs);
    await t.ctx.queue.start({ worker: true, scheduler: false });
    expect(t.ctx.queue.kind).toBe(kind);
    return t;
  }

  it('runs a job and records its result and duration', async () => {
    const seen: number[] = [];
    const { ctx } = await setup([
      defineJob({
        name: 'double',
        payload: z.object({ n: z.number() }),
        retry: { attempts: 1, backoffMs: 10 },
        handler: async ({ n }) => {
          seen.push(n);
          return { doubled: n * 2 };
        },
      }),
    ]);
    const runId = await ctx.queue.enqueue('double', { n: 21 });
    const run = await waitForRun(ctx.jobRuns, runId, 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ doubled: 42 });
    expect(run.attempts).toBe(1);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(seen).toEqual([21]);
  });

  it('retries with backoff until an attempt succeeds', async () => {
    let calls = 0;
    const { ctx } = await setup([
      defineJob({
        name: 'flaky',
        payload: z.object({}),
        retry: { attempts: 3, backoffMs: 20 },
        handler: async () => {
          calls += 1;
          if (calls < 3) throw new Error(`boom ${calls}`);
          return 'ok';
        },
      }),
    ]);
    const run = await waitForRun(ctx.jobRuns, await ctx.queue.enqueue('flaky', {}), 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.attempts).toBe(3);
    expect(calls).toBe(3);
  });

  it('records the last error after the final attempt', async () => {
    const { ctx } = await setup([
      defineJob({
        name: 'broken',
        payload: z.object({}),
        retry: { attempts: 2, backoffMs: 10 },
        handler: async () => {
          throw new Error('the provider is down');
        },
      }),
    ]);
    const run = await waitForRun(ctx.jobRuns, await ctx.queue.enqueue('broken', {}), 20_000);
    expect(run.status).toBe('failed');
    expect(run.attempts).toBe(2);
    expect(run.lastError).toBe('the provider is down');
    expect(run.finishedAt).not.toBeNull();
  });

  it('refuses unknown jobs and invalid payloads before recording anything', async () => {
    const { ctx } = await setup([
      defineJob({
        name: 'typed',
        payload: z.object({ n: z.number() }),
        retry: { attempts: 1, backoffMs: 1 },
        handler: async () => null,
      }),
    ]);
    await expect(ctx.queue.enqueue('nope', {})).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    await expect(ctx.queue.enqueue('typed', { n: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await ctx.jobRuns.list({ limit: 10, offset: 0 })).toHaveLength(0);
  });

  it('close() waits for the running job to finish', async () => {
    // Latches, not sleeps: the job holds until the test has seen close() wait for it.
    let finished = false;
    const running = latch();
    const released = latch();
    const { ctx } = await setup([
      defineJob({
        name: 'slow',
        payload: z.object({}),
        retry: { attempts: 1, backoffMs: 1 },
        handler: async () => {
          running.open();
          await released.opened;
          finished = true;
        },
      }),
    ]);
    const runId = await ctx.queue.enqueue('slow', {});
    await running.opened;
    let closed = false;
    const closing = ctx.queue.close().then(() => {
      closed = true;
    });
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    released.open();
    await closing;
    expect(finished).toBe(true);
    expect((await ctx.jobRuns.get(runId))?.status).toBe('succeeded');
  });

  it('close() gives a job that never finishes the grace period, then leaves it for the next start', async () => {
    t = await createTestContext({ redis, env: { SHUTDOWN_GRACE_MS: '20' } });
    const started = latch();
    const never = latch();
    t.ctx.queue.register([
      defineJob({
        name: 'stuck',
        payload: z.object({}),
        retry: { attempts: 3, backoffMs: 1 },
        handler: async () => {
          started.open();
          await never.opened;
          return 'late';
        },
      }),
    ]);
    await t.ctx.queue.start({ worker: true, scheduler: false });
    const runId = await t.ctx.queue.enqueue('stuck', {});
    await started.opened;
    await t.ctx.queue.close();
    // Still recorded as running, with nothing written by the abandoned attempt.
    expect((await t.ctx.jobRuns.get(runId))?.status).toBe('running');
    never.open();
    await never.opened;
    expect((await t.ctx.jobRuns.get(runId))?.status).toBe('running');
    // The process-level close (queue, caches, database) returns too.
    await t.close();
    t = undefined;
  });

  it('fires scheduled jobs', async () => {
    t = await createTestContext({ redis });
    let fired = 0;
    t.ctx.queue.register([
      defineJob({
        name: 'every-second',
        payload: z.object({}),
        schedule: '* * * * * *',
        retry: { attempts: 1, backoffMs: 1 },
        handler: async () => {
          fired += 1;
        },
      }),
    ]);
    await t.ctx.queue.start({ worker: true, scheduler: true });
    // Waits for the first tick; the test's timeout, not a count of polls, bounds it.
    while (fired === 0) await new Promise((r) => setTimeout(r, 50));
    expect(fired).toBeGreaterThan(0);
    const [run] = await t.ctx.jobRuns.list({ jobName: 'every-second', limit: 1, offset: 0 });
    expect(run?.trigger).toBe('schedule');
  });
});

describe('in-process queue across a restart', () => {
  it('takes up a run the previous process left unfinished', async () => {
    const t = await createTestContext();
    try {
      const runId = await t.ctx.jobRuns.create('resumable', {}, 'manual');
      await t.ctx.jobRuns.markRunning(runId, 1);
      let ran = 0;
      t.ctx.queue.register([
        defineJob({
          name: 'resumable',
          payload: z.object({}),
          retry: { attempts: 3, backoffMs: 1 },
          handler: async () => ++ran,
        }),
      ]);
      await t.ctx.queue.start({ worker: true, scheduler: false });
      const run = await waitForRun(t.ctx.jobRuns, runId, 10_000);
      expect(run.status).toBe('succeeded');
      expect(run.attempts).toBe(2);
      expect(ran).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('in-process queue after a shutdown past its grace period', () => {
  it('the next runner takes up the run the grace period cut off', async () => {
    const t = await createTestContext({ env: { SHUTDOWN_GRACE_MS: '20' } });
    try {
      const started = latch();
      const stuck = defineJob({
        name: 'stuck',
        payload: z.object({}),
        retry: { attempts: 3, backoffMs: 1 },
        handler: async () => {
          started.open();
          await new Promise<never>(() => {});
        },
      });
      t.ctx.queue.register([stuck]);
      await t.ctx.queue.start({ worker: true, scheduler: false });
      const runId = await t.ctx.queue.enqueue('stuck', {});
      await started.opened;
      await t.ctx.queue.close();

      // A new runner over the same records, as after a restart.
      const next = createInProcessQueue({ runs: t.ctx.jobRuns, log: t.ctx.log });
      next.register([{ ...stuck, handler: async () => 'resumed' }]);
      await next.start({ worker: true, scheduler: false });
      const run = await waitForRun(t.ctx.jobRuns, runId, 10_000);
      await next.close();
      expect(run.status).toBe('succeeded');
      expect(run.result).toBe('resumed');
      expect(run.attempts).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('in-process queue before start()', () => {
  it('runs a job queued before start() once, not also as a leftover', async () => {
    const t = await createTestContext();
    try {
      let ran = 0;
      t.ctx.queue.register([
        defineJob({
          name: 'early',
          payload: z.object({}),
          retry: { attempts: 1, backoffMs: 1 },
          handler: async () => ++ran,
        }),
      ]);
      const runId = await t.ctx.queue.enqueue('early', {});
      await t.ctx.queue.start({ worker: true, scheduler: false });
      expect((await waitForRun(t.ctx.jobRuns, runId, 10_000)).status).toBe('succeeded');
      await t.ctx.queue.close();
      expect(ran).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt, with jitter inside [base/2, base]', () => {
    const policy = { attempts: 5, backoffMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(500);
    expect(backoffDelay(policy, 1, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 3, () => 1)).toBe(4000);
    expect(backoffDelay(policy, 3, () => 0)).toBe(2000);
  });
});
