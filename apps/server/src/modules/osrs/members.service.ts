import {
  OSRS_GAIN_PERIODS,
  type TOsrsGain,
  type TOsrsMember,
  type TOsrsMembers,
  type TOsrsMembersQuery,
} from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import { requireCommunity } from '../communities';
import * as repo from './osrs.repo';

const noGain = (): TOsrsGain => ({
  from: null,
  to: null,
  xp: 0,
  ehp: 0,
  ehb: 0,
  bossKills: 0,
  skills: {},
  bosses: {},
  activities: {},
  other: {},
});

function presentGain(row: repo.GainRow): TOsrsGain {
  return {
    from: row.fromAt?.toISOString() ?? null,
    to: row.toAt?.toISOString() ?? null,
    xp: row.xp,
    ehp: row.ehp,
    ehb: row.ehb,
    bossKills: row.bossKills,
    ...row.metrics,
  };
}

function presentMember(row: repo.MemberRow, gains: repo.GainRow[]): TOsrsMember {
  const byDays = new Map(gains.map((g) => [g.days, g]));
  return {
    womId: row.womId,
    name: row.name,
    aliases: row.aliases,
    role: row.role,
    joinedAt: row.joinedAt?.toISOString() ?? null,
    active: row.active,
    leftAt: row.leftAt?.toISOString() ?? null,
    gains: Object.fromEntries(
      OSRS_GAIN_PERIODS.map((d) => {
        const g = byDays.get(d);
        return [`${d}d`, g ? presentGain(g) : noGain()];
      }),
    ),
  };
}

/** The clan's members by name, with their gains as of the last harvest. */
export async function listMembers(
  db: Executor,
  communityId: string,
  query: TOsrsMembersQuery,
): Promise<TOsrsMembers> {
  await requireCommunity(db, communityId);
  const { rows, total } = await repo.pageMembers(db, communityId, query);
  const gains = await repo.gainsOf(
    db,
    rows.map((r) => r.id),
  );
  const byMember = new Map<string, repo.GainRow[]>();
  for (const g of gains) byMember.set(g.memberId, [...(byMember.get(g.memberId) ?? []), g]);
  return { items: rows.map((r) => presentMember(r, byMember.get(r.id) ?? [])), total };
}
