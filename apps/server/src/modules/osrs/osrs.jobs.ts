import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { type AnyJobDefinition, defineJob, skipRun } from '../../core/queue';
import { createBotRest } from '../bot';
import { listCommunities } from '../communities';
import { WomError } from './clients/wise-old-man';
import { backfillChannel } from './discord-backfill';
import { harvestCommunity } from './harvest';

export const OSRS_HARVEST_JOB = 'osrs-harvest';
/** Reads an opted-in channel's history once (queued when the channel is opted in). */
export const OSRS_DISCORD_BACKFILL_JOB = 'osrs-discord-backfill';

const payload = z.object({ communityId: z.string().uuid().optional() });
const backfillPayload = z.object({
  communityId: z.string().uuid(),
  channelId: z.string().regex(/^\d+$/),
  maxDays: z.number().int().positive().max(3650).optional(),
});

/** Communities a scheduled harvest visits: OSRS ones that named their group. */
export async function harvestableCommunities(ctx: AppContext) {
  return (await listCommunities(ctx.db)).filter((c) => c.game === 'osrs' && c.settings.womGroupId);
}

export function osrsJobs(ctx: AppContext): AnyJobDefinition[] {
  return [
    defineJob({
      name: OSRS_HARVEST_JOB,
      payload,
      scope: 'community',
      schedule: ctx.config.OSRS_HARVEST_SCHEDULE,
      // One retry, later: Wise Old Man being down for minutes is common, and the next run comes anyway.
      retry: { attempts: 2, backoffMs: 60_000 },
      async handler({ communityId }) {
        if (!communityId) {
          // A scheduled run: one run per clan, each with its own record and retries.
          const targets = await harvestableCommunities(ctx);
          for (const c of targets)
            await ctx.queue.enqueue(OSRS_HARVEST_JOB, { communityId: c.id }, { trigger: 'schedule' });
          return { queued: targets.length };
        }
        try {
          return await harvestCommunity(ctx, communityId);
        } catch (err) {
          // A refused key stays refused until an officer replaces it: skip, do not retry.
          if (err instanceof WomError && err.code === 'INVALID_API_KEY')
            return skipRun('CREDENTIALS_REFUSED', err.message, { provider: 'wiseoldman' });
          throw err;
        }
      },
    }),
    defineJob({
      name: OSRS_DISCORD_BACKFILL_JOB,
      payload: backfillPayload,
      scope: 'community',
      retry: { attempts: 3, backoffMs: 60_000 },
      async handler({ communityId, channelId, maxDays }) {
        const report = await backfillChannel(ctx, createBotRest(ctx.config), communityId, channelId, {
          maxDays,
          onPage: (p) => ctx.log.info({ communityId, channelId, ...p }, 'osrs discord backfill page'),
        });
        if (report.status === 'skipped') return skipRun(report.reason, `channel ${channelId}`);
        return report;
      },
    }),
  ];
}
