import {
  zId,
  zIdParams,
  zKpis,
  zMemberProfile,
  zMemberProfileQuery,
  zRecorders,
  zRoster,
  zRosterQuery,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CommunityAccess, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses, sendWithEtag } from '../../core/http';
import { requireCommunity } from '../communities';
import * as service from './roster.service';
import { listRecorders } from './upload.service';

const zMemberParams = z.object({ id: zId, memberId: zId });
const view = (page: string) => guard({ module: 'wow', level: 'view', scope: 'read', publicPage: page });
/** Officer notes and last messages are for officers (and owners) only. */
const isOfficer = (access: CommunityAccess | null) => access?.role === 'officer' || access?.role === 'owner';

export const rosterRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/communities/:id/roster',
    {
      schema: {
        tags: ['wow'],
        summary: 'The master roster: members with their main character, paged, sorted and filtered',
        params: zIdParams,
        querystring: zRosterQuery,
        response: { 200: zRoster, ...errorResponses },
      },
      preHandler: view('roster'),
    },
    async (request, reply) =>
      sendWithEtag(
        request,
        reply,
        await service.roster(ctx.db, request.params.id, request.query, isOfficer(request.access), ctx.now()),
      ),
  );

  app.get(
    '/api/v1/communities/:id/members/:memberId',
    {
      schema: {
        tags: ['wow'],
        summary: 'A member: characters, chat and online history, score and rank history',
        params: zMemberParams,
        querystring: zMemberProfileQuery,
        response: { 200: zMemberProfile, ...errorResponses },
      },
      preHandler: view('members'),
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      const profile = await service.memberProfile(
        ctx.db,
        community,
        request.params.memberId,
        request.query,
        isOfficer(request.access),
        ctx.now(),
      );
      return sendWithEtag(request, reply, profile);
    },
  );

  app.get(
    '/api/v1/communities/:id/kpis',
    {
      schema: {
        tags: ['wow'],
        summary: 'Active members, online now, average M+ score, messages this week',
        params: zIdParams,
        response: { 200: zKpis, ...errorResponses },
      },
      preHandler: view('kpis'),
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      return sendWithEtag(request, reply, await service.kpis(ctx.db, community, ctx.now()));
    },
  );

  app.get(
    '/api/v1/communities/:id/wow/recorders',
    {
      schema: {
        tags: ['wow'],
        summary: 'Recorder health: the PCs that upload, their addon role, last recording and sync',
        params: zIdParams,
        response: { 200: zRecorders, ...errorResponses },
      },
      preHandler: guard({ module: 'admin', level: 'view' }),
    },
    async (request, reply) => {
      const community = await requireCommunity(ctx.db, request.params.id);
      const items = await listRecorders(ctx.db, community.id);
      return sendWithEtag(request, reply, { items, total: items.length });
    },
  );
};
