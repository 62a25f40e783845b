import {
  zId,
  zIdParams,
  zIntegrationSettingsUpdate,
  zIntegrations,
  zMythicPlus,
  zParses,
  zQueryInt,
  zRaidProgress,
  zWclAttendance,
  zWclAttendanceQuery,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses, sendWithEtag } from '../../core/http';
import * as service from './integrations.service';

const zMemberParams = z.object({ id: zId, memberId: zId });
const zZoneQuery = z.object({ zoneId: zQueryInt().positive().optional() });
const view = (page: string) => guard({ module: 'wow', level: 'view', scope: 'read', publicPage: page });

/** What Raider.IO, Warcraft Logs and Blizzard add to the WoW reads, and their settings. */
export const integrationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/communities/:id/integrations',
    {
      schema: {
        tags: ['wow'],
        summary: 'Guild location for the outside services, which credentials are stored, the current raid',
        params: zIdParams,
        response: { 200: zIntegrations, ...errorResponses },
      },
      preHandler: guard({ module: 'admin', level: 'view' }),
    },
    async (request) => service.getIntegrations(ctx, request.params.id),
  );

  app.patch(
    '/api/v1/communities/:id/integrations',
    {
      schema: {
        tags: ['wow'],
        params: zIdParams,
        body: zIntegrationSettingsUpdate,
        response: { 200: zIntegrations, ...errorResponses },
      },
      preHandler: guard({ module: 'admin', level: 'manage' }),
    },
    async (request) =>
      service.updateIntegrationSettings(ctx, request.params.id, request.body, actorOf(request.principal)),
  );

  app.get(
    '/api/v1/communities/:id/raid-progress',
    {
      schema: {
        tags: ['wow'],
        summary: 'Bosses killed per difficulty in the current raid (Warcraft Logs)',
        params: zIdParams,
        querystring: zZoneQuery,
        response: { 200: zRaidProgress, ...errorResponses },
      },
      preHandler: view('raid-progress'),
    },
    async (request, reply) =>
      sendWithEtag(
        request,
        reply,
        await service.raidProgress(ctx.db, request.params.id, request.query.zoneId),
      ),
  );

  app.get(
    '/api/v1/communities/:id/members/:memberId/mythic-plus',
    {
      schema: {
        tags: ['wow'],
        summary: "A member's M+ score history (week by week), best run per dungeon, item level and avatar",
        params: zMemberParams,
        response: { 200: zMythicPlus, ...errorResponses },
      },
      preHandler: view('mythic-plus'),
    },
    async (request, reply) =>
      sendWithEtag(
        request,
        reply,
        await service.mythicPlus(ctx.db, request.params.id, request.params.memberId),
      ),
  );

  app.get(
    '/api/v1/communities/:id/members/:memberId/parses',
    {
      schema: {
        tags: ['wow'],
        summary: "A member's best and median Warcraft Logs percent per boss and difficulty, with colours",
        params: zMemberParams,
        querystring: zZoneQuery,
        response: { 200: zParses, ...errorResponses },
      },
      preHandler: view('members'),
    },
    async (request, reply) =>
      sendWithEtag(
        request,
        reply,
        await service.memberParses(ctx.db, request.params.id, request.params.memberId, request.query.zoneId),
      ),
  );

  app.get(
    '/api/v1/communities/:id/wcl-attendance',
    {
      schema: {
        tags: ['wow'],
        summary: 'Raid nights logged on Warcraft Logs: who was present and who on the bench',
        params: zIdParams,
        querystring: zWclAttendanceQuery,
        response: { 200: zWclAttendance, ...errorResponses },
      },
      preHandler: view('wcl-attendance'),
    },
    async (request, reply) =>
      sendWithEtag(request, reply, await service.wclAttendance(ctx.db, request.params.id, request.query)),
  );
};
