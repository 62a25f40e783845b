import { zIdParams, zOsrsMembers, zOsrsMembersQuery } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses, sendWithEtag } from '../../core/http';
import { osrsDiscordRoutes } from './discord.routes';
import { listMembers } from './members.service';
import { osrsReadRoutes } from './read.routes';

export const osrsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/communities/:id/osrs/members',
    {
      schema: {
        tags: ['osrs'],
        summary:
          "The clan's members (Wise Old Man ids, names, ranks) with their gains over 7, 30, 90 and 365 days",
        params: zIdParams,
        querystring: zOsrsMembersQuery,
        response: { 200: zOsrsMembers, ...errorResponses },
      },
      preHandler: guard({ module: 'osrs', level: 'view', scope: 'read' }),
    },
    async (request, reply) =>
      sendWithEtag(request, reply, await listMembers(ctx.db, request.params.id, request.query)),
  );
  await app.register(osrsDiscordRoutes, { ctx });
  await app.register(osrsReadRoutes, { ctx });
};
