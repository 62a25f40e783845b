import { and, asc, count, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { linkedAccounts, loginTokens, sessions, users } from './identity.tables';

export type UserRow = typeof users.$inferSelect;

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function insertUser(db: Executor, values: { displayName: string; isInstanceOwner: boolean }) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findInstanceOwner(db: Executor): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.isInstanceOwner, true)).limit(1);
  return row;
}

export async function insertLoginToken(
  db: Executor,
  values: { tokenHash: string; userId: string; expiresAt: Date },
) {
  await db.insert(loginTokens).values(values);
}

/** Marks an unused, unexpired token used and answers its user: one statement, so it works once. */
export async function consumeLoginToken(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(
      and(eq(loginTokens.tokenHash, tokenHash), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)),
    )
    .returning({ userId: loginTokens.userId });
  return row?.userId;
}

export async function insertSession(
  db: Executor,
  values: { idHash: string; userId: string; expiresAt: Date },
) {
  await db.insert(sessions).values(values);
}

export async function findSessionUser(db: Executor, idHash: string, now: Date): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), isNull(users.deactivatedAt)));
  return row?.user;
}

export async function findUsers(db: Executor): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.displayName), asc(users.createdAt));
}

/** Sets or clears the deactivation mark; answers the user, or undefined when there is none with that id. */
export async function setUserDeactivated(
  db: Executor,
  userId: string,
  at: Date | null,
): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ deactivatedAt: at }).where(eq(users.id, userId)).returning();
  return row;
}

/** Ends every session of a user and spends the login links not yet used; answers how many sessions ended. */
export async function deleteUserSessions(db: Executor, userId: string): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ idHash: sessions.idHash });
  await db.delete(loginTokens).where(and(eq(loginTokens.userId, userId), isNull(loginTokens.usedAt)));
  return ended.length;
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/**
 * The Discord account a user signed in with, if any: how the bot and the events know who a
 * Guildhall user is on Discord.
 */
export async function findDiscordAccount(
  db: Executor,
  userId: string,
): Promise<{ discordUserId: string; displayName: string | null } | undefined> {
  const [row] = await db
    .select({ discordUserId: linkedAccounts.providerAccountId, displayName: linkedAccounts.displayName })
    .from(linkedAccounts)
    .where(and(eq(linkedAccounts.userId, userId), eq(linkedAccounts.provider, 'discord')));
  return row;
}
