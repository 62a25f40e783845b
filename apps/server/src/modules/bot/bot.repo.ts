import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { memberships } from '../access/access.tables';
import { linkedAccounts, users } from '../identity/identity.tables';
import {
  type BotLanguage,
  type BotModule,
  commandLog,
  type GrantSubject,
  guildLinks,
  moduleGrants,
} from './bot.tables';

export type GuildLinkRow = typeof guildLinks.$inferSelect;
export type CommandLogRow = typeof commandLog.$inferSelect;
export type CommandLogInsert = typeof commandLog.$inferInsert;
export type ModuleGrantRow = typeof moduleGrants.$inferSelect;

export async function findGuildLink(db: Executor, guildId: string): Promise<GuildLinkRow | undefined> {
  const [row] = await db.select().from(guildLinks).where(eq(guildLinks.guildId, guildId));
  return row;
}

/** Links (or re-links) a server; its language is kept when it stays with the same community. */
export async function upsertGuildLink(
  db: Executor,
  values: { guildId: string; communityId: string; linkedBy: string },
): Promise<GuildLinkRow> {
  const [row] = await db
    .insert(guildLinks)
    .values(values)
    .onConflictDoUpdate({
      target: guildLinks.guildId,
      set: { communityId: values.communityId, linkedBy: values.linkedBy, linkedAt: new Date() },
    })
    .returning();
  return row!;
}

export async function setGuildLanguage(db: Executor, guildId: string, language: BotLanguage | null) {
  const [row] = await db
    .update(guildLinks)
    .set({ language })
    .where(eq(guildLinks.guildId, guildId))
    .returning();
  return row;
}

/** The Guildhall user signed in with this Discord account, and their role in the community. */
export async function findDiscordUserRole(db: Executor, communityId: string, discordUserId: string) {
  const [row] = await db
    .select({ userId: users.id, role: memberships.role, isInstanceOwner: users.isInstanceOwner })
    .from(linkedAccounts)
    .innerJoin(users, eq(users.id, linkedAccounts.userId))
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.communityId, communityId)))
    .where(and(eq(linkedAccounts.provider, 'discord'), eq(linkedAccounts.providerAccountId, discordUserId)));
  return row;
}

export async function insertCommandLog(db: Executor, rows: CommandLogInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(commandLog).values(rows);
}

export async function findCommandLog(
  db: Executor,
  communityId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: CommandLogRow[]; total: number }> {
  const where = eq(commandLog.communityId, communityId);
  const rows = await db
    .select()
    .from(commandLog)
    .where(where)
    .orderBy(desc(commandLog.at), desc(commandLog.id))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(commandLog).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function insertModuleGrant(
  db: Executor,
  values: {
    communityId: string;
    module: BotModule;
    subjectType: GrantSubject;
    subjectId: string;
    grantedBy: string;
  },
): Promise<void> {
  await db.insert(moduleGrants).values(values).onConflictDoNothing();
}

export async function deleteModuleGrant(
  db: Executor,
  key: { communityId: string; module: BotModule; subjectType: GrantSubject; subjectId: string },
): Promise<boolean> {
  const rows = await db
    .delete(moduleGrants)
    .where(
      and(
        eq(moduleGrants.communityId, key.communityId),
        eq(moduleGrants.module, key.module),
        eq(moduleGrants.subjectType, key.subjectType),
        eq(moduleGrants.subjectId, key.subjectId),
      ),
    )
    .returning({ module: moduleGrants.module });
  return rows.length > 0;
}

export async function findModuleGrants(
  db: Executor,
  communityId: string,
  modules?: BotModule[],
): Promise<ModuleGrantRow[]> {
  return db
    .select()
    .from(moduleGrants)
    .where(
      modules
        ? and(eq(moduleGrants.communityId, communityId), inArray(moduleGrants.module, modules))
        : eq(moduleGrants.communityId, communityId),
    )
    .orderBy(moduleGrants.module, moduleGrants.subjectType, moduleGrants.subjectId);
}

export async function findGuildLinksOf(db: Executor, communityId: string): Promise<GuildLinkRow[]> {
  return db
    .select()
    .from(guildLinks)
    .where(eq(guildLinks.communityId, communityId))
    .orderBy(guildLinks.linkedAt);
}

export async function deleteGuildLink(db: Executor, communityId: string, guildId: string): Promise<boolean> {
  const rows = await db
    .delete(guildLinks)
    .where(and(eq(guildLinks.communityId, communityId), eq(guildLinks.guildId, guildId)))
    .returning({ guildId: guildLinks.guildId });
  return rows.length > 0;
}
