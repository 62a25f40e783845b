import { zDotaHeroesResponse, zIdParams } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses, sendWithEtag } from '../../core/http';
import { heroesResponse, listHeroes } from './heroes';

/** The data part of the dota module's REST routes: the hero catalogue. */
export const dotaDataRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/communities/:id/dota/heroes',
    {
      schema: {
        tags: ['dota'],
        summary: 'The Dota 2 hero catalogue by id (ids are sparse: size arrays by maxHeroId + 1)',
        params: zIdParams,
        response: { 200: zDotaHeroesResponse, ...errorResponses },
      },
      preHandler: guard({ module: 'dota', level: 'view', scope: 'read' }),
    },
    async (request, reply) => sendWithEtag(request, reply, heroesResponse(await listHeroes(ctx.db))),
  );
};
