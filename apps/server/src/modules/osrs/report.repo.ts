import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { osrsDiscordActivity, osrsDiscordLinks } from './discord.tables';
import { osrsGains, osrsHarvests, osrsMembers } from './osrs.tables';

/** Active members by name, with the Discord user they are linked to (null when none). */
export function activeMembersWithLinks(db: Executor, communityId: string) {
  return db
    .select({
      id: osrsMembers.id,
      womId: osrsMembers.womId,
      name: osrsMembers.name,
      role: osrsMembers.role,
      joinedAt: osrsMembers.joinedAt,
      discordUserId: osrsDiscordLinks.discordUserId,
    })
    .from(osrsMembers)
    .leftJoin(osrsDiscordLinks, eq(osrsDiscordLinks.memberId, osrsMembers.id))
    .where(and(eq(osrsMembers.communityId, communityId), eq(osrsMembers.active, true)))
    .orderBy(sql`lower(${osrsMembers.name})`);
}

export async function gainsOfMembers(db: Executor, memberIds: string[]) {
  return memberIds.length ? db.select().from(osrsGains).where(inArray(osrsGains.memberId, memberIds)) : [];
}

/** The community's message counts per user, channel and day since `fromDay` (YYYY-MM-DD, UTC). */
export function discordActivitySince(db: Executor, communityId: string, fromDay: string) {
  return db
    .select({
      discordUserId: osrsDiscordActivity.discordUserId,
      channelId: osrsDiscordActivity.channelId,
      day: osrsDiscordActivity.day,
      messages: osrsDiscordActivity.messages,
    })
    .from(osrsDiscordActivity)
    .where(and(eq(osrsDiscordActivity.communityId, communityId), gte(osrsDiscordActivity.day, fromDay)));
}

/**
 * Each stored window's overall level at its two ends (the snapshots its gain compared), for
 * the level gains; null where a side has no level (an unranked overall).
 */
export async function windowLevelsOf(db: Executor, memberIds: string[]) {
  if (memberIds.length === 0) return [];
  const result = await db.execute(sql`
    select g.member_id, g.days,
      (s1.values -> 'overall' ->> 3)::int as start_level,
      (s2.values -> 'overall' ->> 3)::int as end_level
    from osrs_gains g
      left join osrs_snapshots s1 on s1.member_id = g.member_id and s1.taken_at = g.from_at
      left join osrs_snapshots s2 on s2.member_id = g.member_id and s2.taken_at = g.to_at
    where g.member_id in (${sql.join(
      memberIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
  const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return (result as unknown as { rows: Record<string, unknown>[] }).rows.map((r) => ({
    memberId: String(r.member_id),
    days: Number(r.days),
    start: num(r.start_level),
    end: num(r.end_level),
  }));
}

/** When the community's last harvest finished, or undefined before the first. */
export async function lastHarvestAt(db: Executor, communityId: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: osrsHarvests.finishedAt })
    .from(osrsHarvests)
    .where(eq(osrsHarvests.communityId, communityId))
    .orderBy(desc(osrsHarvests.finishedAt))
    .limit(1);
  return row?.at;
}
