import {
  zCatalogueItemParams,
  zCatalogueList,
  zCatalogueListInput,
  zCatalogueListList,
  zCatalogueListQuery,
  zCatalogueListUpdate,
  zCatalogueQuery,
  zIdParams,
  zTrack,
  zTrackInput,
  zTrackList,
  zTrackUpdate,
  zVehicle,
  zVehicleInput,
  zVehicleList,
  zVehicleUpdate,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses } from '../../core/http';
import * as service from './catalogue.service';
import { requireBotModule } from './catalogue-access';

const actorId = (p: Parameters<typeof actorOf>[0]) => {
  const a = actorOf(p);
  return `${a.type}:${a.id ?? a.name ?? 'unknown'}`;
};

/** Tracks, vehicles and their named lists: members read; officers and `catalogue` holders write. */
export const catalogueRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const read = guard({ module: 'events', level: 'view', scope: 'events' });
  const write = [guard({ module: 'events', level: 'view' }), requireBotModule(ctx, 'catalogue')];
  const base = '/api/v1/communities/:id/catalogue';
  const tags = ['catalogue'];
  const noContent = { 204: z.null(), ...errorResponses };

  app.get(
    `${base}/tracks`,
    {
      schema: {
        tags,
        params: zIdParams,
        querystring: zCatalogueQuery,
        response: { 200: zTrackList, ...errorResponses },
      },
      preHandler: read,
    },
    async (request) => {
      const items = await service.listTracks(ctx.db, request.params.id, request.query);
      return { items, total: items.length };
    },
  );
  app.post(
    `${base}/tracks`,
    {
      schema: { tags, params: zIdParams, body: zTrackInput, response: { 201: zTrack, ...errorResponses } },
      preHandler: write,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.createTrack(ctx.db, request.params.id, request.body, actorId(request.principal))),
  );
  app.patch(
    `${base}/tracks/:itemId`,
    {
      schema: {
        tags,
        params: zCatalogueItemParams,
        body: zTrackUpdate,
        response: { 200: zTrack, ...errorResponses },
      },
      preHandler: write,
    },
    async (request) => service.updateTrack(ctx.db, request.params.id, request.params.itemId, request.body),
  );
  app.delete(
    `${base}/tracks/:itemId`,
    { schema: { tags, params: zCatalogueItemParams, response: noContent }, preHandler: write },
    async (request, reply) => {
      await service.deleteTrack(ctx.db, request.params.id, request.params.itemId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/vehicles`,
    {
      schema: {
        tags,
        params: zIdParams,
        querystring: zCatalogueQuery,
        response: { 200: zVehicleList, ...errorResponses },
      },
      preHandler: read,
    },
    async (request) => {
      const items = await service.listVehicles(ctx.db, request.params.id, request.query);
      return { items, total: items.length };
    },
  );
  app.post(
    `${base}/vehicles`,
    {
      schema: {
        tags,
        params: zIdParams,
        body: zVehicleInput,
        response: { 201: zVehicle, ...errorResponses },
      },
      preHandler: write,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.createVehicle(ctx.db, request.params.id, request.body, actorId(request.principal)),
        ),
  );
  app.patch(
    `${base}/vehicles/:itemId`,
    {
      schema: {
        tags,
        params: zCatalogueItemParams,
        body: zVehicleUpdate,
        response: { 200: zVehicle, ...errorResponses },
      },
      preHandler: write,
    },
    async (request) => service.updateVehicle(ctx.db, request.params.id, request.params.itemId, request.body),
  );
  app.delete(
    `${base}/vehicles/:itemId`,
    { schema: { tags, params: zCatalogueItemParams, response: noContent }, preHandler: write },
    async (request, reply) => {
      await service.deleteVehicle(ctx.db, request.params.id, request.params.itemId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/lists`,
    {
      schema: {
        tags,
        params: zIdParams,
        querystring: zCatalogueListQuery,
        response: { 200: zCatalogueListList, ...errorResponses },
      },
      preHandler: read,
    },
    async (request) => {
      const items = await service.listLists(ctx.db, request.params.id, request.query);
      return { items, total: items.length };
    },
  );
  app.post(
    `${base}/lists`,
    {
      schema: {
        tags,
        params: zIdParams,
        body: zCatalogueListInput,
        response: { 201: zCatalogueList, ...errorResponses },
      },
      preHandler: write,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.createList(ctx.db, request.params.id, request.body, actorId(request.principal))),
  );
  app.patch(
    `${base}/lists/:itemId`,
    {
      schema: {
        tags,
        params: zCatalogueItemParams,
        body: zCatalogueListUpdate,
        response: { 200: zCatalogueList, ...errorResponses },
      },
      preHandler: write,
    },
    async (request) => service.updateList(ctx.db, request.params.id, request.params.itemId, request.body),
  );
  app.delete(
    `${base}/lists/:itemId`,
    { schema: { tags, params: zCatalogueItemParams, response: noContent }, preHandler: write },
    async (request, reply) => {
      await service.deleteList(ctx.db, request.params.id, request.params.itemId);
      return reply.code(204).send(null);
    },
  );
};
