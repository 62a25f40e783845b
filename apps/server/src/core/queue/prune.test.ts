import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/helpers';
import { waitForRun } from './index';
import { jobRuns } from './job-runs.tables';

describe('job-runs-prune', () => {
  it('deletes finished runs past the retention, keeps recent and unfinished ones', async () => {
    const t = await createTestContext();
    try {
      const old = await t.ctx.jobRuns.create('notify-deliver', {}, 'schedule');
      await t.ctx.jobRuns.markSucceeded(old, null, 5);
      await t.ctx.db
        .update(jobRuns)
        .set({ finishedAt: new Date(Date.now() - 20 * 86_400_000) })
        .where(eq(jobRuns.id, old));
      const recent = await t.ctx.jobRuns.create('notify-deliver', {}, 'schedule');
      await t.ctx.jobRuns.markFailed(recent, 'boom', true, 5);
      await t.ctx.queue.start({ worker: true, scheduler: false });

      const run = await waitForRun(t.ctx.jobRuns, await t.ctx.queue.enqueue('job-runs-prune', {}), 10_000);
      expect(run.status).toBe('succeeded');
      expect(run.result).toEqual({ deleted: 1, olderThanDays: 14 });
      expect(await t.ctx.jobRuns.get(old)).toBeUndefined();
      expect((await t.ctx.jobRuns.get(recent))?.status).toBe('failed');
      expect((await t.ctx.jobRuns.get(run.id))?.status).toBe('succeeded');
    } finally {
      await t.close();
    }
  });
});
