import { zBotGrant, zBotLinkServer, zBotOverview, zIdParams } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { errorResponses } from '../../core/http';
import { recordAudit } from '../audit';
import { findDiscordAccount } from '../identity';
import * as repo from './bot.repo';
import { botModules } from './bot.tables';
import { unlinkGuild } from './links';
import { grantModule, listModuleGrants, revokeModule } from './permissions';
import type { BotServices } from './runtime';
import { linkServerFromWeb } from './web-link';

/** What the bot asks for when added to a server: view channels, send messages, embed links, manage channels (tickets), manage events. */
const INVITE_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 4n) | (1n << 33n);

export function inviteUrl(applicationId: string | undefined): string | null {
  if (!applicationId) return null;
  const q = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: String(INVITE_PERMISSIONS),
  });
  return `https://discord.com/oauth2/authorize?${q}`;
}

const officer = { module: 'admin', role: 'officer' } as const;

/**
 * The community's Discord side on the web: its linked servers (and linking one, as `/setup`
 * does), the module grants to Discord roles and users that the bot checks, and the invite link.
 */
export const botAdminRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; services: BotServices }> = async (
  app,
  { ctx, services },
) => {
  app.get(
    '/api/v1/communities/:id/bot',
    {
      schema: {
        tags: ['bot'],
        summary: 'Linked Discord servers, module grants and the bot invite link',
        params: zIdParams,
        response: { 200: zBotOverview, ...errorResponses },
      },
      preHandler: guard({ ...officer, level: 'view' }),
    },
    async (request) => {
      const id = request.params.id;
      const p = request.principal;
      const account = p.kind === 'user' ? await findDiscordAccount(ctx.db, p.userId) : undefined;
      return {
        inviteUrl: inviteUrl(ctx.config.DISCORD_APPLICATION_ID),
        servers: (await repo.findGuildLinksOf(ctx.db, id)).map((l) => ({
          guildId: l.guildId,
          language: l.language,
          linkedBy: l.linkedBy,
          linkedAt: l.linkedAt.toISOString(),
        })),
        grants: await listModuleGrants(ctx.db, id),
        modules: [...botModules],
        discordAccount: account ? { id: account.discordUserId, name: account.displayName } : null,
      };
    },
  );

  app.post(
    '/api/v1/communities/:id/bot/servers',
    {
      schema: {
        tags: ['bot'],
        summary: 'Link a Discord server (the bot in it, and your Discord account managing it)',
        params: zIdParams,
        body: zBotLinkServer,
        response: { 201: z.object({ guildId: z.string(), guildName: z.string() }), ...errorResponses },
      },
      preHandler: guard({ ...officer, level: 'manage' }),
    },
    async (request, reply) => {
      const p = request.principal;
      if (p.kind !== 'user') throw new AppError('FORBIDDEN', 'a server is linked by a signed-in officer');
      const { row, guildName } = await linkServerFromWeb(ctx, services.rest, {
        communityId: request.params.id,
        userId: p.userId,
        guildId: request.body.guildId,
      });
      await recordAudit(ctx.db, {
        communityId: request.params.id,
        actor: actorOf(p),
        action: 'bot.server.link',
        target: { type: 'discord_guild', id: row.guildId },
      });
      // Its commands follow the link; a failure here is logged, and the next GUILD_CREATE retries.
      void services
        .syncGuildCommands(row.guildId)
        .catch((err) => ctx.log.warn({ err, guildId: row.guildId }, 'bot commands could not be registered'));
      return reply.code(201).send({ guildId: row.guildId, guildName });
    },
  );

  app.delete(
    '/api/v1/communities/:id/bot/servers/:guildId',
    {
      schema: {
        tags: ['bot'],
        summary: 'Unlink a Discord server',
        params: zIdParams.extend({ guildId: z.string().max(20) }),
        response: { 204: z.null(), ...errorResponses },
      },
      preHandler: guard({ ...officer, level: 'manage' }),
    },
    async (request, reply) => {
      const { id, guildId } = request.params;
      if (!(await unlinkGuild(ctx, id, guildId)))
        throw new AppError('NOT_FOUND', 'that server is not linked to this community');
      await recordAudit(ctx.db, {
        communityId: id,
        actor: actorOf(request.principal),
        action: 'bot.server.unlink',
        target: { type: 'discord_guild', id: guildId },
      });
      return reply.code(204).send(null);
    },
  );

  for (const method of ['PUT', 'DELETE'] as const)
    app.route({
      method,
      url: '/api/v1/communities/:id/bot/grants',
      schema: {
        tags: ['bot'],
        summary:
          method === 'PUT'
            ? 'Grant a bot module to a Discord role or user'
            : 'Take back a bot module from a Discord role or user',
        params: zIdParams,
        body: zBotGrant,
        response: { 204: z.null(), ...errorResponses },
      },
      preHandler: guard({ ...officer, level: 'manage' }),
      handler: async (request, reply) => {
        const { id } = request.params;
        const grant = request.body;
        const by = actorOf(request.principal);
        if (method === 'PUT') await grantModule(ctx.db, id, grant, `${by.type}:${by.id ?? by.name}`);
        else if (!(await revokeModule(ctx.db, id, grant))) throw new AppError('NOT_FOUND', 'no such grant');
        await recordAudit(ctx.db, {
          communityId: id,
          actor: by,
          action: method === 'PUT' ? 'bot.grant' : 'bot.revoke',
          target: { type: `discord_${grant.subjectType}`, id: grant.subjectId },
          details: { module: grant.module },
        });
        return reply.code(204).send(null);
      },
    });
};
