import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { sessions, users } from './identity.tables';
import { refreshTokens, tokenFamilies } from './tokens.tables';

export async function insertFamily(db: Executor, values: { userId: string; sessionIdHash: string }) {
  const [row] = await db.insert(tokenFamilies).values(values).returning({ id: tokenFamilies.id });
  return row!.id;
}

export async function insertRefreshToken(
  db: Executor,
  values: { tokenHash: string; familyId: string; expiresAt: Date },
) {
  await db.insert(refreshTokens).values(values);
}

/** A refresh token with what decides whether it may still be used. */
export async function findRefreshToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({
      familyId: refreshTokens.familyId,
      expiresAt: refreshTokens.expiresAt,
      usedAt: refreshTokens.usedAt,
      revokedAt: tokenFamilies.revokedAt,
      userId: users.id,
      deactivatedAt: users.deactivatedAt,
      sessionExpiresAt: sessions.expiresAt,
    })
    .from(refreshTokens)
    .innerJoin(tokenFamilies, eq(tokenFamilies.id, refreshTokens.familyId))
    .innerJoin(users, eq(users.id, tokenFamilies.userId))
    .innerJoin(sessions, eq(sessions.idHash, tokenFamilies.sessionIdHash))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

/** Marks an unused token used; false when it was used already (by a concurrent refresh too). */
export async function spendRefreshToken(db: Executor, tokenHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt)))
    .returning({ familyId: refreshTokens.familyId });
  return rows.length === 1;
}

export async function revokeFamily(db: Executor, familyId: string, reason: string, now: Date) {
  await db
    .update(tokenFamilies)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(tokenFamilies.id, familyId), isNull(tokenFamilies.revokedAt)));
}

/** The user an access token's family still speaks for: live family, live session, active user. */
export async function findFamilyUser(db: Executor, familyId: string, userId: string, now: Date) {
  const [row] = await db
    .select({ user: users })
    .from(tokenFamilies)
    .innerJoin(users, eq(users.id, tokenFamilies.userId))
    .innerJoin(sessions, eq(sessions.idHash, tokenFamilies.sessionIdHash))
    .where(
      and(
        eq(tokenFamilies.id, familyId),
        eq(tokenFamilies.userId, userId),
        isNull(tokenFamilies.revokedAt),
        isNull(users.deactivatedAt),
        gt(sessions.expiresAt, now),
      ),
    );
  return row?.user;
}
