import {
  zId,
  zIdParams,
  zInvite,
  zInviteAccepted,
  zInviteCreate,
  zInviteCreated,
  zInvitePreview,
  zListOf,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { noStore } from '../../core/security-headers';
import * as service from './invites.service';

const zTokenParams = z.object({ token: z.string().min(1).max(200) });

/** Invite links: officers create, list and revoke them; anyone opens one; a signed-in user accepts it. */
export const inviteRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/communities/:id/invites',
    {
      schema: { tags: ['admin'], params: zIdParams, response: { 200: zListOf(zInvite) } },
      preHandler: guard({ module: 'admin', level: 'view', role: 'officer' }),
    },
    async (request) => {
      const now = new Date();
      const rows = await service.listInvites(ctx.db, request.params.id);
      return { items: rows.map((r) => service.presentInvite(r, now)), total: rows.length };
    },
  );

  app.post(
    '/api/v1/communities/:id/invites',
    {
      schema: {
        tags: ['admin'],
        params: zIdParams,
        body: zInviteCreate,
        response: { 201: zInviteCreated },
      },
      preHandler: guard({ module: 'admin', level: 'manage', role: 'officer' }),
      config: noStore,
    },
    async (request, reply) => {
      const { row, token } = await service.createInvite(
        ctx,
        request.params.id,
        request.body,
        actorOf(request.principal),
      );
      const origin = ctx.config.PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
      return reply.code(201).send({ ...service.presentInvite(row), token, url: `${origin}/invite/${token}` });
    },
  );

  app.delete(
    '/api/v1/communities/:id/invites/:inviteId',
    {
      schema: {
        tags: ['admin'],
        params: z.object({ id: zId, inviteId: z.uuid() }),
        response: { 200: zInvite },
      },
      preHandler: guard({ module: 'admin', level: 'manage', role: 'officer' }),
    },
    async (request) =>
      service.presentInvite(
        await service.revokeInvite(
          ctx,
          request.params.id,
          request.params.inviteId,
          actorOf(request.principal),
        ),
      ),
  );

  // The invite page's first read: public, so a visitor sees whose invite it is before signing in.
  app.get(
    '/api/v1/invites/:token',
    {
      schema: { tags: ['access'], params: zTokenParams, response: { 200: zInvitePreview } },
      config: noStore,
    },
    async (request) => service.previewInvite(ctx, request.params.token),
  );

  app.post(
    '/api/v1/invites/:token/accept',
    {
      schema: { tags: ['access'], params: zTokenParams, response: { 200: zInviteAccepted } },
      config: noStore,
    },
    async (request) => {
      const p = request.principal;
      if (p.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'sign in to accept this invite');
      if (p.kind !== 'user') throw new AppError('FORBIDDEN', 'invites are accepted by people, not API keys');
      return service.acceptInvite(ctx, request.params.token, {
        userId: p.userId,
        isInstanceOwner: p.isInstanceOwner,
        actor: actorOf(p),
      });
    },
  );
};
