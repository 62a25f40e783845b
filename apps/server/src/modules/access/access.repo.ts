import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { users } from '../identity/identity.tables';
import {
  type ApiKeyScope,
  apiKeys,
  memberships,
  type PermissionLevel,
  permissionGrants,
  type Role,
} from './access.tables';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  db: Executor,
  values: {
    communityId: string;
    name: string;
    scopes: ApiKeyScope[];
    keyHash: string;
    prefix: string;
    createdBy: string;
  },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  return row!;
}

export async function findApiKeyByHash(db: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function findApiKeys(db: Executor, communityId: string): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.communityId, communityId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(
  db: Executor,
  communityId: string,
  id: string,
  now: Date,
): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.communityId, communityId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

/** Records use at most once per `intervalMs` per key, however many requests race. */
export async function touchApiKey(db: Executor, id: string, now: Date, intervalMs: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - intervalMs))),
      ),
    );
}

/** Keeps the latest upload time (uploads of one key may commit out of order). */
export async function recordApiKeyUpload(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUploadAt: sql`greatest(${apiKeys.lastUploadAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(apiKeys.id, id));
}

export async function findRole(db: Executor, communityId: string, userId: string): Promise<Role | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
  return row?.role;
}

export async function upsertMembership(
  db: Executor,
  communityId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db
    .insert(memberships)
    .values({ communityId, userId, role })
    .onConflictDoUpdate({ target: [memberships.communityId, memberships.userId], set: { role } });
}

/** The community's owners, locked until the transaction ends, so two removals cannot both pass the last-owner check. */
export async function lockOwners(db: Executor, communityId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.communityId, communityId), eq(memberships.role, 'owner')))
    .for('update');
  return rows.map((r) => r.userId);
}

/** Removes a user's role in a community and the grants that came with it. */
export async function deleteMembership(
  db: Executor,
  communityId: string,
  userId: string,
): Promise<Role | undefined> {
  await db
    .delete(permissionGrants)
    .where(and(eq(permissionGrants.communityId, communityId), eq(permissionGrants.userId, userId)));
  const [row] = await db
    .delete(memberships)
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)))
    .returning({ role: memberships.role });
  return row?.role;
}

export async function findMemberships(db: Executor, communityId: string) {
  return db
    .select({ userId: memberships.userId, role: memberships.role, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.communityId, communityId))
    .orderBy(users.displayName);
}

export async function findUserMemberships(db: Executor, userId: string) {
  return db.select().from(memberships).where(eq(memberships.userId, userId));
}

export async function findGrants(db: Executor, communityId: string, userId?: string) {
  return db
    .select()
    .from(permissionGrants)
    .where(
      userId
        ? and(eq(permissionGrants.communityId, communityId), eq(permissionGrants.userId, userId))
        : eq(permissionGrants.communityId, communityId),
    );
}

export async function setGrant(
  db: Executor,
  communityId: string,
  userId: string,
  module: string,
  level: PermissionLevel | null,
) {
  if (level === null) {
    await db
      .delete(permissionGrants)
      .where(
        and(
          eq(permissionGrants.communityId, communityId),
          eq(permissionGrants.userId, userId),
          eq(permissionGrants.module, module),
        ),
      );
    return;
  }
  await db
    .insert(permissionGrants)
    .values({ communityId, userId, module, level })
    .onConflictDoUpdate({
      target: [permissionGrants.communityId, permissionGrants.userId, permissionGrants.module],
      set: { level },
    });
}
