import {
  zIdParams,
  zOsrsActivityChannel,
  zOsrsActivityChannelParams,
  zOsrsActivityChannelPut,
  zOsrsActivityChannels,
  zOsrsDiscordLink,
  zOsrsDiscordLinkPut,
  zOsrsMemberParams,
  zOsrsNicknameApplied,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { notFound } from '../../core/errors';
import { errorResponses } from '../../core/http';
import {
  type ActivityChannelRow,
  deleteActivityChannel,
  deleteDiscordLink,
  findMemberId,
  listActivityChannels,
  setDiscordLink,
  upsertActivityChannel,
} from './discord.repo';
import { forgetChannels, forgetNames } from './discord-cache';
import { applyNicknameRule } from './nickname.service';
import { OSRS_DISCORD_BACKFILL_JOB } from './osrs.jobs';

const present = (r: ActivityChannelRow) => ({
  channelId: r.channelId,
  kind: r.kind,
  addedAt: r.addedAt.toISOString(),
  backfilledAt: r.backfilledAt?.toISOString() ?? null,
});

/** Which Discord channels are counted: officers opt them in (web or `/osrs channel`). */
export const osrsDiscordRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const manage = guard({ module: 'osrs', level: 'manage' });
  app.get(
    '/api/v1/communities/:id/osrs/channels',
    {
      schema: {
        tags: ['osrs'],
        summary: 'The Discord channels whose messages are counted',
        params: zIdParams,
        response: { 200: zOsrsActivityChannels, ...errorResponses },
      },
      preHandler: guard({ module: 'osrs', level: 'view', scope: 'read' }),
    },
    async (request) => ({ items: (await listActivityChannels(ctx.db, request.params.id)).map(present) }),
  );
  app.put(
    '/api/v1/communities/:id/osrs/channels/:channelId',
    {
      schema: {
        tags: ['osrs'],
        summary: 'Counts a channel (or changes its kind); a new one has its history read back once',
        params: zOsrsActivityChannelParams,
        body: zOsrsActivityChannelPut,
        response: { 200: zOsrsActivityChannel, 201: zOsrsActivityChannel, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request, reply) => {
      const { id, channelId } = request.params;
      const { row, created } = await upsertActivityChannel(ctx.db, id, channelId, request.body.kind);
      forgetChannels(ctx, id);
      if (created) await ctx.queue.enqueue(OSRS_DISCORD_BACKFILL_JOB, { communityId: id, channelId });
      return reply.code(created ? 201 : 200).send(present(row));
    },
  );
  app.delete(
    '/api/v1/communities/:id/osrs/channels/:channelId',
    {
      schema: {
        tags: ['osrs'],
        summary: 'Stops counting a channel (its counts stay)',
        params: zOsrsActivityChannelParams,
        response: { 204: z.null(), ...errorResponses },
      },
      preHandler: manage,
    },
    async (request, reply) => {
      const { id, channelId } = request.params;
      if (!(await deleteActivityChannel(ctx.db, id, channelId)))
        throw notFound('NOT_FOUND', 'counted channel');
      forgetChannels(ctx, id);
      return reply.code(204).send(null);
    },
  );
  const memberId = async (communityId: string, womId: number) => {
    const id = await findMemberId(ctx.db, communityId, womId);
    if (!id) throw notFound('MEMBER_NOT_FOUND', 'clan member');
    return id;
  };
  app.put(
    '/api/v1/communities/:id/osrs/members/:womId/discord',
    {
      schema: {
        tags: ['osrs'],
        summary: 'Links a clan member to a Discord user by hand (wins over the nickname rule)',
        params: zOsrsMemberParams,
        body: zOsrsDiscordLinkPut,
        response: { 200: zOsrsDiscordLink, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request) => {
      const { id, womId } = request.params;
      const row = await setDiscordLink(ctx.db, {
        memberId: await memberId(id, womId),
        communityId: id,
        discordUserId: request.body.discordUserId,
        source: 'manual',
      });
      forgetNames(ctx, id);
      return {
        womId,
        discordUserId: row!.discordUserId,
        source: row!.source,
        linkedAt: row!.linkedAt.toISOString(),
      };
    },
  );
  app.delete(
    '/api/v1/communities/:id/osrs/members/:womId/discord',
    {
      schema: {
        tags: ['osrs'],
        summary: "Removes a clan member's Discord link (the nickname rule may find one again)",
        params: zOsrsMemberParams,
        response: { 204: z.null(), ...errorResponses },
      },
      preHandler: manage,
    },
    async (request, reply) => {
      const { id, womId } = request.params;
      if (!(await deleteDiscordLink(ctx.db, await memberId(id, womId))))
        throw notFound('NOT_FOUND', 'Discord link');
      forgetNames(ctx, id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/communities/:id/osrs/nickname-rule/apply',
    {
      schema: {
        tags: ['osrs'],
        summary:
          'Applies the nickname rule (settings.osrsNicknameRule) again to every Discord name seen; manual links stay',
        params: zIdParams,
        response: { 200: zOsrsNicknameApplied, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request) => {
      const result = await applyNicknameRule(ctx.db, request.params.id);
      forgetNames(ctx, request.params.id);
      return result;
    },
  );
};
