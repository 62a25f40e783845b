import fs from 'node:fs';
import path from 'node:path';
import {
  type TOsrsRosterMember,
  zIdParams,
  zOsrsDashboard,
  zOsrsPurge,
  zOsrsRoster,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { errorResponses, sendWithEtag } from '../../core/http';
import { noStore } from '../../core/security-headers';
import { buildDashboardModel } from './dashboard';
import { reportDir, writeOsrsReport } from './report';
import { loadReportData, purgeCandidates, purgeWindows, type ReportMember } from './report.data';
import { lastHarvestAt } from './report.repo';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A report member as the web shows it (periods keyed by their days, as strings in JSON). */
const present = (m: ReportMember): TOsrsRosterMember => ({
  womId: m.womId,
  name: m.name,
  role: m.role,
  joinedAt: m.joinedAt?.toISOString() ?? null,
  discordUserId: m.discordUserId,
  xp: m.xp,
  bossKills: m.bossKills,
  ehp: m.ehp,
  ehb: m.ehb,
  levels: m.levels,
  messages: m.messages,
});

/** The newest `.xlsx` in the community's report folder, by its UTC-stamped name. */
function newestReport(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const name = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .sort()
    .at(-1);
  return name ? path.join(dir, name) : undefined;
}

/**
 * The live pages' reads: the static dashboard's model, the roster and the purge list from the
 * report's data, and the newest Excel report. No number is computed here.
 */
export const osrsReadRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const view = guard({ module: 'osrs', level: 'view', scope: 'read' });
  const officers = guard({ module: 'osrs', level: 'manage', scope: 'read' });
  app.get(
    '/api/v1/communities/:id/osrs/dashboard',
    {
      schema: {
        tags: ['osrs'],
        summary:
          "The static dashboard's views, live: heatmap, 30-day history, XP vs messages, bosses, boards",
        params: zIdParams,
        response: { 200: zOsrsDashboard, ...errorResponses },
      },
      preHandler: view,
    },
    async (request) => buildDashboardModel(ctx, request.params.id),
  );
  app.get(
    '/api/v1/communities/:id/osrs/roster',
    {
      schema: {
        tags: ['osrs'],
        summary: 'Active clan members with XP, boss kills, EHP, EHB, levels and messages per window',
        params: zIdParams,
        response: { 200: zOsrsRoster, ...errorResponses },
      },
      preHandler: view,
    },
    async (request, reply) => {
      const data = await loadReportData(ctx.db, request.params.id);
      const harvested = await lastHarvestAt(ctx.db, request.params.id);
      return sendWithEtag(request, reply, {
        // The ETag covers the numbers, not the clock that read them.
        generatedAt: harvested?.toISOString() ?? data.generatedAt.toISOString(),
        harvestedAt: harvested?.toISOString() ?? null,
        items: data.members.map(present),
      });
    },
  );
  app.get(
    '/api/v1/communities/:id/osrs/purge',
    {
      schema: {
        tags: ['osrs'],
        summary: 'Purge candidates: no XP and no Discord message over the inactivity setting (officers)',
        params: zIdParams,
        response: { 200: zOsrsPurge, ...errorResponses },
      },
      preHandler: officers,
    },
    async (request) => {
      const data = await loadReportData(ctx.db, request.params.id);
      return {
        days: data.purgeDays,
        ...purgeWindows(data),
        items: purgeCandidates(data).map(present),
      };
    },
  );
  app.get(
    '/api/v1/communities/:id/osrs/report.xlsx',
    {
      schema: {
        tags: ['osrs'],
        summary: 'The newest Excel report (built now when none was written yet), officers',
        params: zIdParams,
      },
      preHandler: officers,
      config: noStore,
    },
    async (request, reply) => {
      const id = request.params.id;
      const file = newestReport(reportDir(ctx, id)) ?? (await writeOsrsReport(ctx, id));
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="osrs-report-${path.basename(file)}"`)
        .send(fs.createReadStream(file));
    },
  );
};
