import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { noStore } from '../../core/security-headers';
import { setSessionCookie } from './auth-cookies';
import { registerLinkConfirmation } from './link-page';
import { completeProviderLogin, linkProviderAccount } from './provider-login';
import { beginSignIn, consumeSignInState, isSecure, offerLink, rememberProviderNonce } from './sign-in';
import { renderSteamBusyPage } from './steam-busy-page';
import {
  checkSteamAssertion,
  NONCE_WINDOW_MS,
  readSteamCallback,
  SteamBusyError,
  steamLoginUrl,
  steamReturnTo,
  steamSignInEnabled,
  verifyWithSteam,
} from './steam-openid';
import { steamDisplayName } from './steam-persona';

/** How the confirmation page names a Steam account: its persona name (when known) and its SteamID. */
export const steamAccountLabel = (steamId64: string, displayName: string | null) =>
  displayName && displayName !== steamId64 ? `${displayName} (SteamID ${steamId64})` : `SteamID ${steamId64}`;

/** "Sign in with Steam" (OpenID 2.0), when STEAM_SIGN_IN is set. */
export const steamRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = isSecure(ctx);
  const enabled = async () => {
    if (!steamSignInEnabled(ctx.config))
      throw new AppError('NOT_FOUND', 'Steam sign-in is not enabled on this installation');
  };

  app.get(
    '/auth/steam',
    { schema: { tags: ['identity'] }, onRequest: enabled, config: noStore },
    async (request, reply) => {
      const state = await beginSignIn(ctx, request, reply, 'steam');
      return reply.redirect(steamLoginUrl(ctx.config, state));
    },
  );

  app.get(
    '/auth/steam/callback',
    {
      schema: { tags: ['identity'], summary: "Steam's OpenID answer: checked, then confirmed by Steam" },
      onRequest: enabled,
      config: noStore,
    },
    async (request, reply) => {
      const now = new Date();
      const { state, fields } = readSteamCallback(request.url);
      if (!state) throw new AppError('OAUTH_FAILED', 'this Steam sign-in carries no state; start again');
      // The state is used up first: whatever the answer, it works once, in the browser that started it.
      await consumeSignInState(ctx, request, 'steam', 'Steam', state, now);
      const assertion = checkSteamAssertion(
        fields,
        { endpoint: ctx.config.STEAM_OPENID_URL, returnTo: steamReturnTo(ctx.config, state) },
        now,
      );
      if (assertion.kind === 'cancel') throw new AppError('OAUTH_FAILED', 'Steam sign-in was cancelled');
      const until = new Date(Math.max(assertion.nonceAt.getTime(), now.getTime()) + NONCE_WINDOW_MS + 60_000);
      if (!(await rememberProviderNonce(ctx, 'steam', assertion.nonce, until, now)))
        throw new AppError('OAUTH_FAILED', 'Steam sign-in refused: this answer was already used');
      try {
        await verifyWithSteam(ctx.config, fields);
      } catch (err) {
        if (!(err instanceof SteamBusyError)) throw err;
        return reply
          .code(503)
          .header('retry-after', String(err.retryAfterS))
          .type('text/html; charset=utf-8')
          .send(renderSteamBusyPage(request.headers['accept-language']));
      }

      // Only now is the SteamID Steam's word.
      const account = {
        id: assertion.steamId64,
        displayName: await steamDisplayName(ctx, assertion.steamId64),
      };
      const p = request.principal;
      const login = await completeProviderLogin(
        ctx,
        'steam',
        account,
        p.kind === 'user' ? p.userId : undefined,
      );
      if (login.kind === 'confirm_link' && p.kind === 'user') {
        const page = await offerLink(ctx, request, reply, {
          userId: p.userId,
          provider: 'steam',
          providerAccountId: account.id,
          displayName: account.displayName,
        });
        return reply.redirect(page);
      }
      if (login.kind !== 'signed_in') throw new AppError('OAUTH_FAILED', 'Steam sign-in did not complete');
      setSessionCookie(reply, login.sessionId, secure);
      return reply.redirect('/');
    },
  );

  registerLinkConfirmation(app, ctx, {
    provider: 'steam',
    label: 'Steam',
    accountLabel: (pending) => steamAccountLabel(pending.providerAccountId, pending.displayName),
    apply: async (pending, user) => {
      await linkProviderAccount(
        ctx,
        'steam',
        'Steam',
        { id: pending.providerAccountId, displayName: pending.displayName ?? pending.providerAccountId },
        user,
      );
      return '/signin';
    },
  });
};
