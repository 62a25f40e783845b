import {
  zAuthProviders,
  zAuthProvidersQuery,
  zHeatmapCellDetail,
  zHeatmapCellQuery,
  zIdParams,
  zMythicOverview,
  zPublicCommunities,
  zPurgePreview,
  zPurgeRequest,
  zPurgeResult,
  zTeamCandidates,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses, sendWithEtag } from '../../core/http';
import { requireCommunity } from '../communities';
import * as service from './dashboard.service';

/** Read routes the dashboard pages need beyond the other modules' own. */
export const dashboardRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/public-communities',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Communities that opened pages to visitors who are not signed in',
        response: { 200: zPublicCommunities },
      },
    },
    async (request, reply) => sendWithEtag(request, reply, await service.publicCommunities(ctx.db)),
  );

  app.get(
    '/api/v1/auth/providers',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign-in methods offered, for a community',
        querystring: zAuthProvidersQuery,
        response: { 200: zAuthProviders },
      },
    },
    async (request) =>
      service.authProviders(ctx, request.query.community, (url) => app.hasRoute({ method: 'GET', url })),
  );

  app.get(
    '/api/v1/communities/:id/dashboard/heatmap-cell',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'One heatmap cell: average online, samples and the most-seen members',
        params: zIdParams,
        querystring: zHeatmapCellQuery,
        response: { 200: zHeatmapCellDetail, ...errorResponses },
      },
      preHandler: guard({ module: 'activity', level: 'view', scope: 'read', publicPage: 'heatmap' }),
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      return sendWithEtag(request, reply, await service.heatmapCell(ctx.db, community, request.query));
    },
  );

  app.get(
    '/api/v1/communities/:id/dashboard/mythic-plus',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Guild top 10 by M+ score and, per dungeon, who timed +20, +15 and +10',
        params: zIdParams,
        response: { 200: zMythicOverview, ...errorResponses },
      },
      preHandler: guard({ module: 'wow', level: 'view', scope: 'read', publicPage: 'leaderboard' }),
    },
    async (request, reply) =>
      sendWithEtag(request, reply, await service.mythicOverview(ctx.db, request.params.id)),
  );

  app.get(
    '/api/v1/communities/:id/dashboard/team-candidates',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Active members with main character, role, score and online state, for the team builder',
        params: zIdParams,
        response: { 200: zTeamCandidates, ...errorResponses },
      },
      preHandler: guard({ module: 'wow', level: 'view', scope: 'read' }),
    },
    async (request, reply) =>
      sendWithEtag(request, reply, await service.teamCandidates(ctx.db, request.params.id, ctx.now())),
  );

  app.get(
    '/api/v1/communities/:id/dashboard/purge',
    {
      schema: {
        tags: ['admin'],
        summary: 'The Purge, dry run: members inactive past the threshold',
        params: zIdParams,
        response: { 200: zPurgePreview, ...errorResponses },
      },
      preHandler: guard({ module: 'admin', level: 'manage' }),
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      return reply.header('cache-control', 'no-store').send(await service.purgePreview(ctx.db, community));
    },
  );

  app.post(
    '/api/v1/communities/:id/dashboard/purge',
    {
      schema: {
        tags: ['admin'],
        summary: 'The Purge: remove the listed inactive members, after the community name is typed',
        params: zIdParams,
        body: zPurgeRequest,
        response: { 200: zPurgeResult, ...errorResponses },
      },
      preHandler: guard({ module: 'admin', level: 'manage' }),
    },
    async (request) => service.purge(ctx, request.params.id, request.body, actorOf(request.principal)),
  );
};
