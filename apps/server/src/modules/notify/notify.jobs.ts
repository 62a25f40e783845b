import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { type AnyJobDefinition, defineJob } from '../../core/queue';
import { deliverOutbox, pruneDelivered } from './notify.service';

export const NOTIFY_DELIVER_JOB = 'notify-deliver';

export function notifyJobs(ctx: AppContext): AnyJobDefinition[] {
  return [
    defineJob({
      name: NOTIFY_DELIVER_JOB,
      scope: 'community',
      payload: z.object({ communityId: z.string().uuid().optional() }),
      // Every minute: alerts written by uploads and syncs go out within a minute of commit.
      schedule: '* * * * *',
      retry: { attempts: 3, backoffMs: 5_000 },
      handler: async ({ communityId }, job) => {
        const report = await deliverOutbox(ctx, { communityId, log: job.log });
        // The scheduled run also forgets what was sent (or given up) more than 30 days ago.
        return communityId ? report : { ...report, pruned: await pruneDelivered(ctx.db, 30) };
      },
    }),
  ];
}
