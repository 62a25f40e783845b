import {
  zId,
  zTelemetryMemberHistory,
  zTelemetryPullDetail,
  zTelemetryRaidDetail,
  zTelemetryRaids,
  zTelemetryRaidsQuery,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { errorResponses, sendWithEtag } from '../../core/http';
import { requireCommunity } from '../communities';
import { getMember } from '../members';
import { listRaids, memberHistory, pullDetail, raidDetail } from './lake';

/** Raid and pull ids as the lake stores them (`raid001`, `log_…_12`, `log_…_12_p3`). */
const zLakeId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'letters, digits, _ . : - only (at most 128)');
const zRaidParams = z.object({ id: zId, raidId: zLakeId });
const zPullParams = zRaidParams.extend({ pullId: zLakeId });
const zMemberParams = z.object({ id: zId, memberId: zId });

// Readable with a `read` API key, by a signed-in member who may view the telemetry module, and by
// visitors when the community opens its "Raid logs" page to the public.
const view = guard({ module: 'telemetry', level: 'view', scope: 'read', publicPage: 'logs' });

export const telemetryReadRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/communities/:id/telemetry/raids',
    {
      schema: {
        tags: ['telemetry'],
        summary: "The community's raids from the telemetry gold tables, newest first",
        params: z.object({ id: zId }),
        querystring: zTelemetryRaidsQuery,
        response: { 200: zTelemetryRaids, ...errorResponses },
      },
      preHandler: view,
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      return sendWithEtag(request, reply, await listRaids(ctx.store, community.id, request.query));
    },
  );

  app.get(
    '/api/v1/communities/:id/telemetry/raids/:raidId',
    {
      schema: {
        tags: ['telemetry'],
        summary: 'One raid: its pulls and per-player figures',
        params: zRaidParams,
        response: { 200: zTelemetryRaidDetail, ...errorResponses },
      },
      preHandler: view,
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      return sendWithEtag(request, reply, await raidDetail(ctx.store, community.id, request.params.raidId));
    },
  );

  app.get(
    '/api/v1/communities/:id/telemetry/raids/:raidId/pulls/:pullId',
    {
      schema: {
        tags: ['telemetry'],
        summary: 'One pull: per-player figures and deaths in order with the killing blow',
        params: zPullParams,
        response: { 200: zTelemetryPullDetail, ...errorResponses },
      },
      preHandler: view,
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      const { raidId, pullId } = request.params;
      return sendWithEtag(request, reply, await pullDetail(ctx.store, community.id, raidId, pullId));
    },
  );

  app.get(
    '/api/v1/communities/:id/members/:memberId/telemetry',
    {
      schema: {
        tags: ['telemetry'],
        summary: "A member's raid history: their figures in each raid, oldest first",
        params: zMemberParams,
        response: { 200: zTelemetryMemberHistory, ...errorResponses },
      },
      preHandler: view,
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      const member = await getMember(ctx.db, community.id, request.params.memberId);
      if (!member) throw new AppError('MEMBER_NOT_FOUND', 'member not found');
      return sendWithEtag(request, reply, await memberHistory(ctx.store, community.id, member.id));
    },
  );
};
