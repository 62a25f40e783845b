import path from 'node:path';
import type { AppContext } from '../../core/context';
import { getCommunity } from '../communities';
import { writeAtomically } from './backup';
import { renderDashboard } from './dashboard.html';
import * as repo from './dashboard.repo';

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 30;
const TOP = 10;
const BOSS_PODIUM = 3;

type Ranked = { name: string; value: number };

/** Everything the dashboard shows, as inlined in its JSON. */
export interface DashboardModel {
  community: string;
  language: 'en' | 'es';
  timezone: string;
  generatedAt: string;
  /** `heatmap[dow - 1][hour]`: messages, Monday first, in the community's time zone. */
  heatmap: number[][];
  history: { day: string; messages: number; xp: number }[];
  scatter: { name: string; xp: number; messages: number }[];
  bosses: { boss: string; top: Ranked[] }[];
  topXp7: Ranked[];
  topXp30: Ranked[];
  topMessages: Ranked[];
}

export interface ExportOptions {
  now?: Date;
}

/** A local `YYYY-MM-DD` in a time zone. */
const localDay = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);

export async function buildDashboardModel(
  ctx: AppContext,
  communityId: string,
  opts: ExportOptions = {},
): Promise<DashboardModel> {
  const community = await getCommunity(ctx.db, communityId);
  if (!community) throw new Error(`community ${communityId} not found`);
  const now = opts.now ?? new Date();
  const tz = community.timezone;
  const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);

  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const c of await repo.findHourWeekday(ctx.db, communityId, tz, since))
    heatmap[c.dow - 1]![c.hour] = c.messages;

  const days = Array.from({ length: HISTORY_DAYS }, (_, i) =>
    localDay(new Date(now.getTime() - (HISTORY_DAYS - 1 - i) * DAY_MS), tz),
  );
  const messagesPerDay = await repo.findMessagesPerDay(ctx.db, communityId, tz, since);
  // A member's gain between two snapshots counts on the later one's day; the baseline may be older.
  const xpPerDay = new Map<string, number>();
  const series = await repo.findOverallSeries(
    ctx.db,
    communityId,
    new Date(since.getTime() - HISTORY_DAYS * DAY_MS),
  );
  for (let i = 1; i < series.length; i++) {
    const [a, b] = [series[i - 1]!, series[i]!];
    if (a.memberId !== b.memberId || b.takenAt < since || a.xp < 0 || b.xp < 0) continue;
    const day = localDay(b.takenAt, tz);
    xpPerDay.set(day, (xpPerDay.get(day) ?? 0) + Math.max(0, b.xp - a.xp));
  }
  const history = days.map((day) => ({
    day,
    messages: messagesPerDay.get(day) ?? 0,
    xp: xpPerDay.get(day) ?? 0,
  }));

  const members = await repo.findMemberActivity(ctx.db, communityId, localDay(since, 'UTC'));
  const top = (key: 'xp7' | 'xp30' | 'messages'): Ranked[] =>
    members
      .filter((m) => m[key] > 0)
      .sort((a, b) => b[key] - a[key] || a.name.localeCompare(b.name))
      .slice(0, TOP)
      .map((m) => ({ name: m.name, value: m[key] }));

  const perBoss = new Map<string, Ranked[]>();
  for (const { name, values } of await repo.findLatestValues(ctx.db, communityId)) {
    for (const [metric, [code, value]] of Object.entries(values)) {
      if (code !== 'b' || value <= 0) continue;
      perBoss.set(metric, [...(perBoss.get(metric) ?? []), { name, value }]);
    }
  }
  const bosses = [...perBoss.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([boss, list]) => ({
      boss,
      top: list.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name)).slice(0, BOSS_PODIUM),
    }));

  return {
    community: community.name,
    language: community.language === 'es' ? 'es' : 'en',
    timezone: tz,
    generatedAt: now.toISOString(),
    heatmap,
    history,
    scatter: members.map((m) => ({ name: m.name, xp: m.xp30, messages: m.messages })),
    bosses,
    topXp7: top('xp7'),
    topXp30: top('xp30'),
    topMessages: top('messages'),
  };
}

/**
 * Writes the community's dashboard as one self-contained HTML file (no network at all) to
 * `<data>/exports/osrs/<community>/dashboard.html`, plus a time-stamped copy beside it.
 */
export async function exportStaticDashboard(
  ctx: AppContext,
  communityId: string,
  opts: ExportOptions = {},
): Promise<{ path: string }> {
  const model = await buildDashboardModel(ctx, communityId, opts);
  const html = renderDashboard(model);
  const dir = path.join(ctx.config.dataDir, 'exports', 'osrs', communityId);
  const stamp = model.generatedAt.replace(/[:.]/g, '-');
  writeAtomically(path.join(dir, `dashboard-${stamp}.html`), html);
  const target = path.join(dir, 'dashboard.html');
  writeAtomically(target, html);
  return { path: target };
}
