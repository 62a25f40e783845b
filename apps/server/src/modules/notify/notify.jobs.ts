import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { type AnyJobDefinition, defineJob } from '../../core/queue';
import { deliverOutbox, pruneDelivered } from './notify.service';
import { checkOps, deliverOpsAlerts, noteBackupOutcome, noteRunEnded } from './ops-alerts.service';

export const NOTIFY_DELIVER_JOB = 'notify-deliver';
export const OPS_CHECK_JOB = 'ops-check';

export function notifyJobs(ctx: AppContext): AnyJobDefinition[] {
  // The ops alerts hear of every run and backup of this process.
  ctx.hooks.runEnded = (ended) => noteRunEnded(ctx, ended);
  ctx.hooks.backupEnded = (outcome) => noteBackupOutcome(ctx, outcome);
  return [
    defineJob({
      name: OPS_CHECK_JOB,
      payload: z.object({}),
      // Providers failing for too long, the disk filling up.
      schedule: '*/5 * * * *',
      retry: { attempts: 1, backoffMs: 1_000 },
      handler: () => checkOps(ctx),
    }),
    defineJob({
      name: NOTIFY_DELIVER_JOB,
      scope: 'community',
      payload: z.object({ communityId: z.string().uuid().optional() }),
      // Every minute: alerts written by uploads and syncs go out within a minute of commit.
      schedule: '* * * * *',
      retry: { attempts: 3, backoffMs: 5_000 },
      handler: async ({ communityId }, job) => {
        const report = await deliverOutbox(ctx, { communityId, log: job.log });
        if (communityId) return report;
        // The scheduled run also sends the installation's ops alerts and forgets what was sent
        // (or given up) more than 30 days ago.
        const ops = await deliverOpsAlerts(ctx);
        return { ...report, ops, pruned: await pruneDelivered(ctx.db, 30) };
      },
    }),
  ];
}
