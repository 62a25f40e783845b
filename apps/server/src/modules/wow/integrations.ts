import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { queueAlertsForEvents } from '../notify';
import { blizzardEndpoints, createBattleNetUserClient } from './clients/blizzard';
import { onIngestEvents } from './ingest-hooks';
import { integrationJobs } from './integrations.jobs';
import { integrationRoutes } from './integrations.routes';
import { seedIntegrationsDemo } from './integrations.seed';
import { httpDeps } from './integrations.service';

/**
 * The WoW module's outside services (Raider.IO, Warcraft Logs, Blizzard) as one plug-in:
 * registered in the registry after the wow module itself.
 */
export const wowIntegrations = {
  name: 'wow-integrations',
  routes: integrationRoutes as FastifyPluginAsync<{ ctx: AppContext }>,
  jobs: integrationJobs,
  seedDemo: seedIntegrationsDemo,
};

// Alerts for joins, leaves, milestones and online records commit with the upload that found them.
onIngestEvents((tx, community, events) => queueAlertsForEvents(tx, community, events).then(() => undefined));

export { ProviderError } from '../../core/outbound/http-client';
export { parseBracket } from './clients/warcraftlogs';
export { memberParses, mythicPlus, realmResolver, withWclAttendance } from './integrations.service';
export { guessRealmSlug, RealmResolver, realmKey } from './realms';

/** Battle.net endpoints and the signed-in user's API, for the Battle.net login (identity module). */
export function battleNetUserApi(ctx: AppContext, region: string, clientId: string) {
  const endpoints = blizzardEndpoints(ctx.config, region);
  return {
    oauthBaseUrl: endpoints.oauthBaseUrl,
    ...createBattleNetUserClient({ ...httpDeps(ctx), ...endpoints, region, clientId }),
  };
}
