import { zLinkedAccounts } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { noStore } from '../../core/security-headers';
import { SESSION_COOKIE, setSessionCookie } from './auth-cookies';
import { findDiscordAccount } from './identity.repo';
import { endSession, redeemLoginToken } from './identity.service';
import { steamAccountOfUser } from './steam-accounts';

/** One-time login links a client may try per minute (a person clicks one or two). */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

export const identityRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = ctx.config.PUBLIC_URL?.startsWith('https:') ?? false;

  // The one-time link printed at first start (or by `guildhall login-link`).
  app.get(
    '/auth/login',
    {
      schema: { tags: ['identity'], querystring: z.object({ token: z.string().min(10).max(200) }) },
      // Guessing a token is hopeless (256 random bits), and this keeps it so cheap to refuse.
      config: { ...noStore, rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const redeemed = await redeemLoginToken(ctx.db, request.query.token);
      if (!redeemed) throw new AppError('INVALID_LOGIN_TOKEN', 'this login link is unknown, used or expired');
      setSessionCookie(reply, redeemed.sessionId, secure);
      return reply.redirect('/');
    },
  );

  // The accounts the signed-in user signs in with, for their account page.
  app.get(
    '/api/v1/me/linked-accounts',
    { schema: { tags: ['identity'], response: { 200: zLinkedAccounts } }, config: noStore },
    async (request) => {
      const p = request.principal;
      if (p.kind !== 'user') return { steam: null, discord: null };
      const [steam, discord] = await Promise.all([
        steamAccountOfUser(ctx.db, p.userId),
        findDiscordAccount(ctx.db, p.userId),
      ]);
      return {
        steam: steam
          ? {
              steamId64: steam.steamId64,
              accountId: steam.accountId32,
              displayName: steam.displayName,
              linkedAt: steam.linkedAt.toISOString(),
            }
          : null,
        discord: discord ? { id: discord.discordUserId, displayName: discord.displayName } : null,
      };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['identity'] }, config: noStore }, async (request, reply) => {
    if (request.principal.kind === 'user') await endSession(ctx.db, request.principal.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
};
