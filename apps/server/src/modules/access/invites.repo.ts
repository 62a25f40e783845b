import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { users } from '../identity/identity.tables';
import { type InviteRole, invites } from './invites.tables';

export type InviteRow = typeof invites.$inferSelect & { usedByName: string | null };

export async function insertInvite(
  db: Executor,
  values: { communityId: string; role: InviteRole; tokenHash: string; createdBy: string; expiresAt: Date },
): Promise<InviteRow> {
  const [row] = await db.insert(invites).values(values).returning();
  return { ...row!, usedByName: null };
}

const withUser = {
  id: invites.id,
  communityId: invites.communityId,
  role: invites.role,
  tokenHash: invites.tokenHash,
  createdBy: invites.createdBy,
  createdAt: invites.createdAt,
  expiresAt: invites.expiresAt,
  usedAt: invites.usedAt,
  usedBy: invites.usedBy,
  revokedAt: invites.revokedAt,
  usedByName: users.displayName,
};

export async function findInvites(db: Executor, communityId: string, limit = 200): Promise<InviteRow[]> {
  return db
    .select(withUser)
    .from(invites)
    .leftJoin(users, eq(users.id, invites.usedBy))
    .where(eq(invites.communityId, communityId))
    .orderBy(desc(invites.createdAt))
    .limit(limit);
}

export async function findInviteByHash(db: Executor, tokenHash: string): Promise<InviteRow | undefined> {
  const [row] = await db
    .select(withUser)
    .from(invites)
    .leftJoin(users, eq(users.id, invites.usedBy))
    .where(eq(invites.tokenHash, tokenHash));
  return row;
}

/** Spends an open invite: of two concurrent accepts exactly one gets the row back. */
export async function spendInvite(
  db: Executor,
  tokenHash: string,
  userId: string,
  now: Date,
): Promise<InviteRow | undefined> {
  const [row] = await db
    .update(invites)
    .set({ usedAt: now, usedBy: userId })
    .where(
      and(
        eq(invites.tokenHash, tokenHash),
        isNull(invites.usedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, now),
      ),
    )
    .returning();
  return row ? { ...row, usedByName: null } : undefined;
}

export async function revokeInvite(
  db: Executor,
  communityId: string,
  id: string,
  now: Date,
): Promise<InviteRow | undefined> {
  const [row] = await db
    .update(invites)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invites.communityId, communityId),
        eq(invites.id, id),
        isNull(invites.usedAt),
        isNull(invites.revokedAt),
      ),
    )
    .returning();
  return row ? { ...row, usedByName: null } : undefined;
}
