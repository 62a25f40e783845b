import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../core/context';
import type { AnyJobDefinition } from '../core/queue';
import { jobsRoutes } from '../core/queue/jobs.routes';
import { pruneJobRunsJob } from '../core/queue/prune';
import { accessRoutes } from './access';
import { activityRoutes } from './activity';
import { communitiesRoutes } from './communities';
import { dashboardRoutes, seedDemo as seedDashboardDemo } from './dashboard';
import { identityRoutes } from './identity';
// Battle.net login lives beside identity but needs access, members and wow: wired here, not through identity's index.
import { battlenetRoutes } from './identity/battlenet.routes';
import { discordRoutes } from './identity/discord.routes';
import { notifyJobs, notifyRoutes } from './notify';
import { telemetryJobs, telemetryRoutes } from './telemetry';
import { seedDemo as seedWowDemo, withWclAttendance, wowRoutes } from './wow';
import { wowIntegrations } from './wow/integrations';

/** What a module plugs into the app: its routes and its job definitions. */
export interface ModuleDefinition {
  name: string;
  routes?: FastifyPluginAsync<{ ctx: AppContext }>;
  jobs?: (ctx: AppContext) => AnyJobDefinition[];
  /** Fills a demo community with realistic data (`guildhall seed --demo`). */
  seedDemo?: (ctx: AppContext, communityId: string) => Promise<void>;
}

export const modules: ModuleDefinition[] = [
  { name: 'identity', routes: identityRoutes },
  { name: 'battlenet', routes: battlenetRoutes },
  { name: 'discord', routes: discordRoutes },
  { name: 'access', routes: accessRoutes },
  { name: 'communities', routes: communitiesRoutes },
  { name: 'jobs', routes: jobsRoutes, jobs: (ctx) => [pruneJobRunsJob(ctx)] },
  { name: 'wow', routes: wowRoutes, seedDemo: seedWowDemo },
  // Raider.IO, Warcraft Logs, Blizzard: its demo seed builds on the wow module's characters.
  wowIntegrations,
  { name: 'telemetry', routes: telemetryRoutes, jobs: telemetryJobs },
  { name: 'notify', routes: notifyRoutes, jobs: notifyJobs },
  {
    name: 'activity',
    routes: async (app, { ctx }) => {
      await app.register(activityRoutes, { ctx, enrichAttendance: withWclAttendance });
    },
  },
  // Last: its demo seed opens the demo's public pages once the other modules filled it.
  { name: 'dashboard', routes: dashboardRoutes, seedDemo: seedDashboardDemo },
];

export function registerJobs(ctx: AppContext): void {
  for (const m of modules) if (m.jobs) ctx.queue.register(m.jobs(ctx));
}
