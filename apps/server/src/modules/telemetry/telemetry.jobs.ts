import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { defineJob } from '../../core/queue';
import { pruneIdempotencyKeys } from './idempotency.repo';
import { IDEMPOTENCY_RETENTION_MS } from './ingest.service';
import { telemetryPipelineJob } from './pipeline.jobs';

/** Forgets `Idempotency-Key`s older than a day, every hour. */
export const pruneIdempotencyKeysJob = (ctx: AppContext) =>
  defineJob({
    name: 'telemetry-idempotency-prune',
    payload: z.object({}),
    schedule: '41 * * * *',
    retry: { attempts: 2, backoffMs: 60_000 },
    handler: async () => {
      const deleted = await pruneIdempotencyKeys(ctx.db, new Date(Date.now() - IDEMPOTENCY_RETENTION_MS));
      return { deleted };
    },
  });

/** The lake's build, and the ingest's housekeeping. */
export const telemetryJobs = (ctx: AppContext) => [telemetryPipelineJob(ctx), pruneIdempotencyKeysJob(ctx)];
