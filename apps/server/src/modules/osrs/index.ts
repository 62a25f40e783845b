import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { osrsBot } from './osrs.bot';
import { osrsJobs } from './osrs.jobs';
import { osrsRoutes } from './osrs.routes';

/**
 * OSRS clan stats: the Wise Old Man harvest (members, snapshots, gains) and its read routes.
 * Discord activity, the report, the dashboard and backups come next (issue 12).
 */
export const osrsModule = {
  name: 'osrs',
  routes: osrsRoutes as FastifyPluginAsync<{ ctx: AppContext }>,
  jobs: osrsJobs,
  bot: osrsBot,
};

export { WomError } from './clients/wise-old-man';
export { type HarvestReport, harvestCommunity, WOM_CREDENTIAL } from './harvest';
export { harvestableCommunities, OSRS_HARVEST_JOB } from './osrs.jobs';
