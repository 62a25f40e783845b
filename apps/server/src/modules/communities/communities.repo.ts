import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { communities, communityCredentials } from './communities.tables';

export type CommunityRow = typeof communities.$inferSelect;
export type CommunityInsert = typeof communities.$inferInsert;
export type CredentialRow = typeof communityCredentials.$inferSelect;

export async function insertCommunity(db: Executor, values: CommunityInsert): Promise<CommunityRow> {
  const [row] = await db.insert(communities).values(values).returning();
  return row!;
}

export async function findCommunity(db: Executor, id: string): Promise<CommunityRow | undefined> {
  const [row] = await db.select().from(communities).where(eq(communities.id, id));
  return row;
}

export async function findCommunities(db: Executor, ids?: string[]): Promise<CommunityRow[]> {
  const q = db.select().from(communities);
  return ids ? q.where(inArray(communities.id, ids)).orderBy(communities.name) : q.orderBy(communities.name);
}

export async function updateCommunity(
  db: Executor,
  id: string,
  values: Partial<CommunityInsert>,
): Promise<CommunityRow | undefined> {
  const [row] = await db
    .update(communities)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(communities.id, id))
    .returning();
  return row;
}

export async function setRealmIfUnset(db: Executor, id: string, realm: string): Promise<boolean> {
  const rows = await db
    .update(communities)
    .set({ realm, updatedAt: new Date() })
    .where(and(eq(communities.id, id), or(isNull(communities.realm), eq(communities.realm, ''))))
    .returning({ id: communities.id });
  return rows.length > 0;
}

export async function upsertCredential(
  db: Executor,
  values: { communityId: string; provider: string; sealed: string; masked: Record<string, string> },
): Promise<CredentialRow> {
  const [row] = await db
    .insert(communityCredentials)
    .values(values)
    .onConflictDoUpdate({
      target: [communityCredentials.communityId, communityCredentials.provider],
      set: { sealed: values.sealed, masked: values.masked, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

export async function findCredentials(db: Executor, communityId: string): Promise<CredentialRow[]> {
  return db
    .select()
    .from(communityCredentials)
    .where(eq(communityCredentials.communityId, communityId))
    .orderBy(communityCredentials.provider);
}

export async function findCredential(
  db: Executor,
  communityId: string,
  provider: string,
): Promise<CredentialRow | undefined> {
  const [row] = await db
    .select()
    .from(communityCredentials)
    .where(
      and(eq(communityCredentials.communityId, communityId), eq(communityCredentials.provider, provider)),
    );
  return row;
}

export async function deleteCredential(
  db: Executor,
  communityId: string,
  provider: string,
): Promise<boolean> {
  const rows = await db
    .delete(communityCredentials)
    .where(
      and(eq(communityCredentials.communityId, communityId), eq(communityCredentials.provider, provider)),
    )
    .returning({ id: communityCredentials.id });
  return rows.length > 0;
}
