import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { telemetryIdempotencyKeys as keys } from './idempotency.tables';

export type IdempotencyRecord = typeof keys.$inferSelect;

/**
 * Takes the key for this request: inserts a pending claim, or answers the row that already
 * holds the key. Insert-or-nothing on the primary key, so of two concurrent requests exactly
 * one gets `claimed: true`.
 */
export async function claimIdempotencyKey(
  db: Executor,
  claim: { communityId: string; key: string; requestSha256: string; batchId: string; at: Date },
): Promise<{ claimed: true; record: IdempotencyRecord } | { claimed: false; record: IdempotencyRecord }> {
  const [inserted] = await db
    .insert(keys)
    .values({
      communityId: claim.communityId,
      key: claim.key,
      requestSha256: claim.requestSha256,
      batchId: claim.batchId,
      state: 'pending',
      createdAt: claim.at,
      claimedAt: claim.at,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { claimed: true, record: inserted };
  const [existing] = await db
    .select()
    .from(keys)
    .where(and(eq(keys.communityId, claim.communityId), eq(keys.key, claim.key)));
  if (!existing) {
    // The holder released the key between our insert and our read: try once more.
    return claimIdempotencyKey(db, claim);
  }
  return { claimed: false, record: existing };
}

/**
 * Takes over a pending claim whose holder stopped (crashed) before finishing: only one
 * request wins, the one whose update still sees the old `claimed_at`.
 */
export async function reclaimStaleKey(db: Executor, record: IdempotencyRecord, at: Date): Promise<boolean> {
  const rows = await db
    .update(keys)
    .set({ claimedAt: at })
    .where(
      and(
        eq(keys.communityId, record.communityId),
        eq(keys.key, record.key),
        eq(keys.state, 'pending'),
        eq(keys.claimedAt, record.claimedAt),
      ),
    )
    .returning({ key: keys.key });
  return rows.length === 1;
}

export async function completeIdempotencyKey(
  db: Executor,
  record: Pick<IdempotencyRecord, 'communityId' | 'key'>,
  response: { status: number; body: unknown },
): Promise<void> {
  await db
    .update(keys)
    .set({ state: 'done', responseStatus: response.status, responseBody: response.body })
    .where(and(eq(keys.communityId, record.communityId), eq(keys.key, record.key)));
}

/** Gives the key back after a failure that stored nothing, so a retry starts afresh. */
export async function releaseIdempotencyKey(
  db: Executor,
  record: Pick<IdempotencyRecord, 'communityId' | 'key'>,
): Promise<void> {
  await db
    .delete(keys)
    .where(
      and(eq(keys.communityId, record.communityId), eq(keys.key, record.key), eq(keys.state, 'pending')),
    );
}

/** Forgets keys first used before `before`; answers how many. */
export async function pruneIdempotencyKeys(db: Executor, before: Date): Promise<number> {
  const rows = await db.delete(keys).where(lt(keys.createdAt, before)).returning({ key: keys.key });
  return rows.length;
}
