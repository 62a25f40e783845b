import {
  zApiKey,
  zApiKeyCreate,
  zApiKeyCreated,
  zAuditEntry,
  zAuditQuery,
  zCommunity,
  zId,
  zIdParams,
  zListOf,
  zMe,
  zMembershipUpdate,
  zRole,
  zUserAccount,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, installationOwnerOnly } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { noStore } from '../../core/security-headers';
import { listAudit } from '../audit';
import { listCommunities, presentCommunity } from '../communities';
import * as service from './access.service';

export const accessRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/me',
    { schema: { tags: ['identity'], response: { 200: zMe } }, config: noStore },
    async (request) => {
      const p = request.principal;
      if (p.kind !== 'user') return { user: null, communities: [] };
      const all = p.isInstanceOwner ? await listCommunities(ctx.db) : [];
      const mine = p.isInstanceOwner
        ? all.map((c) => ({ id: c.id, name: c.name, role: 'owner' as const }))
        : await Promise.all(
            (await service.findUserMemberships(ctx.db, p.userId)).map(async (m) => {
              const [c] = await listCommunities(ctx.db, [m.communityId]);
              return { id: m.communityId, name: c?.name ?? '', role: m.role };
            }),
          );
      return {
        user: { id: p.userId, displayName: p.displayName, isInstanceOwner: p.isInstanceOwner },
        communities: mine,
      };
    },
  );

  app.get(
    '/api/v1/communities',
    { schema: { tags: ['communities'], response: { 200: zListOf(zCommunity) } } },
    async (request) => {
      const p = request.principal;
      let rows: Awaited<ReturnType<typeof listCommunities>> = [];
      if (p.kind === 'user') {
        rows = p.isInstanceOwner
          ? await listCommunities(ctx.db)
          : await listCommunities(
              ctx.db,
              (await service.findUserMemberships(ctx.db, p.userId)).map((m) => m.communityId),
            );
      } else if (p.kind === 'api_key') {
        rows = await listCommunities(ctx.db, [p.communityId]);
      }
      return { items: rows.map(presentCommunity), total: rows.length };
    },
  );

  app.get(
    '/api/v1/communities/:id/api-keys',
    {
      schema: { tags: ['admin'], params: zIdParams, response: { 200: zListOf(zApiKey) } },
      preHandler: guard({ module: 'admin', level: 'view' }),
    },
    async (request) => {
      const rows = await service.listApiKeys(ctx.db, request.params.id);
      return { items: rows.map(service.presentApiKey), total: rows.length };
    },
  );

  app.post(
    '/api/v1/communities/:id/api-keys',
    {
      schema: { tags: ['admin'], params: zIdParams, body: zApiKeyCreate, response: { 201: zApiKeyCreated } },
      preHandler: guard({ module: 'admin', level: 'manage' }),
      config: noStore,
    },
    async (request, reply) => {
      const { row, key } = await service.createApiKey(
        ctx,
        request.params.id,
        request.body,
        actorOf(request.principal),
      );
      return reply.code(201).send({ ...service.presentApiKey(row), key });
    },
  );

  app.delete(
    '/api/v1/communities/:id/api-keys/:keyId',
    {
      schema: {
        tags: ['admin'],
        params: z.object({ id: zId, keyId: z.uuid() }),
        response: { 200: zApiKey },
      },
      preHandler: guard({ module: 'admin', level: 'manage' }),
    },
    async (request) =>
      service.presentApiKey(
        await service.revokeApiKey(ctx, request.params.id, request.params.keyId, actorOf(request.principal)),
      ),
  );

  app.get(
    '/api/v1/communities/:id/audit',
    {
      schema: {
        tags: ['admin'],
        params: zIdParams,
        querystring: zAuditQuery,
        response: { 200: zListOf(zAuditEntry) },
      },
      preHandler: guard({ module: 'admin', level: 'view' }),
    },
    async (request) => {
      const q = request.query;
      return listAudit(ctx.db, {
        communityId: request.params.id,
        actor: q.actor,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  const zMembership = z.object({
    userId: z.string(),
    displayName: z.string(),
    role: zRole,
    permissions: z.record(z.string(), z.string()),
  });

  app.get(
    '/api/v1/communities/:id/memberships',
    {
      schema: { tags: ['admin'], params: zIdParams, response: { 200: zListOf(zMembership) } },
      preHandler: guard({ module: 'admin', level: 'view' }),
    },
    async (request) => {
      const items = await service.listMemberships(ctx.db, request.params.id);
      return { items, total: items.length };
    },
  );

  app.put(
    '/api/v1/communities/:id/memberships/:userId',
    {
      schema: {
        tags: ['admin'],
        params: z.object({ id: zId, userId: z.uuid() }),
        body: zMembershipUpdate,
      },
      preHandler: guard({ module: 'admin', level: 'manage', role: 'owner' }),
    },
    async (request, reply) => {
      await service.setMembership(
        ctx,
        request.params.id,
        request.params.userId,
        request.body,
        actorOf(request.principal),
      );
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/v1/communities/:id/memberships/:userId',
    {
      schema: { tags: ['admin'], params: z.object({ id: zId, userId: z.uuid() }) },
      preHandler: guard({ module: 'admin', level: 'manage', role: 'officer' }),
    },
    async (request, reply) => {
      const p = request.principal;
      await service.removeMembership(ctx, request.params.id, request.params.userId, {
        actor: actorOf(p),
        userId: p.kind === 'user' ? p.userId : null,
        role: request.access?.role ?? null,
      });
      return reply.code(204).send();
    },
  );

  // The installation's users, for its owner: who exists and who is switched off.
  app.get(
    '/api/v1/admin/users',
    {
      onRequest: installationOwnerOnly,
      schema: { tags: ['admin'], response: { 200: zListOf(zUserAccount) } },
    },
    async () => {
      const rows = await service.listUsers(ctx.db);
      return { items: rows.map(service.presentUser), total: rows.length };
    },
  );

  for (const action of ['deactivate', 'reactivate'] as const) {
    app.post(
      `/api/v1/admin/users/:userId/${action}`,
      {
        onRequest: installationOwnerOnly,
        schema: {
          tags: ['admin'],
          params: z.object({ userId: z.uuid() }),
          response: { 200: zUserAccount },
        },
      },
      async (request, reply) => {
        const user = await service.setUserActive(
          ctx,
          request.params.userId,
          action === 'reactivate',
          actorOf(request.principal),
        );
        return reply.header('cache-control', 'no-store').send(service.presentUser(user));
      },
    );
  }

  app.get(
    '/api/v1/admin/audit',
    {
      onRequest: installationOwnerOnly,
      schema: { tags: ['admin'], querystring: zAuditQuery, response: { 200: zListOf(zAuditEntry) } },
    },
    async (request) => {
      const q = request.query;
      return listAudit(ctx.db, {
        communityId: null,
        actor: q.actor,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );
};
