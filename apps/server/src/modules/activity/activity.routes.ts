import {
  type TAttendance,
  zAttendance,
  zAttendanceQuery,
  zFeed,
  zFeedQuery,
  zHeatmap,
  zHeatmapQuery,
  zIdParams,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { errorResponses, sendWithEtag } from '../../core/http';
import { requireCommunity } from '../communities';
import { listMemberSummaries } from '../members';
import * as service from './activity.service';

const view = (page: string) => guard({ module: 'activity', level: 'view', scope: 'read', publicPage: page });

/**
 * Adds other sources' presence to the addon's attendance (Warcraft Logs, from the wow module).
 * Injected by the registry so this module does not import the wow module, which imports it.
 */
export type AttendanceEnricher = (
  db: Executor,
  communityId: string,
  attendance: TAttendance,
) => Promise<TAttendance>;

export const activityRoutes: FastifyPluginAsyncZod<{
  ctx: AppContext;
  enrichAttendance?: AttendanceEnricher;
}> = async (app, { ctx, enrichAttendance }) => {
  app.get(
    '/api/v1/communities/:id/heatmap',
    {
      schema: {
        tags: ['activity'],
        summary: 'Online members by weekday and hour in the community time zone',
        params: zIdParams,
        querystring: zHeatmapQuery,
        response: { 200: zHeatmap, ...errorResponses },
      },
      preHandler: view('heatmap'),
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      return sendWithEtag(request, reply, await service.heatmap(ctx.db, community, request.query));
    },
  );

  app.get(
    '/api/v1/communities/:id/feed',
    {
      schema: {
        tags: ['activity'],
        summary: 'Joins, leaves, rank changes, score milestones, boss kills and online records',
        params: zIdParams,
        querystring: zFeedQuery,
        response: { 200: zFeed, ...errorResponses },
      },
      preHandler: view('feed'),
    },
    async (request, reply) =>
      sendWithEtag(request, reply, await service.feed(ctx.db, request.params.id, request.query)),
  );

  app.get(
    '/api/v1/communities/:id/attendance',
    {
      schema: {
        tags: ['activity'],
        summary: 'Share of the configured raid nights each member was seen online',
        params: zIdParams,
        querystring: zAttendanceQuery,
        response: { 200: zAttendance, ...errorResponses },
      },
      preHandler: view('attendance'),
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      const members = await listMemberSummaries(ctx.db, community.id);
      // Addon presence, with Warcraft Logs presence (present / bench) beside it when the guild logs.
      const attendance = await service.attendance(ctx.db, community, members, request.query);
      return sendWithEtag(
        request,
        reply,
        enrichAttendance ? await enrichAttendance(ctx.db, community.id, attendance) : attendance,
      );
    },
  );
};
