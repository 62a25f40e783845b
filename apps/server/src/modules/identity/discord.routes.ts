import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import {
  callbackCode,
  type StateCookie,
  setSessionCookie,
  setStateCookie,
  takeStateCookie,
  zOAuthCallbackQuery,
} from './auth-cookies';
import { completeDiscordLogin, discordLoginEnabled, startDiscordLogin } from './discord.service';

const STATE_COOKIE: StateCookie = { name: 'gh_discord', path: '/auth/discord' };

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
    setStateCookie(reply, STATE_COOKIE, state, secure);
    return reply.redirect(url);
  });

  app.get(
    '/auth/discord/callback',
    {
      schema: {
        tags: ['identity'],
        querystring: zOAuthCallbackQuery,
      },
      onRequest: enabled,
    },
    async (request, reply) => {
      const code = callbackCode('Discord', request.query, takeStateCookie(request, reply, STATE_COOKIE));
      const p = request.principal;
      const login = await completeDiscordLogin(ctx, code, p.kind === 'user' ? p.userId : undefined);
      setSessionCookie(reply, login.sessionId, secure);
      return reply.redirect('/');
    },
  );
};
