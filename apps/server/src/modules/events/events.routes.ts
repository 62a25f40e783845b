import {
  zEvent,
  zEventCreate,
  zEventListQuery,
  zEventParams,
  zEventTransition,
  zEventUpdate,
  zIdParams,
  zListOf,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses } from '../../core/http';
import { presentEvent } from './events.present';
import * as service from './events.service';
import { countByEvent } from './signups.repo';

const view = guard({ module: 'events', level: 'view', scope: 'events' });
const manage = guard({ module: 'events', level: 'manage', scope: 'events' });

/** Events: created as drafts, edited with the version read, moved through their states. */
export const eventsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/api/v1/communities/:id/events',
    {
      schema: {
        tags: ['events'],
        params: zIdParams,
        body: zEventCreate,
        response: { 201: zEvent, ...errorResponses },
      },
      preHandler: manage,
    },
    async (request, reply) => {
      const row = await service.createEvent(ctx, request.params.id, request.body, actorOf(request.principal));
      return reply.code(201).send(presentEvent(row, { confirmed: 0, waitlisted: 0 }));
    },
  );

  app.get(
    '/api/v1/communities/:id/events',
    {
      schema: {
        tags: ['events'],
        params: zIdParams,
        querystring: zEventListQuery,
        response: { 200: zListOf(zEvent) },
      },
      preHandler: view,
    },
    async (request) => service.listEvents(ctx.db, request.params.id, request.query),
  );

  app.get(
    '/api/v1/communities/:id/events/:eventId',
    { schema: { tags: ['events'], params: zEventParams, response: { 200: zEvent } }, preHandler: view },
    async (request) => {
      const row = await service.requireEvent(ctx.db, request.params.id, request.params.eventId);
      const counts = await countByEvent(ctx.db, [row.id]);
      return presentEvent(row, counts.get(row.id));
    },
  );

  app.patch(
    '/api/v1/communities/:id/events/:eventId',
    {
      schema: { tags: ['events'], params: zEventParams, body: zEventUpdate, response: { 200: zEvent } },
      preHandler: manage,
    },
    async (request) =>
      presentEvent(
        await service.updateEvent(
          ctx,
          request.params.id,
          request.params.eventId,
          request.body,
          actorOf(request.principal),
        ),
      ),
  );

  for (const action of ['publish', 'start', 'complete', 'archive', 'cancel'] as const) {
    app.post(
      `/api/v1/communities/:id/events/:eventId/${action}`,
      {
        schema: {
          tags: ['events'],
          params: zEventParams,
          body: zEventTransition.nullish(),
          response: { 200: zEvent },
        },
        preHandler: manage,
      },
      async (request) =>
        presentEvent(
          await service.transitionEvent(
            ctx,
            request.params.id,
            request.params.eventId,
            action,
            actorOf(request.principal),
            request.body?.version,
          ),
        ),
    );
  }
};
