import { zBotCommandLogList, zIdParams, zPageQuery } from '@guildhall/contracts';
import type { APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { errorResponses } from '../../core/http';
import { botAdminRoutes } from './bot-admin.routes';
import { listCommandLog } from './command-log';
import type { BotFeature } from './feature';
import { botServices } from './runtime';
import { discordPublicKey, verifyDiscordSignature } from './verify';

/**
 * `POST /discord/interactions`: Discord's HTTP interactions. Only a request Discord signed
 * passes (401 otherwise, as Discord's own probes expect); a PING gets a PONG; anything else
 * goes to the same router as the gateway's, which answers in this response.
 */
const interactionsEndpoint: FastifyPluginAsync<{ ctx: AppContext; features: readonly BotFeature[] }> = async (
  app,
  { ctx, features },
) => {
  // The signature covers the body's exact bytes: keep them unparsed here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const key = ctx.config.DISCORD_PUBLIC_KEY ? discordPublicKey(ctx.config.DISCORD_PUBLIC_KEY) : undefined;
  const { router } = botServices(ctx, features);

  app.post(
    '/discord/interactions',
    {
      schema: { tags: ['discord'], summary: "Discord's HTTP interactions (Ed25519-signed)", hide: true },
      // Discord authenticates by signature, not by session; its retries must never meet our rate limit.
      config: { csrf: false, rateLimit: false },
    },
    async (request, reply) => {
      const receivedAt = performance.now();
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = (name: string) => {
        const v = request.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      if (
        !key ||
        !verifyDiscordSignature(key, header('x-signature-ed25519'), header('x-signature-timestamp'), raw)
      )
        throw new AppError('UNAUTHENTICATED', 'invalid request signature');
      let interaction: APIInteraction;
      try {
        interaction = JSON.parse(raw.toString('utf8')) as APIInteraction;
      } catch {
        throw new AppError('BAD_REQUEST', 'the interaction is not JSON');
      }
      if (!interaction || typeof interaction.type !== 'number' || typeof interaction.id !== 'string')
        throw new AppError('BAD_REQUEST', 'not an interaction');
      const answer = await new Promise<APIInteractionResponse>((resolve) => {
        void router.dispatch(
          interaction,
          { transport: 'http', respond: async (body) => resolve(body) },
          receivedAt,
        );
      });
      return reply.code(200).type('application/json').send(JSON.stringify(answer));
    },
  );
};

export const botRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; features: readonly BotFeature[] }> = async (
  app,
  { ctx, features },
) => {
  await app.register(interactionsEndpoint, { ctx, features });
  await app.register(botAdminRoutes, { ctx, services: botServices(ctx, features) });

  app.get(
    '/api/v1/communities/:id/bot/commands',
    {
      schema: {
        tags: ['bot'],
        summary: 'The Discord command log: who ran what, where, how it ended and how long it took',
        params: zIdParams,
        querystring: zPageQuery,
        response: { 200: zBotCommandLogList, ...errorResponses },
      },
      preHandler: guard({ module: 'admin', level: 'view', role: 'officer' }),
    },
    async (request) => listCommandLog(ctx.db, request.params.id, request.query),
  );
};
