import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { dotaDataJobs } from './data.jobs';
import { dotaDataRoutes } from './data.routes';
import { dotaDraftRoutes } from './draft';
import { dotaGraphqlRoutes } from './graphql';
import { loadMatchColumns } from './matches.service';
import { dotaModelJobs } from './model/jobs';
import { dotaServicesFor, releaseDotaServices } from './services';

/**
 * Dota 2 counter-picker (issue 13): public matches from OpenDota or files into Parquet, the
 * joint strength/counter/synergy models, and their interfaces — REST (heroes, draft rooms),
 * GraphQL at /graphql, draft rooms over WebSocket at /ws/draft/:room.
 */
const dotaRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { services, hub } = dotaServicesFor(ctx);
  app.addHook('onClose', () => releaseDotaServices(ctx));
  await app.register(dotaDataRoutes, { ctx });
  await app.register(dotaGraphqlRoutes, { ctx, services });
  await app.register(dotaDraftRoutes, { ctx, services, ...(hub ? { hub } : {}) });
};

export const dotaModule = {
  name: 'dota',
  routes: dotaRoutes,
  jobs: (ctx: AppContext) => [
    ...dotaDataJobs(ctx),
    ...dotaModelJobs(ctx, { loadColumns: loadMatchColumns, schedule: ctx.config.DOTA_MODELS_SCHEDULE }),
  ],
};

export { loadMatchColumns } from './matches.service';
export { buildModels, buildSummaryLines } from './model/registry';
export { installDotaServices } from './services';
