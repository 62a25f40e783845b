import { zRefreshRequest, zRevokeRequest, zTokenPair } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { noStore } from '../../core/security-headers';
import { issueTokens, refreshTokens, revokeByRefreshToken, revokeFamily } from './tokens.service';

/** Refresh attempts a client may make per minute: a client refreshes every 15 minutes. */
export const REFRESH_ATTEMPTS_PER_MINUTE = 30;

/**
 * Bearer tokens for API clients. A signed-in session (the dashboard's cookie, so the CSRF
 * rule applies) starts a token family; the refresh token turns into the next pair; DELETE
 * ends the family.
 */
export const tokenRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/api/v1/auth/tokens',
    { schema: { tags: ['identity'], response: { 201: zTokenPair } }, config: noStore },
    async (request, reply) => {
      const p = request.principal;
      if (p.kind !== 'user')
        throw new AppError('UNAUTHENTICATED', 'sign in first: tokens are issued to a session');
      if (p.tokenFamilyId)
        throw new AppError('FORBIDDEN', 'a bearer token cannot issue tokens: use its refresh token');
      return reply.code(201).send(await issueTokens(ctx, { userId: p.userId, sessionId: p.sessionId }));
    },
  );

  app.post(
    '/api/v1/auth/tokens/refresh',
    {
      schema: { tags: ['identity'], body: zRefreshRequest, response: { 200: zTokenPair } },
      config: { ...noStore, rateLimit: { max: REFRESH_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (request) => refreshTokens(ctx, request.body.refreshToken),
  );

  app.delete(
    '/api/v1/auth/tokens',
    // The body is optional (a bearer token names its own family), so it is parsed here.
    { schema: { tags: ['identity'] }, config: noStore },
    async (request, reply) => {
      const body = zRevokeRequest.safeParse(request.body ?? undefined);
      if (!body.success) throw new AppError('VALIDATION_FAILED', 'send { "refreshToken": "…" } or nothing');
      const given = body.data?.refreshToken;
      const p = request.principal;
      if (given) await revokeByRefreshToken(ctx, given);
      else if (p.kind === 'user' && p.tokenFamilyId) await revokeFamily(ctx, p.tokenFamilyId);
      else throw new AppError('BAD_REQUEST', 'send the refresh token to revoke, or a bearer token');
      return reply.code(204).send();
    },
  );
};
