import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { noStore } from '../../core/security-headers';
import { requireCommunity } from '../communities';
import { setSessionCookie } from './auth-cookies';
import {
  type BattlenetAccount,
  battlenetAuthorizeUrl,
  checkBattlenetLogin,
  completeBattlenetLogin,
  fetchBattlenetAccount,
} from './battlenet.service';
import { registerLinkConfirmation } from './link-page';
import { beginSignIn, finishSignIn, isSecure, offerLink, zOAuthCallbackQuery } from './sign-in';

const zPendingContext = z.object({
  communityId: z.uuid(),
  characters: z.array(z.string()),
  memberIds: z.array(z.uuid()),
});

const landing = (communityId: string, members: number) =>
  `/c/${communityId}?battlenet=${members > 0 ? 'linked' : 'unmatched'}`;

/** Battle.net sign-in (authorization code flow) for a community's members. */
export const battlenetRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = isSecure(ctx);

  app.get(
    '/auth/battlenet/:communityId/login',
    { schema: { tags: ['identity'], params: z.object({ communityId: z.uuid() }) }, config: noStore },
    async (request, reply) => {
      const { communityId } = request.params;
      await checkBattlenetLogin(ctx, communityId);
      // The state remembers which community the sign-in is for.
      const state = await beginSignIn(ctx, request, reply, 'battlenet', { communityId });
      return reply.redirect(await battlenetAuthorizeUrl(ctx, communityId, state));
    },
  );

  app.get(
    '/auth/battlenet/callback',
    { schema: { tags: ['identity'], querystring: zOAuthCallbackQuery }, config: noStore },
    async (request, reply) => {
      const { code, context } = await finishSignIn(ctx, request, 'battlenet', 'Battle.net', request.query);
      const communityId = context.communityId;
      if (!communityId)
        throw new AppError('OAUTH_FAILED', 'this Battle.net sign-in has no community; start again');
      const account = await fetchBattlenetAccount(ctx, communityId, code);
      const p = request.principal;
      const login = await completeBattlenetLogin(ctx, communityId, account, {
        signedInUserId: p.kind === 'user' ? p.userId : null,
      });
      if (login.kind === 'confirm_link' && p.kind === 'user') {
        const page = await offerLink(ctx, request, reply, {
          userId: p.userId,
          provider: 'battlenet',
          providerAccountId: account.id,
          displayName: account.battletag,
          context: { communityId, characters: account.characters, memberIds: account.memberIds },
        });
        return reply.redirect(page);
      }
      if (login.kind !== 'signed_in' || !login.sessionId)
        throw new AppError('OAUTH_FAILED', 'Battle.net sign-in did not complete');
      setSessionCookie(reply, login.sessionId, secure);
      return reply.redirect(landing(communityId, login.members));
    },
  );

  registerLinkConfirmation(app, ctx, {
    provider: 'battlenet',
    label: 'Battle.net',
    // The page speaks the community's language.
    language: async (pending) => {
      const parsed = zPendingContext.safeParse(pending.context);
      return parsed.success ? (await requireCommunity(ctx.db, parsed.data.communityId)).language : null;
    },
    apply: async (pending, user) => {
      const { communityId, characters, memberIds } = zPendingContext.parse(pending.context);
      const account: BattlenetAccount = {
        id: pending.providerAccountId,
        battletag: pending.displayName,
        characters,
        memberIds,
      };
      const login = await completeBattlenetLogin(ctx, communityId, account, {
        signedInUserId: user.userId,
        confirmed: true,
      });
      return landing(communityId, login.kind === 'signed_in' ? login.members : 0);
    },
  });
};
