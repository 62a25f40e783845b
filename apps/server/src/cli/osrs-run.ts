import type { AppContext } from '../core/context';
import { requireCommunity } from '../modules/communities';
import * as osrs from '../modules/osrs';
import type { OperationIO } from './operations';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A backup of the database (then VACUUM ANALYZE), then harvest → report → export for one clan
 * or every OSRS clan with a group. Each step runs on its own: a failed harvest still reports
 * from the last stored gains, a failed report still exports. A line per step; the last two
 * lines are the report's and the dashboard's paths (scripts read them).
 */
export async function runOsrsPipeline(
  ctx: AppContext,
  communityId: string | undefined,
  io?: OperationIO,
): Promise<string[]> {
  const communities = communityId
    ? [await requireCommunity(ctx.db, communityId)]
    : await osrs.harvestableCommunities(ctx);
  const lines: string[] = [];
  const reports: string[] = [];
  const exports: string[] = [];

  const step = async <T>(name: string, c: { id: string; name: string }, work: () => Promise<T>) => {
    try {
      const value = await work();
      ctx.log.info({ communityId: c.id, step: name }, `osrs run: ${name} done`);
      return { ok: true as const, value };
    } catch (err) {
      ctx.log.error({ communityId: c.id, step: name, err }, `osrs run: ${name} failed`);
      // main.ts's OSRS_FAILED_STEP matches this line to exit with 1.
      lines.push(`${name} ${c.name}: failed (${message(err)})`);
      return { ok: false as const };
    }
  };

  const installation = { id: 'installation', name: 'database' };
  const backup = await step('backup', installation, () => osrs.backupDatabase(ctx));
  if (backup.ok) lines.push(`backup: ${backup.value.path}`);

  for (const c of communities) {
    const progress = (name: string) => (p: { step: string; done: number; total: number }) =>
      io?.progress?.({ label: `${name} ${c.name}: ${p.step}`, done: p.done, total: p.total });

    const harvested = await step('harvest', c, async () => {
      const result = await osrs.harvestCommunity(ctx, c.id, { progress: progress('harvest') });
      if ('skipped' in result) throw new Error(result.skipped.reason);
      return result;
    });
    if (harvested.ok)
      lines.push(`harvest ${c.name}: ${harvested.value.members} members, ${harvested.value.calls} calls`);

    const report = await step('report', c, () =>
      osrs.writeOsrsReport(ctx, c.id, { progress: progress('report') }),
    );
    if (report.ok) {
      lines.push(`report ${c.name}: written`);
      reports.push(report.value);
    } else reports.push('failed');

    const exported = await step('export', c, () => osrs.exportStaticDashboard(ctx, c.id));
    if (exported.ok) {
      lines.push(`export ${c.name}: written`);
      exports.push(exported.value.path);
    } else exports.push('failed');
  }
  return [
    ...lines,
    `report: ${reports.join(' ') || 'none (no OSRS community with a Wise Old Man group)'}`,
    `dashboard: ${exports.join(' ') || 'none'}`,
  ];
}
