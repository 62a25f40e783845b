import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { type AnyJobDefinition, defineJob, skipRun } from '../../core/queue';
import { listCommunities } from '../communities';
import { WomError } from './clients/wise-old-man';
import { harvestCommunity } from './harvest';

export const OSRS_HARVEST_JOB = 'osrs-harvest';

const payload = z.object({ communityId: z.string().uuid().optional() });

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
  ];
}
