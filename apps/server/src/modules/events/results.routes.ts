import {
  zChampionship,
  zChampionshipEventBody,
  zChampionshipInput,
  zChampionshipList,
  zChampionshipParams,
  zEventResults,
  zIdParams,
  zResultCsv,
  zResultEventParams,
  zResultSheet,
  zStandings,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses } from '../../core/http';
import * as service from './results.service';

const errors = { ...errorResponses, 409: errorResponses[400] };

/**
 * Championships, result sheets and standings. Members read them; officers (or an `events`
 * API key, what a league's own timing tool would use) enter results and set points systems.
 */
export const resultsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const view = guard({ module: 'events', level: 'view', scope: 'events' });
  const manage = guard({ module: 'events', level: 'manage', scope: 'events' });
  // Spreadsheets export CSV: the import takes it raw as well as wrapped in JSON.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/v1/communities/:id/championships',
    {
      schema: { tags: ['events'], params: zIdParams, response: { 200: zChampionshipList, ...errors } },
      preHandler: view,
    },
    async (request) => service.listChampionships(ctx.db, request.params.id),
  );

  app.post(
    '/api/v1/communities/:id/championships',
    {
      schema: {
        tags: ['events'],
        summary: 'A championship with its points system',
        params: zIdParams,
        body: zChampionshipInput,
        response: { 201: zChampionship, ...errors },
      },
      preHandler: manage,
    },
    async (request, reply) =>
      reply.code(201).send(await service.createChampionship(ctx.db, request.params.id, request.body)),
  );

  app.put(
    '/api/v1/communities/:id/championships/:championshipId',
    {
      schema: {
        tags: ['events'],
        summary: 'Renames a championship or changes its points system (every round is rescored)',
        params: zChampionshipParams,
        body: zChampionshipInput,
        response: { 200: zChampionship, ...errors },
      },
      preHandler: manage,
    },
    async (request) =>
      service.updateChampionship(ctx.db, request.params.id, request.params.championshipId, request.body),
  );

  app.post(
    '/api/v1/communities/:id/championships/:championshipId/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Makes an event a round of the championship',
        params: zChampionshipParams,
        body: zChampionshipEventBody,
        response: { 200: zChampionship, ...errors },
      },
      preHandler: manage,
    },
    async (request) =>
      service.addEventToChampionship(
        ctx.db,
        request.params.id,
        request.params.championshipId,
        request.body.eventId,
      ),
  );

  app.get(
    '/api/v1/communities/:id/championships/:championshipId/standings',
    {
      schema: {
        tags: ['events'],
        params: zChampionshipParams,
        response: { 200: zStandings, ...errors },
      },
      preHandler: view,
    },
    async (request) => service.getStandings(ctx.db, request.params.id, request.params.championshipId),
  );

  app.get(
    '/api/v1/communities/:id/events/:eventId/results',
    {
      schema: { tags: ['events'], params: zResultEventParams, response: { 200: zEventResults, ...errors } },
      preHandler: view,
    },
    async (request) => service.getResults(ctx.db, request.params.id, request.params.eventId),
  );

  app.put(
    '/api/v1/communities/:id/events/:eventId/results',
    {
      schema: {
        tags: ['events'],
        summary: "Replaces the event's whole result sheet; its championship's standings follow",
        params: zResultEventParams,
        body: zResultSheet,
        response: { 200: zEventResults, ...errors },
      },
      preHandler: manage,
    },
    async (request) =>
      service.putResults(ctx.db, request.params.id, request.params.eventId, request.body.results),
  );

  app.post(
    '/api/v1/communities/:id/events/:eventId/results/import',
    {
      schema: {
        tags: ['events'],
        summary: 'A result sheet from CSV (header row; `,` or `;`): all lines or none',
        params: zResultEventParams,
        body: z.union([z.string().max(500_000), zResultCsv]),
        response: { 200: zEventResults, ...errors },
      },
      preHandler: manage,
    },
    async (request) =>
      service.importResultsCsv(
        ctx.db,
        request.params.id,
        request.params.eventId,
        typeof request.body === 'string' ? request.body : request.body.csv,
      ),
  );
};
