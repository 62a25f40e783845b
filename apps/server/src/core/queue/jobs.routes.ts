import { zId, zIdParams, zListOf, zQueryInt, zText } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, installationOwnerOnly } from '../auth';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { JobRun } from './job-runs.repo';

const zJobRun = z.object({
  id: z.number(),
  jobName: z.string(),
  communityId: z.string().nullable(),
  status: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  trigger: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});

const present = (r: JobRun): z.infer<typeof zJobRun> => ({
  id: r.id,
  jobName: r.jobName,
  communityId: r.communityId,
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  trigger: r.trigger,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
  durationMs: r.durationMs,
});

const zRunsQuery = z.object({
  job: zText(64).optional(),
  limit: zQueryInt().min(1).max(200).default(50),
  offset: zQueryInt().min(0).default(0),
});

/** Job runs for administrators: the installation's (owner) and a community's (its officers). */
export const jobsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/admin/jobs',
    {
      onRequest: installationOwnerOnly,
      schema: {
        tags: ['admin'],
        querystring: zRunsQuery,
        response: {
          200: z.object({
            definitions: z.array(
              z.object({
                name: z.string(),
                scope: z.enum(['community', 'installation']),
                schedule: z.string().nullable(),
              }),
            ),
            runs: z.array(zJobRun),
          }),
        },
      },
    },
    async (request) => {
      const runs = await ctx.jobRuns.list({
        jobName: request.query.job,
        limit: request.query.limit,
        offset: request.query.offset,
      });
      return {
        definitions: ctx.queue
          .definitions()
          .map((d) => ({ name: d.name, scope: d.scope ?? 'installation', schedule: d.schedule ?? null })),
        runs: runs.map(present),
      };
    },
  );

  app.get(
    '/api/v1/communities/:id/jobs',
    {
      schema: {
        tags: ['admin'],
        params: zIdParams,
        querystring: zRunsQuery,
        response: { 200: zListOf(zJobRun) },
      },
      preHandler: guard({ module: 'admin', level: 'view' }),
    },
    async (request) => {
      const filter = { communityId: request.params.id, jobName: request.query.job };
      const [runs, total] = await Promise.all([
        ctx.jobRuns.list({ ...filter, limit: request.query.limit, offset: request.query.offset }),
        ctx.jobRuns.count(filter),
      ]);
      return { items: runs.map(present), total };
    },
  );

  app.post(
    '/api/v1/communities/:id/jobs/:name',
    {
      schema: {
        tags: ['admin'],
        params: z.object({ id: zId, name: zText(64) }),
        response: { 202: z.object({ runId: z.number() }) },
      },
      preHandler: guard({ module: 'admin', level: 'manage' }),
    },
    async (request, reply) => {
      const def = ctx.queue.definitions().find((d) => d.name === request.params.name);
      if (!def) throw new AppError('JOB_NOT_FOUND', `no job named ${request.params.name}`);
      if ((def.scope ?? 'installation') !== 'community')
        throw new AppError('FORBIDDEN', `${def.name} works across the installation: its owner runs it`);
      const runId = await ctx.queue.enqueue(
        def.name,
        { communityId: request.params.id },
        { trigger: 'manual' },
      );
      return reply.code(202).send({ runId });
    },
  );

  // Any job, with its own payload: the installation's owner only.
  app.post(
    '/api/v1/admin/jobs/:name',
    {
      onRequest: installationOwnerOnly,
      schema: {
        tags: ['admin'],
        params: z.object({ name: zText(64) }),
        body: z.object({ payload: z.record(zText(64), z.unknown()).optional() }).nullish(),
        response: { 202: z.object({ runId: z.number() }) },
      },
    },
    async (request, reply) => {
      const runId = await ctx.queue.enqueue(request.params.name, request.body?.payload ?? {}, {
        trigger: 'manual',
      });
      return reply.code(202).send({ runId });
    },
  );
};
