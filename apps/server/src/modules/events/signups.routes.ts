import { zEventParams, zSignup, zSignupCreate, zSignupList, zSignupParams } from '@guildhall/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { errorResponses } from '../../core/http';
import { discordAccountOf, listSignups, type SignupRequest, signUp, withdraw } from './signups.service';

const member = guard({ module: 'events', level: 'view', scope: 'events' });

const isOfficer = (request: FastifyRequest) =>
  request.access?.role === 'owner' || request.access?.role === 'officer';

/**
 * Who a sign-up is for: an `events` key (the bot) names anyone; a signed-in member signs up
 * with their linked Discord account; officers may name someone else.
 */
async function signupFor(
  ctx: AppContext,
  request: FastifyRequest,
  body: { discordUserId?: string; displayName?: string; role?: string; class?: string },
): Promise<SignupRequest> {
  const p = request.principal;
  const extra = { role: body.role ?? null, class: body.class ?? null };
  // Officers may name anyone (and need no Discord link of their own to do so).
  const forSomeoneElse = !!body.discordUserId && isOfficer(request);
  if (p.kind === 'user' && !forSomeoneElse) {
    const account = await discordAccountOf(ctx.db, p.userId);
    const self = !body.discordUserId || body.discordUserId === account.discordUserId;
    if (!self)
      throw new AppError('MISSING_PERMISSION', 'only officers sign up someone other than themselves');
    return {
      discordUserId: account.discordUserId,
      displayName: body.displayName ?? account.displayName ?? p.displayName,
      userId: p.userId,
      ...extra,
    };
  }
  if (!body.discordUserId || !body.displayName)
    throw new AppError('VALIDATION_FAILED', 'discordUserId and displayName are needed', {
      fields: ['discordUserId', 'displayName'],
    });
  return { discordUserId: body.discordUserId, displayName: body.displayName, ...extra };
}

export const signupsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/api/v1/communities/:id/events/:eventId/signups',
    {
      schema: {
        tags: ['events'],
        params: zEventParams,
        body: zSignupCreate,
        response: { 200: zSignup, 201: zSignup, ...errorResponses },
      },
      preHandler: member,
    },
    async (request, reply) => {
      const who = await signupFor(ctx, request, request.body);
      const out = await signUp(ctx, request.params.id, request.params.eventId, who);
      return reply.code(out.created ? 201 : 200).send(out.signup);
    },
  );

  app.get(
    '/api/v1/communities/:id/events/:eventId/signups',
    {
      schema: { tags: ['events'], params: zEventParams, response: { 200: zSignupList } },
      preHandler: member,
    },
    async (request) => listSignups(ctx.db, request.params.id, request.params.eventId),
  );

  app.delete(
    '/api/v1/communities/:id/events/:eventId/signups/:discordUserId',
    { schema: { tags: ['events'], params: zSignupParams }, preHandler: member },
    async (request, reply) => {
      const p = request.principal;
      if (p.kind === 'user' && !isOfficer(request)) {
        const account = await discordAccountOf(ctx.db, p.userId);
        if (account.discordUserId !== request.params.discordUserId)
          throw new AppError('MISSING_PERMISSION', 'only officers withdraw someone other than themselves');
      }
      await withdraw(ctx, request.params.id, request.params.eventId, request.params.discordUserId);
      return reply.code(204).send();
    },
  );
};
