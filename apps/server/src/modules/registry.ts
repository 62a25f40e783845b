import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../core/context';
import type { AnyJobDefinition } from '../core/queue';
import { jobsRoutes } from '../core/queue/jobs.routes';
import { accessRoutes } from './access';
import { communitiesRoutes } from './communities';
import { identityRoutes } from './identity';

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
  { name: 'access', routes: accessRoutes },
  { name: 'communities', routes: communitiesRoutes },
  { name: 'jobs', routes: jobsRoutes },
];

export function registerJobs(ctx: AppContext): void {
  for (const m of modules) if (m.jobs) ctx.queue.register(m.jobs(ctx));
}
