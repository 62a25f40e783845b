import { OSRS_GAIN_PERIODS } from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import { requireCommunity } from '../communities';
import { levelGain } from './gains';
import type { MetricValue } from './osrs.tables';
import * as repo from './report.repo';

const DAY_MS = 86_400_000;
/** Discord windows: a year of message counts is not kept worth showing per member. */
export const MESSAGE_PERIODS = [7, 30, 90] as const;
export type GainPeriod = (typeof OSRS_GAIN_PERIODS)[number];
export type MessagePeriod = (typeof MESSAGE_PERIODS)[number];

export interface RankRule {
  role: string;
  afterDays: number;
}

export interface ReportMember {
  womId: number;
  name: string;
  role: string;
  joinedAt: Date | null;
  discordUserId: string | null;
  messages: Record<MessagePeriod, number>;
  xp: Record<GainPeriod, number>;
  bossKills: Record<GainPeriod, number>;
  ehp: Record<GainPeriod, number>;
  ehb: Record<GainPeriod, number>;
  /** Total levels gained over each window. */
  levels: Record<GainPeriod, number>;
  bosses: Record<GainPeriod, Record<string, number>>;
}

export interface ReportData {
  communityName: string;
  language: 'en' | 'es';
  generatedAt: Date;
  purgeDays: number;
  rankRules: RankRule[];
  members: ReportMember[];
  channels: { channelId: string; messages: Record<MessagePeriod, number> }[];
}

const zeros = <P extends number>(periods: readonly P[]) =>
  Object.fromEntries(periods.map((p) => [p, 0])) as Record<P, number>;

/** A stored overall level as `levelGain` reads it (undefined: no data). */
const levelOf = (level: number | undefined): MetricValue | undefined =>
  level === undefined ? undefined : { kind: 'skill', value: 0, level };

/** The UTC day `days` before `now`, as the activity table's `date` keys it. */
const dayKey = (now: Date, days: number) =>
  new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);

/**
 * Everything the report shows, read once: active members with their gains as of the last
 * harvest, and Discord message counts through the member links (0 for a member without a link
 * or without counted messages, as the activity table may be empty).
 */
export async function loadReportData(
  db: Executor,
  communityId: string,
  now = new Date(),
): Promise<ReportData> {
  const community = await requireCommunity(db, communityId);
  const members = await repo.activeMembersWithLinks(db, communityId);
  const gains = await repo.gainsOfMembers(
    db,
    members.map((m) => m.id),
  );
  const levels = new Map(
    (
      await repo.windowLevelsOf(
        db,
        members.map((m) => m.id),
      )
    ).map((l) => [`${l.memberId}:${l.days}`, l]),
  );
  const activity = await repo.discordActivitySince(
    db,
    communityId,
    dayKey(now, Math.max(...MESSAGE_PERIODS)),
  );
  const byUser = new Map<string, Record<MessagePeriod, number>>();
  const byChannel = new Map<string, Record<MessagePeriod, number>>();
  for (const row of activity) {
    const user = byUser.get(row.discordUserId) ?? zeros(MESSAGE_PERIODS);
    const channel = byChannel.get(row.channelId) ?? zeros(MESSAGE_PERIODS);
    for (const p of MESSAGE_PERIODS) {
      // `day >= today − p` counts p + 1 days with today's partial one; WOM's windows do the same.
      if (row.day < dayKey(now, p)) continue;
      user[p] += row.messages;
      channel[p] += row.messages;
    }
    byUser.set(row.discordUserId, user);
    byChannel.set(row.channelId, channel);
  }

  return {
    communityName: community.name,
    language: community.language,
    generatedAt: now,
    purgeDays: community.inactivityDays,
    rankRules: [...(community.settings.osrsRankRules ?? [])].sort((a, b) => a.afterDays - b.afterDays),
    members: members.map((m) => {
      const own = gains.filter((g) => g.memberId === m.id);
      const at = (p: GainPeriod) => own.find((g) => g.days === p);
      const per = <T>(f: (p: GainPeriod) => T) =>
        Object.fromEntries(OSRS_GAIN_PERIODS.map((p) => [p, f(p)])) as Record<GainPeriod, T>;
      const level = (p: GainPeriod) => {
        const w = levels.get(`${m.id}:${p}`);
        return levelGain(levelOf(w?.start), levelOf(w?.end));
      };
      return {
        womId: m.womId,
        name: m.name,
        role: m.role,
        joinedAt: m.joinedAt,
        discordUserId: m.discordUserId,
        messages: (m.discordUserId && byUser.get(m.discordUserId)) || zeros(MESSAGE_PERIODS),
        xp: per((p) => at(p)?.xp ?? 0),
        bossKills: per((p) => at(p)?.bossKills ?? 0),
        ehp: per((p) => at(p)?.ehp ?? 0),
        ehb: per((p) => at(p)?.ehb ?? 0),
        levels: per(level),
        bosses: per((p) => at(p)?.metrics.bosses ?? {}),
      };
    }),
    channels: [...byChannel.entries()]
      .map(([channelId, messages]) => ({ channelId, messages }))
      .sort((a, b) => b.messages[30] - a.messages[30] || a.channelId.localeCompare(b.channelId)),
  };
}

/**
 * Purge candidates: no experience gained and no Discord message in the last `purgeDays`.
 * The gain windows are 7/30/90/365 days, so the check uses the smallest window that covers
 * `purgeDays` (a longer quiet spell is still quiet over any shorter one).
 */
export function purgeWindows(data: Pick<ReportData, 'purgeDays'>) {
  return {
    gainWindow: OSRS_GAIN_PERIODS.find((p) => p >= data.purgeDays) ?? OSRS_GAIN_PERIODS.at(-1)!,
    messageWindow: MESSAGE_PERIODS.find((p) => p >= data.purgeDays) ?? MESSAGE_PERIODS.at(-1)!,
  };
}

export function purgeCandidates(data: ReportData): ReportMember[] {
  const { gainWindow, messageWindow } = purgeWindows(data);
  return data.members.filter((m) => m.xp[gainWindow] <= 0 && m.messages[messageWindow] <= 0);
}

export interface Tenure {
  member: ReportMember;
  days: number | null;
  /** The highest rank the rules give for this tenure, and the next one with the day it is due. */
  deserved: string | null;
  next: { role: string; dueAt: Date; inDays: number } | null;
}

/** Days in the clan and the next rank due by the community's rules (`settings.osrsRankRules`). */
export function tenure(data: ReportData): Tenure[] {
  return data.members.map((member) => {
    if (!member.joinedAt) return { member, days: null, deserved: null, next: null };
    const days = Math.floor((data.generatedAt.getTime() - member.joinedAt.getTime()) / DAY_MS);
    const reached = data.rankRules.filter((r) => r.afterDays <= days);
    const rule = data.rankRules.find((r) => r.afterDays > days);
    return {
      member,
      days,
      deserved: reached.at(-1)?.role ?? null,
      next: rule
        ? {
            role: rule.role,
            dueAt: new Date(member.joinedAt.getTime() + rule.afterDays * DAY_MS),
            inDays: rule.afterDays - days,
          }
        : null,
    };
  });
}
