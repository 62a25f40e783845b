import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import {
  callbackCode,
  type StateCookie,
  setSessionCookie,
  setStateCookie,
  takeStateCookie,
  zOAuthCallbackQuery,
} from './auth-cookies';
import { completeBattlenetLogin, startBattlenetLogin } from './battlenet.service';

const STATE_COOKIE: StateCookie = { name: 'gh_bnet', path: '/auth/battlenet' };

/** Battle.net sign-in (authorization code flow) for a community's members. */
export const battlenetRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = ctx.config.PUBLIC_URL?.startsWith('https:') ?? false;

  app.get(
    '/auth/battlenet/:communityId/login',
    { schema: { tags: ['identity'], params: z.object({ communityId: z.uuid() }) } },
    async (request, reply) => {
      const { url, state } = await startBattlenetLogin(ctx, request.params.communityId);
      setStateCookie(
        reply,
        STATE_COOKIE,
        JSON.stringify({ s: state, c: request.params.communityId }),
        secure,
      );
      return reply.redirect(url);
    },
  );

  app.get(
    '/auth/battlenet/callback',
    {
      schema: {
        tags: ['identity'],
        querystring: zOAuthCallbackQuery,
      },
    },
    async (request, reply) => {
      // The state cookie carries the community the sign-in is for beside the state itself.
      let saved: { s?: unknown; c?: unknown } = {};
      try {
        saved = JSON.parse(takeStateCookie(request, reply, STATE_COOKIE) ?? '{}');
      } catch {
        saved = {};
      }
      const communityId = typeof saved.c === 'string' ? saved.c : null;
      const code = callbackCode(
        'Battle.net',
        request.query,
        communityId && typeof saved.s === 'string' ? saved.s : null,
      );
      const p = request.principal;
      const login = await completeBattlenetLogin(
        ctx,
        communityId!,
        code,
        p.kind === 'user' ? p.userId : null,
      );
      setSessionCookie(reply, login.sessionId, secure);
      return reply.redirect(`/c/${communityId}?battlenet=${login.members > 0 ? 'linked' : 'unmatched'}`);
    },
  );
};
