import {
  zCommunity,
  zCommunityCreate,
  zCommunityUpdate,
  zCredential,
  zCredentialInput,
  zId,
  zIdParams,
  zListOf,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { sendCached } from '../../core/http';
import { noStore } from '../../core/security-headers';
import * as service from './communities.service';

const zProviderParams = z.object({ id: zId, provider: z.string().regex(/^[a-z0-9-]{2,32}$/) });

export const communitiesRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/api/v1/communities',
    { schema: { tags: ['communities'], body: zCommunityCreate, response: { 201: zCommunity } } },
    async (request, reply) => {
      const p = request.principal;
      if (p.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in to create a community');
      if (!p.isInstanceOwner)
        throw new AppError('FORBIDDEN', "only the installation's owner creates communities");
      const row = await service.createCommunity(ctx, request.body, actorOf(p));
      return reply.code(201).send(service.presentCommunity(row));
    },
  );

  // The community card: public, cached, served with an ETag.
  app.get(
    '/api/v1/communities/:id',
    { schema: { tags: ['communities'], params: zIdParams, response: { 200: zCommunity } } },
    async (request, reply) =>
      sendCached(request, reply, ctx.cache, service.cacheKey(request.params.id), async () =>
        service.presentCommunity(await service.requireCommunity(ctx.db, request.params.id)),
      ),
  );

  app.patch(
    '/api/v1/communities/:id',
    {
      schema: {
        tags: ['communities'],
        params: zIdParams,
        body: zCommunityUpdate,
        response: { 200: zCommunity },
      },
      preHandler: guard({ module: 'admin', level: 'manage' }),
    },
    async (request) =>
      service.presentCommunity(
        await service.updateCommunity(ctx, request.params.id, request.body, actorOf(request.principal)),
      ),
  );

  app.get(
    '/api/v1/communities/:id/credentials',
    {
      schema: { tags: ['admin'], params: zIdParams, response: { 200: zListOf(zCredential) } },
      preHandler: guard({ module: 'admin', level: 'view' }),
      config: noStore,
    },
    async (request) => {
      const items = await service.listCredentials(ctx.db, request.params.id);
      return { items, total: items.length };
    },
  );

  app.put(
    '/api/v1/communities/:id/credentials/:provider',
    {
      schema: {
        tags: ['admin'],
        params: zProviderParams,
        body: zCredentialInput,
        response: { 200: zCredential },
      },
      preHandler: guard({ module: 'admin', level: 'manage' }),
      config: noStore,
    },
    async (request) =>
      service.setCredential(
        ctx,
        request.params.id,
        request.params.provider,
        request.body.fields,
        actorOf(request.principal),
      ),
  );

  app.delete(
    '/api/v1/communities/:id/credentials/:provider',
    {
      schema: { tags: ['admin'], params: zProviderParams },
      preHandler: guard({ module: 'admin', level: 'manage' }),
    },
    async (request, reply) => {
      await service.removeCredential(
        ctx,
        request.params.id,
        request.params.provider,
        actorOf(request.principal),
      );
      return reply.code(204).send();
    },
  );
};
