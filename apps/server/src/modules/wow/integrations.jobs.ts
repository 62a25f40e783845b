import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { ProviderError } from '../../core/outbound/http-client';
import { type AnyJobDefinition, defineJob, failRun, isSkippedRun, type JobContext } from '../../core/queue';
import { listCommunities, readCredential } from '../communities';
import { NOTIFY_DELIVER_JOB } from '../notify';
import { runBlizzardSync } from './blizzard-sync';
import {
  type ConfigurationProblem,
  configurationProblem,
  PROVIDERS,
  SYNC_JOBS,
} from './integrations.service';
import { runRaiderioSync } from './raiderio-sync';
import { everythingFailed, type SyncReport } from './sync-batch';
import { runWclSync } from './wcl-sync';

export const RAIDERIO_SYNC_JOB = SYNC_JOBS.raiderio;
export const WCL_SYNC_JOB = SYNC_JOBS.warcraftlogs;
export const BLIZZARD_SYNC_JOB = SYNC_JOBS.blizzard;

const payload = z.object({ communityId: z.string().uuid().optional() });
/**
 * One retry, soon: a character's failures never fail a run, so a failed run means the provider
 * or the configuration is wrong as a whole, and the next scheduled run comes anyway.
 */
const retry = { attempts: 2, backoffMs: 30_000 };

/**
 * A scheduled run (empty payload) queues one run per community that can sync, so each
 * community gets its own record, retries and failures.
 */
async function fanOut(
  ctx: AppContext,
  job: string,
  needs: (typeof PROVIDERS)[keyof typeof PROVIDERS] | null,
): Promise<{ queued: number }> {
  let queued = 0;
  for (const c of await listCommunities(ctx.db)) {
    if (c.game !== 'wow' || !c.region) continue;
    if (needs && !(await readCredential(ctx, c.id, needs))) continue;
    await ctx.queue.enqueue(job, { communityId: c.id }, { trigger: 'schedule' });
    queued += 1;
  }
  return { queued };
}

/** After a sync queued alerts, deliver them now rather than at the next minute. */
async function deliverSoon(ctx: AppContext, communityId: string, queuedAlerts: number) {
  if (queuedAlerts > 0) await ctx.queue.enqueue(NOTIFY_DELIVER_JOB, { communityId }, { trigger: 'event' });
}

export function integrationJobs(ctx: AppContext): AnyJobDefinition[] {
  const sync =
    <R extends SyncReport & { newKills?: number }>(
      job: string,
      provider: string,
      needs: (typeof PROVIDERS)[keyof typeof PROVIDERS] | null,
      run: (
        ctx: AppContext,
        communityId: string,
        log: JobContext['log'],
        progress: JobContext['progress'],
      ) => Promise<R | ConfigurationProblem>,
    ) =>
    async ({ communityId }: z.infer<typeof payload>, jobCtx: JobContext) => {
      if (!communityId) return fanOut(ctx, job, needs);
      let report: R | ConfigurationProblem;
      try {
        report = await run(ctx, communityId, jobCtx.log, jobCtx.progress);
      } catch (err) {
        // Refused credentials stay refused until an officer replaces them: skip, do not retry.
        if (err instanceof ProviderError && (err.kind === 'unauthorized' || err.kind === 'forbidden'))
          return configurationProblem('CREDENTIALS_REFUSED', err.message, { provider: err.provider });
        throw err;
      }
      if (isSkippedRun(report)) return report;
      await deliverSoon(ctx, communityId, report.milestones + (report.newKills ?? 0));
      // A run where every character failed is a failure with its cause, not a success with zeros.
      const cause = everythingFailed(report, provider);
      return cause ? failRun(cause, report) : report;
    };
  return [
    defineJob({
      name: RAIDERIO_SYNC_JOB,
      payload,
      scope: 'community',
      schedule: '7 * * * *',
      retry,
      handler: sync(RAIDERIO_SYNC_JOB, 'Raider.IO', null, runRaiderioSync),
    }),
    defineJob({
      name: WCL_SYNC_JOB,
      payload,
      scope: 'community',
      schedule: '17 */3 * * *',
      retry,
      handler: sync(WCL_SYNC_JOB, 'Warcraft Logs', PROVIDERS.warcraftlogs, runWclSync),
    }),
    defineJob({
      name: BLIZZARD_SYNC_JOB,
      payload,
      scope: 'community',
      schedule: '27 5 * * *',
      retry,
      handler: sync(BLIZZARD_SYNC_JOB, 'Blizzard', PROVIDERS.blizzard, runBlizzardSync),
    }),
  ];
}
