import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { safeEqual } from '../../core/secrets';
import { completeDiscordLogin, discordLoginEnabled, startDiscordLogin } from './discord.service';
import { SESSION_COOKIE } from './identity.routes';
import { SESSION_TTL_MS } from './identity.service';

const STATE_COOKIE = 'gh_discord';
const STATE_TTL_S = 600;

/** "Sign in with Discord" (authorization code flow), when DISCORD_CLIENT_ID and _SECRET are set. */
export const discordRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = ctx.config.PUBLIC_URL?.startsWith('https:') ?? false;
  // Before validation, so an installation without Discord answers 404 whatever the query.
  const enabled = async () => {
    if (!discordLoginEnabled(ctx.config))
      throw new AppError('NOT_FOUND', 'Discord sign-in is not enabled on this installation');
  };

  app.get('/auth/discord/login', { schema: { tags: ['identity'] }, onRequest: enabled }, async (_, reply) => {
    const { url, state } = startDiscordLogin(ctx);
    reply.setCookie(STATE_COOKIE, state, {
      path: '/auth/discord',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      signed: true,
      maxAge: STATE_TTL_S,
    });
    return reply.redirect(url);
  });

  app.get(
    '/auth/discord/callback',
    {
      schema: {
        tags: ['identity'],
        querystring: z.object({
          code: z.string().min(1).max(2000).optional(),
          state: z.string().min(1).max(200),
          error: z.string().max(200).optional(),
        }),
      },
      onRequest: enabled,
    },
    async (request, reply) => {
      const raw = request.cookies[STATE_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : undefined;
      reply.clearCookie(STATE_COOKIE, { path: '/auth/discord' });
      const saved = unsigned?.valid ? unsigned.value : null;
      if (!saved || !safeEqual(saved, request.query.state))
        throw new AppError(
          'OAUTH_FAILED',
          'this Discord sign-in expired or was not started here; start again',
        );
      if (request.query.error || !request.query.code)
        throw new AppError(
          'OAUTH_FAILED',
          `Discord sign-in was cancelled (${request.query.error ?? 'no code'})`,
        );
      const p = request.principal;
      const login = await completeDiscordLogin(
        ctx,
        request.query.code,
        p.kind === 'user' ? p.userId : undefined,
      );
      reply.setCookie(SESSION_COOKIE, login.sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        signed: true,
        maxAge: SESSION_TTL_MS / 1000,
      });
      return reply.redirect('/');
    },
  );
};
