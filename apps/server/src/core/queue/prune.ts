import { z } from 'zod';
import type { AppContext } from '../context';
import { defineJob } from './define-job';

/** How long finished job runs are kept: frequent jobs (alert delivery runs every minute) add up. */
export const JOB_RUN_RETENTION_DAYS = 14;

export const pruneJobRunsJob = (ctx: AppContext) =>
  defineJob({
    name: 'job-runs-prune',
    payload: z.object({ olderThanDays: z.number().int().min(1).max(3650).optional() }),
    schedule: '17 4 * * *',
    retry: { attempts: 2, backoffMs: 60_000 },
    handler: async ({ olderThanDays }) => {
      const days = olderThanDays ?? JOB_RUN_RETENTION_DAYS;
      const deleted = await ctx.jobRuns.deleteFinishedBefore(new Date(Date.now() - days * 86_400_000));
      return { deleted, olderThanDays: days };
    },
  });
