import {
  zIdParams,
  zTicket,
  zTicketConfig,
  zTicketDetail,
  zTicketList,
  zTicketListQuery,
  zTicketParams,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError, type ErrorCode } from '../../core/errors';
import { errorResponses } from '../../core/http';
import { BotRefusal, createBotRest, createChannelActions, translate } from '../bot';
import * as service from './tickets.service';

const channelsOf = new WeakMap<AppContext, ReturnType<typeof createChannelActions>>();

/** The bot's REST client for the web's closes and reopens (one per process). */
function discordFor(ctx: AppContext): service.TicketDiscord {
  if (!ctx.config.DISCORD_TOKEN || !ctx.config.DISCORD_APPLICATION_ID)
    throw new AppError('INTEGRATION_NOT_CONFIGURED', 'the Discord bot is not configured (DISCORD_TOKEN)');
  let channels = channelsOf.get(ctx);
  if (!channels) {
    channels = createChannelActions(createBotRest(ctx.config));
    channelsOf.set(ctx, channels);
  }
  return { channels, botUserId: ctx.config.DISCORD_APPLICATION_ID };
}

const httpCode: Record<string, ErrorCode> = {
  TICKET_NOT_FOUND: 'NOT_FOUND',
  TICKET_CLOSED: 'CONFLICT',
  TICKET_OPEN: 'CONFLICT',
  TICKETS_NOT_SET_UP: 'UNPROCESSABLE',
  MISSING_PERMISSIONS: 'PROVIDER_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  GUILD_FULL: 'UNPROCESSABLE',
};

/** The bot's refusals as HTTP errors, with the same English text. */
async function web<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BotRefusal)
      throw new AppError(httpCode[err.code] ?? 'PROVIDER_UNAVAILABLE', translate(err.text, 'en', err.vars), {
        reason: err.code,
      });
    throw err;
  }
}

const errors = {
  ...errorResponses,
  409: errorResponses[400],
  422: errorResponses[400],
  429: errorResponses[400],
  502: errorResponses[400],
};

/** Tickets on the web: the list with who claimed what, a ticket's transcripts, close, reopen, the setup. */
export const ticketsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const view = guard({ module: 'events', level: 'view', role: 'officer' });
  const manage = guard({ module: 'events', level: 'manage', role: 'officer' });
  const who = (p: { kind: string; displayName?: string; userId?: string }) => ({
    id: p.userId ?? 'web',
    name: p.displayName ?? 'web',
  });

  app.get(
    '/api/v1/communities/:id/tickets/config',
    {
      schema: {
        tags: ['tickets'],
        params: zIdParams,
        response: { 200: zTicketConfig.nullable(), ...errors },
      },
      preHandler: view,
    },
    async (request) => (await service.getConfig(ctx.db, request.params.id)) ?? null,
  );

  app.put(
    '/api/v1/communities/:id/tickets/config',
    {
      schema: {
        tags: ['tickets'],
        params: zIdParams,
        body: zTicketConfig,
        response: { 200: zTicketConfig, ...errors },
      },
      preHandler: manage,
    },
    async (request) =>
      service.saveConfig(ctx.db, request.params.id, request.body, who(request.principal as never).id),
  );

  app.get(
    '/api/v1/communities/:id/tickets',
    {
      schema: {
        tags: ['tickets'],
        params: zIdParams,
        querystring: zTicketListQuery,
        response: { 200: zTicketList, ...errors },
      },
      preHandler: view,
    },
    async (request) => service.listTickets(ctx.db, request.params.id, request.query),
  );

  app.get(
    '/api/v1/communities/:id/tickets/:ticketId',
    {
      schema: { tags: ['tickets'], params: zTicketParams, response: { 200: zTicketDetail, ...errors } },
      preHandler: view,
    },
    async (request) => web(() => service.ticketDetail(ctx.db, request.params.id, request.params.ticketId)),
  );

  app.post(
    '/api/v1/communities/:id/tickets/:ticketId/close',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Closes a ticket: its transcript is stored and logged, its channel deleted',
        params: zTicketParams,
        response: { 200: zTicket, ...errors },
      },
      preHandler: manage,
    },
    async (request) =>
      web(async () => {
        const ticket = await service.ticketOrRefuse(ctx.db, request.params.id, request.params.ticketId);
        const done = await service.closeTicket(
          ctx,
          discordFor(ctx),
          ticket,
          who(request.principal as never),
          'en',
        );
        return service.presentTicket(done.ticket);
      }),
  );

  app.post(
    '/api/v1/communities/:id/tickets/:ticketId/reopen',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Reopens a closed ticket in a new private channel',
        params: zTicketParams,
        response: { 200: zTicket, ...errors },
      },
      preHandler: manage,
    },
    async (request) =>
      web(async () => {
        const ticket = await service.ticketOrRefuse(ctx.db, request.params.id, request.params.ticketId);
        return service.presentTicket(
          await service.reopenTicket(ctx, discordFor(ctx), ticket, who(request.principal as never), 'en'),
        );
      }),
  );
};
