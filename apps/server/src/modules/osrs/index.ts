import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { osrsBot } from './osrs.bot';
import { osrsJobs } from './osrs.jobs';
import { osrsRoutes } from './osrs.routes';

/**
 * OSRS clan stats: the Wise Old Man harvest (members, snapshots, gains) and its read routes,
 * the static dashboard export and the database backup (issue 12).
 */
export const osrsModule = {
  name: 'osrs',
  routes: osrsRoutes as FastifyPluginAsync<{ ctx: AppContext }>,
  jobs: osrsJobs,
  bot: osrsBot,
};

export { BackupToolMissingError, backupDatabase, listBackups } from './backup';
export { WomError } from './clients/wise-old-man';
export { exportStaticDashboard } from './dashboard';
export { type HarvestReport, harvestCommunity, WOM_CREDENTIAL } from './harvest';
export { harvestableCommunities, OSRS_HARVEST_JOB } from './osrs.jobs';
export { reportDir, writeOsrsReport } from './report';
