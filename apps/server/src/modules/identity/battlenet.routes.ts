import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { safeEqual } from '../../core/secrets';
import { completeBattlenetLogin, startBattlenetLogin } from './battlenet.service';
import { SESSION_COOKIE } from './identity.routes';
import { SESSION_TTL_MS } from './identity.service';

const STATE_COOKIE = 'gh_bnet';
const STATE_TTL_S = 600;

/** Battle.net sign-in (authorization code flow) for a community's members. */
export const battlenetRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = ctx.config.PUBLIC_URL?.startsWith('https:') ?? false;

  app.get(
    '/auth/battlenet/:communityId/login',
    { schema: { tags: ['identity'], params: z.object({ communityId: z.uuid() }) } },
    async (request, reply) => {
      const { url, state } = await startBattlenetLogin(ctx, request.params.communityId);
      reply.setCookie(STATE_COOKIE, JSON.stringify({ s: state, c: request.params.communityId }), {
        path: '/auth/battlenet',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        signed: true,
        maxAge: STATE_TTL_S,
      });
      return reply.redirect(url);
    },
  );

  app.get(
    '/auth/battlenet/callback',
    {
      schema: {
        tags: ['identity'],
        querystring: z.object({
          code: z.string().min(1).max(2000).optional(),
          state: z.string().min(1).max(200),
          error: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      const raw = request.cookies[STATE_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : undefined;
      reply.clearCookie(STATE_COOKIE, { path: '/auth/battlenet' });
      let saved: { s?: unknown; c?: unknown } = {};
      try {
        saved = unsigned?.valid && unsigned.value ? JSON.parse(unsigned.value) : {};
      } catch {
        saved = {};
      }
      if (
        typeof saved.s !== 'string' ||
        typeof saved.c !== 'string' ||
        !safeEqual(saved.s, request.query.state)
      )
        throw new AppError(
          'OAUTH_FAILED',
          'this Battle.net sign-in expired or was not started here; start again',
        );
      if (request.query.error || !request.query.code)
        throw new AppError(
          'OAUTH_FAILED',
          `Battle.net sign-in was cancelled (${request.query.error ?? 'no code'})`,
        );
      const p = request.principal;
      const login = await completeBattlenetLogin(
        ctx,
        saved.c,
        request.query.code,
        p.kind === 'user' ? p.userId : null,
      );
      reply.setCookie(SESSION_COOKIE, login.sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        signed: true,
        maxAge: SESSION_TTL_MS / 1000,
      });
      return reply.redirect(`/c/${saved.c}?battlenet=${login.members > 0 ? 'linked' : 'unmatched'}`);
    },
  );
};
