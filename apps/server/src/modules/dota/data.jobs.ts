import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { type AnyJobDefinition, defineJob, skipRun } from '../../core/queue';
import { listCommunities } from '../communities';
import { OpenDotaError } from './clients/opendota';
import { openDotaClient } from './clients/opendota-context';
import { tryIngestLock } from './dota.repo';
import { refreshHeroes } from './heroes';
import { ingestCommunity } from './ingest';

export const DOTA_INGEST_JOB = 'dota-ingest';
export const DOTA_HEROES_JOB = 'dota-heroes';

const ingestPayload = z.object({
  communityId: z.string().uuid().optional(),
  /** OpenDota calls this run may spend (default DOTA_INGEST_CALLS_PER_RUN). */
  calls: z.number().int().min(1).max(100_000).optional(),
});

/** Communities a scheduled ingestion visits: the Dota 2 ones. */
export async function dotaCommunities(ctx: AppContext) {
  return (await listCommunities(ctx.db)).filter((c) => c.game === 'dota');
}

/** The data part of the dota module's jobs: match ingestion and the hero catalogue refresh. */
export function dotaDataJobs(ctx: AppContext): AnyJobDefinition[] {
  return [
    defineJob({
      name: DOTA_INGEST_JOB,
      payload: ingestPayload,
      scope: 'community',
      schedule: ctx.config.DOTA_INGEST_SCHEDULE,
      // OpenDota down for a while is common and the next run comes anyway: one retry, later.
      retry: { attempts: 2, backoffMs: 60_000 },
      async handler({ communityId, calls }, job) {
        if (!communityId) {
          const targets = await dotaCommunities(ctx);
          for (const c of targets)
            await ctx.queue.enqueue(DOTA_INGEST_JOB, { communityId: c.id }, { trigger: 'schedule' });
          return { queued: targets.length };
        }
        const run = () =>
          ingestCommunity(ctx, communityId, openDotaClient(ctx), {
            calls: calls ?? ctx.config.DOTA_INGEST_CALLS_PER_RUN,
            minRank: ctx.config.DOTA_INGEST_MIN_RANK,
            maxRank: ctx.config.DOTA_INGEST_MAX_RANK,
            explorer: ctx.config.DOTA_INGEST_EXPLORER,
            onProgress: (p) => job.log.info({ communityId, ...p }, 'dota-ingest progress'),
          });
        try {
          const report =
            ctx.dbKind === 'postgres' ? await tryIngestLock(ctx.db, communityId, run) : await run();
          if (report === null)
            return skipRun('ALREADY_RUNNING', 'another ingestion of this community is running', {
              communityId,
            });
          return report;
        } catch (err) {
          if (err instanceof OpenDotaError && err.code === 'INVALID_API_KEY')
            return skipRun('CREDENTIALS_REFUSED', err.message, { provider: 'opendota' });
          throw err;
        }
      },
    }),
    defineJob({
      name: DOTA_HEROES_JOB,
      payload: z.object({}),
      schedule: '23 5 * * 1',
      retry: { attempts: 3, backoffMs: 300_000 },
      async handler() {
        try {
          return await refreshHeroes(ctx.db, openDotaClient(ctx));
        } catch (err) {
          if (err instanceof OpenDotaError && err.code === 'INVALID_API_KEY')
            return skipRun('CREDENTIALS_REFUSED', err.message, { provider: 'opendota' });
          throw err;
        }
      },
    }),
  ];
}
