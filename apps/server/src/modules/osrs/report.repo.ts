import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { osrsDiscordActivity, osrsDiscordLinks } from './discord.tables';
import { osrsGains, osrsMembers } from './osrs.tables';

/** Active members by name, with the Discord user they are linked to (null when none). */
export function activeMembersWithLinks(db: Executor, communityId: string) {
  return db
    .select({
      id: osrsMembers.id,
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
