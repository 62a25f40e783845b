import type { FastifyPluginAsync } from 'fastify';
import { backupJob } from '../core/backup';
import type { AppContext } from '../core/context';
import type { AnyJobDefinition } from '../core/queue';
import { jobsRoutes } from '../core/queue/jobs.routes';
import { pruneJobRunsJob } from '../core/queue/prune';
import { accessRoutes, inviteRoutes } from './access';
import { activityRoutes } from './activity';
import {
  type BotFeature,
  botRoutes,
  botServices,
  discordServerAdminRole,
  type GatewayBot,
  startGatewayBot,
} from './bot';
import { communitiesRoutes } from './communities';
import { dashboardRoutes, seedDemo as seedDashboardDemo } from './dashboard';
import { dotaModule } from './dota';
import { eventsBot, eventsJobs, eventsRoutes, seedEventsDemo } from './events';
import { identityRoutes, tokenRoutes } from './identity';
// Battle.net login lives beside identity but needs access, members and wow: wired here, not through identity's index.
import { battlenetRoutes } from './identity/battlenet.routes';
import { discordRoutes } from './identity/discord.routes';
import { steamRoutes } from './identity/steam.routes';
import { notifyJobs, notifyRoutes } from './notify';
import { osrsModule } from './osrs';
import { seedTelemetryDemo, telemetryJobs, telemetryRoutes } from './telemetry';
import { seedDemo as seedWowDemo, warmParsePool, withWclAttendance, wowRoutes } from './wow';
import { wowIntegrations } from './wow/integrations';

/** What a module plugs into the app: its routes and its job definitions. */
export interface ModuleDefinition {
  name: string;
  routes?: FastifyPluginAsync<{ ctx: AppContext }>;
  jobs?: (ctx: AppContext) => AnyJobDefinition[];
  /** Fills a demo community with realistic data (`guildhall seed --demo`). */
  seedDemo?: (ctx: AppContext, communityId: string) => Promise<void>;
  /** Readies what the module's first request would otherwise wait for (`serve` only). */
  warm?: () => void;
  /** Its Discord commands, components and modals (the bot module routes them). */
  bot?: BotFeature;
}

export const modules: ModuleDefinition[] = [
  { name: 'identity', routes: identityRoutes },
  // Bearer tokens (JWT with refresh) for API clients.
  { name: 'tokens', routes: tokenRoutes },
  { name: 'battlenet', routes: battlenetRoutes },
  { name: 'discord', routes: discordRoutes },
  { name: 'steam', routes: steamRoutes },
  { name: 'access', routes: accessRoutes },
  // Invite links to a community (single use, expiring; the token stored hashed).
  { name: 'invites', routes: inviteRoutes },
  { name: 'communities', routes: communitiesRoutes },
  { name: 'jobs', routes: jobsRoutes, jobs: (ctx) => [pruneJobRunsJob(ctx), backupJob(ctx)] },
  { name: 'wow', routes: wowRoutes, seedDemo: seedWowDemo, warm: warmParsePool },
  // Raider.IO, Warcraft Logs, Blizzard: its demo seed builds on the wow module's characters.
  wowIntegrations,
  // Its demo plays the wow module's members: after wow and its integrations.
  { name: 'telemetry', routes: telemetryRoutes, jobs: telemetryJobs, seedDemo: seedTelemetryDemo },
  { name: 'notify', routes: notifyRoutes, jobs: notifyJobs },
  { name: 'events', routes: eventsRoutes, jobs: eventsJobs, bot: eventsBot, seedDemo: seedEventsDemo },
  osrsModule,
  dotaModule,
  // The Discord bot: its HTTP interactions endpoint routes every module's `bot` feature.
  {
    name: 'bot',
    routes: async (app, { ctx }) => {
      await app.register(botRoutes, { ctx, features: botFeatures() });
    },
  },
  {
    name: 'activity',
    routes: async (app, { ctx }) => {
      await app.register(activityRoutes, { ctx, enrichAttendance: withWclAttendance });
    },
  },
  // Last: its demo seed opens the demo's public pages once the other modules filled it.
  { name: 'dashboard', routes: dashboardRoutes, seedDemo: seedDashboardDemo },
];

/** Called by `serve` before it listens: worker threads start while the first requests are still on their way. */
export function warmModules(): void {
  for (const m of modules) m.warm?.();
}

/** Every module's Discord feature, for the bot's router. */
export function botFeatures(): BotFeature[] {
  return modules.flatMap((m) => (m.bot ? [m.bot] : []));
}

/** Roles from outside Guildhall's memberships: a linked Discord server's admins act as the community's officers. */
export function externalRoles(ctx: AppContext) {
  return discordServerAdminRole(ctx, botServices(ctx, botFeatures()).rest);
}

/** Connects the Discord bot to the gateway (`guildhall bot`, or `serve` when DISCORD_TOKEN is set). */
export function startDiscordBot(ctx: AppContext): Promise<GatewayBot> {
  return startGatewayBot(ctx, botServices(ctx, botFeatures()));
}

export function registerJobs(ctx: AppContext): void {
  for (const m of modules) if (m.jobs) ctx.queue.register(m.jobs(ctx));
}
