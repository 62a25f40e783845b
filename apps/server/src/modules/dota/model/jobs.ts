import { z } from 'zod';
import type { AppContext } from '../../../core/context';
import { type AnyJobDefinition, defineJob, skipRun } from '../../../core/queue';
import { listCommunities } from '../../communities';
import { buildModels, type LoadMatchColumns } from './registry';

export const DOTA_BUILD_MODELS_JOB = 'dota-build-models';

const payload = z.object({ communityId: z.string().uuid().optional() });

/**
 * `dota-build-models`: rebuilds a community's models from its stored matches (every dota
 * community on a scheduled run, one run each). The match store's column reader is injected.
 */
export function dotaModelJobs(
  ctx: AppContext,
  deps: { loadColumns: LoadMatchColumns; schedule?: string },
): AnyJobDefinition[] {
  return [
    defineJob({
      name: DOTA_BUILD_MODELS_JOB,
      payload,
      scope: 'community',
      ...(deps.schedule ? { schedule: deps.schedule } : {}),
      retry: { attempts: 2, backoffMs: 60_000 },
      async handler({ communityId }) {
        if (!communityId) {
          const targets = (await listCommunities(ctx.db)).filter((c) => c.game === 'dota');
          for (const c of targets)
            await ctx.queue.enqueue(DOTA_BUILD_MODELS_JOB, { communityId: c.id }, { trigger: 'schedule' });
          return { queued: targets.length };
        }
        const summary = await buildModels(ctx, communityId, deps.loadColumns);
        if (summary.matches === 0) return skipRun('NO_MATCHES', 'the community has no stored matches yet');
        return summary;
      },
    }),
  ];
}
