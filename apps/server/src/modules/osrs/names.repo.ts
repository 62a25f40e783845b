import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { osrsDiscordLinks, osrsDiscordNames } from './discord.tables';
import { osrsMembers } from './osrs.tables';

/** Keeps the name a Discord user last showed (written only when it changed). */
export async function recordSeenName(db: Executor, communityId: string, discordUserId: string, name: string) {
  await db
    .insert(osrsDiscordNames)
    .values({ communityId, discordUserId, name })
    .onConflictDoUpdate({
      target: [osrsDiscordNames.communityId, osrsDiscordNames.discordUserId],
      set: { name, seenAt: sql`now()` },
      setWhere: sql`${osrsDiscordNames.name} <> excluded.name`,
    });
}

export function listSeenNames(db: Executor, communityId: string) {
  return db
    .select({ discordUserId: osrsDiscordNames.discordUserId, name: osrsDiscordNames.name })
    .from(osrsDiscordNames)
    .where(eq(osrsDiscordNames.communityId, communityId));
}

export function listRuleLinks(db: Executor, communityId: string) {
  return db
    .select({ memberId: osrsDiscordLinks.memberId, discordUserId: osrsDiscordLinks.discordUserId })
    .from(osrsDiscordLinks)
    .where(and(eq(osrsDiscordLinks.communityId, communityId), eq(osrsDiscordLinks.source, 'rule')));
}

export async function deleteRuleLinks(db: Executor, communityId: string) {
  await db
    .delete(osrsDiscordLinks)
    .where(and(eq(osrsDiscordLinks.communityId, communityId), eq(osrsDiscordLinks.source, 'rule')));
}

export function listActiveMemberNames(db: Executor, communityId: string) {
  return db
    .select({ id: osrsMembers.id, name: osrsMembers.name })
    .from(osrsMembers)
    .where(and(eq(osrsMembers.communityId, communityId), eq(osrsMembers.active, true)));
}
