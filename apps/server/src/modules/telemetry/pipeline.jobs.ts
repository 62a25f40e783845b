import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { type AnyJobDefinition, defineJob } from '../../core/queue';
import { listCommunities } from '../communities';
import { type PipelineResult, runCommunityPipeline, summarisePipeline } from './lake';

export const TELEMETRY_PIPELINE_JOB = 'telemetry.pipeline';

/**
 * Keeps gold fresh: every five minutes (or when started for one community) the pending
 * bronze goes to silver and the raids it touched to gold. DuckDB works on its own threads,
 * so a long build leaves the event loop to the API.
 */
export function telemetryPipelineJob(ctx: AppContext): AnyJobDefinition {
  return defineJob({
    name: TELEMETRY_PIPELINE_JOB,
    scope: 'community',
    payload: z.object({ communityId: z.string().uuid().optional() }),
    schedule: '*/5 * * * *',
    retry: { attempts: 3, backoffMs: 10_000 },
    handler: async ({ communityId }) => {
      const ids = communityId ? [communityId] : (await listCommunities(ctx.db)).map((c) => c.id);
      const results: PipelineResult[] = [];
      for (const id of ids) results.push(await runCommunityPipeline(ctx, id, 'run'));
      return {
        summary: summarisePipeline(results),
        communities: results
          .filter((r) => (r.silver?.raids.length ?? 0) + (r.gold?.raids.length ?? 0) > 0)
          .map((r) => ({
            communityId: r.communityId,
            silver: r.silver?.raids ?? [],
            gold: r.gold?.raids ?? [],
          })),
      };
    },
  });
}
