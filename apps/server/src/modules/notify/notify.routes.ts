import {
  zAlertKind,
  zAlertRule,
  zAlertRuleList,
  zAlertRuleUpdate,
  zId,
  zIdParams,
  zOutboxList,
  zPageQuery,
  zWebhook,
  zWebhookCreate,
  zWebhookList,
  zWebhookTestResult,
  zWebhookUpdate,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses } from '../../core/http';
import * as service from './notify.service';
import { registerOpsAlertRoutes } from './ops-alerts.routes';

const zWebhookParams = z.object({ id: zId, webhookId: z.uuid() });

/** Discord webhooks (URLs shown masked), alert rules and the delivery log: officers' admin. */
export const notifyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const view = guard({ module: 'admin', level: 'view' });
  const manage = guard({ module: 'admin', level: 'manage' });
  registerOpsAlertRoutes(app, ctx);

  app.get(
    '/api/v1/communities/:id/webhooks',
    {
      schema: { tags: ['notify'], params: zIdParams, response: { 200: zWebhookList, ...errorResponses } },
      preHandler: view,
    },
    async (request) => {
      const items = await service.listWebhooks(ctx.db, request.params.id);
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/v1/communities/:id/webhooks',
    {
      schema: {
        tags: ['notify'],
        params: zIdParams,
        body: zWebhookCreate,
        response: { 201: zWebhook, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.createWebhook(ctx, request.params.id, request.body, actorOf(request.principal))),
  );

  app.patch(
    '/api/v1/communities/:id/webhooks/:webhookId',
    {
      schema: {
        tags: ['notify'],
        params: zWebhookParams,
        body: zWebhookUpdate,
        response: { 200: zWebhook, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request) =>
      service.updateWebhook(
        ctx,
        request.params.id,
        request.params.webhookId,
        request.body,
        actorOf(request.principal),
      ),
  );

  app.delete(
    '/api/v1/communities/:id/webhooks/:webhookId',
    { schema: { tags: ['notify'], params: zWebhookParams }, preHandler: manage },
    async (request, reply) => {
      await service.deleteWebhook(
        ctx,
        request.params.id,
        request.params.webhookId,
        actorOf(request.principal),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/communities/:id/webhooks/:webhookId/test',
    {
      schema: {
        tags: ['notify'],
        params: zWebhookParams,
        response: { 200: zWebhookTestResult, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request) =>
      service.testWebhook(ctx, request.params.id, request.params.webhookId, actorOf(request.principal)),
  );

  app.get(
    '/api/v1/communities/:id/alert-rules',
    {
      schema: { tags: ['notify'], params: zIdParams, response: { 200: zAlertRuleList, ...errorResponses } },
      preHandler: view,
    },
    async (request) => {
      const items = await service.listAlertRules(ctx.db, request.params.id);
      return { items, total: items.length };
    },
  );

  app.put(
    '/api/v1/communities/:id/alert-rules/:kind',
    {
      schema: {
        tags: ['notify'],
        params: z.object({ id: zId, kind: zAlertKind }),
        body: zAlertRuleUpdate,
        response: { 200: zAlertRule, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request) =>
      service.setAlertRule(
        ctx,
        request.params.id,
        request.params.kind,
        request.body,
        actorOf(request.principal),
      ),
  );

  app.get(
    '/api/v1/communities/:id/notifications',
    {
      schema: {
        tags: ['notify'],
        params: zIdParams,
        querystring: zPageQuery,
        response: { 200: zOutboxList, ...errorResponses },
      },
      preHandler: view,
    },
    async (request) => service.listOutbox(ctx.db, request.params.id, request.query),
  );
};
