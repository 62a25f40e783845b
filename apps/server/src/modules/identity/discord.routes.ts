import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { noStore } from '../../core/security-headers';
import { setSessionCookie } from './auth-cookies';
import {
  completeDiscordLogin,
  discordAuthorizeUrl,
  discordLoginEnabled,
  fetchDiscordAccount,
  linkDiscordAccount,
} from './discord.service';
import { registerLinkConfirmation } from './link-page';
import { beginSignIn, finishSignIn, isSecure, offerLink, zOAuthCallbackQuery } from './sign-in';

/** "Sign in with Discord" (authorization code flow), when DISCORD_CLIENT_ID and _SECRET are set. */
export const discordRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = isSecure(ctx);
  // Before validation, so an installation without Discord answers 404 whatever the query.
  const enabled = async () => {
    if (!discordLoginEnabled(ctx.config))
      throw new AppError('NOT_FOUND', 'Discord sign-in is not enabled on this installation');
  };

  app.get(
    '/auth/discord/login',
    { schema: { tags: ['identity'] }, onRequest: enabled, config: noStore },
    async (request, reply) => {
      const state = await beginSignIn(ctx, request, reply, 'discord');
      return reply.redirect(discordAuthorizeUrl(ctx, state));
    },
  );

  app.get(
    '/auth/discord/callback',
    {
      schema: { tags: ['identity'], querystring: zOAuthCallbackQuery },
      onRequest: enabled,
      config: noStore,
    },
    async (request, reply) => {
      const { code } = await finishSignIn(ctx, request, 'discord', 'Discord', request.query);
      const account = await fetchDiscordAccount(ctx, code);
      const p = request.principal;
      const login = await completeDiscordLogin(ctx, account, p.kind === 'user' ? p.userId : undefined);
      if (login.kind === 'confirm_link' && p.kind === 'user') {
        const page = await offerLink(ctx, request, reply, {
          userId: p.userId,
          provider: 'discord',
          providerAccountId: account.id,
          displayName: account.displayName,
        });
        return reply.redirect(page);
      }
      if (login.kind !== 'signed_in') throw new AppError('OAUTH_FAILED', 'Discord sign-in did not complete');
      setSessionCookie(reply, login.sessionId, secure);
      return reply.redirect('/');
    },
  );

  registerLinkConfirmation(app, ctx, {
    provider: 'discord',
    label: 'Discord',
    apply: async (pending, user) => {
      await linkDiscordAccount(
        ctx,
        { id: pending.providerAccountId, displayName: pending.displayName ?? pending.providerAccountId },
        user,
      );
      return '/';
    },
  });
};
