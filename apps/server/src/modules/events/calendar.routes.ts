import { zCalendarFeeds, zCalendarQuery, zIdParams } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { noStore } from '../../core/security-headers';
import { findDiscordAccount } from '../identity';
import { calendarFeed, feedUrl, verifyFeedToken } from './calendar';

export const calendarRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // The token is the credential: calendar apps fetch it with neither cookie nor key.
  app.get(
    '/api/v1/communities/:id/calendar.ics',
    { schema: { tags: ['events'], params: zIdParams, querystring: zCalendarQuery }, config: noStore },
    async (request, reply) => {
      const claim = verifyFeedToken(ctx, request.params.id, request.query.token);
      const body = await calendarFeed(ctx, claim);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="calendar.ics"')
        .send(body);
    },
  );

  // The web shows these: the community's feed, and the caller's own when Discord is linked.
  app.get(
    '/api/v1/communities/:id/calendar/feeds',
    {
      schema: { tags: ['events'], params: zIdParams, response: { 200: zCalendarFeeds } },
      preHandler: guard({ module: 'events', level: 'view', scope: 'events' }),
      config: noStore,
    },
    async (request) => {
      const communityId = request.params.id;
      const p = request.principal;
      const account = p.kind === 'user' ? await findDiscordAccount(ctx.db, p.userId) : undefined;
      return {
        community: feedUrl(ctx, { communityId }),
        member: account ? feedUrl(ctx, { communityId, member: account.discordUserId }) : null,
      };
    },
  );
};
