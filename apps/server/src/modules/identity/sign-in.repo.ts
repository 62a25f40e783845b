import { and, eq, gt, lte } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { pendingLinks, signInStates } from './identity.tables';

export type SignInStateRow = typeof signInStates.$inferSelect;
export type PendingLinkRow = typeof pendingLinks.$inferSelect;

/** Stores a sign-in state, sweeping the expired ones (there are only ever a few). */
export async function insertSignInState(db: Executor, values: typeof signInStates.$inferInsert, now: Date) {
  await db.delete(signInStates).where(lte(signInStates.expiresAt, now));
  await db.insert(signInStates).values(values);
}

/**
 * Deletes and answers the state when it is this provider's, this browser's and not expired:
 * one statement, so of two callbacks racing with the same state only one gets it.
 */
export async function consumeSignInState(
  db: Executor,
  where: { stateHash: string; provider: SignInStateRow['provider']; browserHash: string },
  now: Date,
): Promise<SignInStateRow | undefined> {
  const [row] = await db
    .delete(signInStates)
    .where(
      and(
        eq(signInStates.stateHash, where.stateHash),
        eq(signInStates.provider, where.provider),
        eq(signInStates.browserHash, where.browserHash),
        gt(signInStates.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

export async function insertPendingLink(db: Executor, values: typeof pendingLinks.$inferInsert, now: Date) {
  await db.delete(pendingLinks).where(lte(pendingLinks.expiresAt, now));
  await db.insert(pendingLinks).values(values);
}

const pendingFor = (
  where: { idHash: string; provider: PendingLinkRow['provider']; userId: string; browserHash: string },
  now: Date,
) =>
  and(
    eq(pendingLinks.idHash, where.idHash),
    eq(pendingLinks.provider, where.provider),
    eq(pendingLinks.userId, where.userId),
    eq(pendingLinks.browserHash, where.browserHash),
    gt(pendingLinks.expiresAt, now),
  );

export async function findPendingLink(
  db: Executor,
  where: Parameters<typeof pendingFor>[0],
  now: Date,
): Promise<PendingLinkRow | undefined> {
  const [row] = await db.select().from(pendingLinks).where(pendingFor(where, now));
  return row;
}

/** Deletes and answers the pending link: the confirmation works once. */
export async function consumePendingLink(
  db: Executor,
  where: Parameters<typeof pendingFor>[0],
  now: Date,
): Promise<PendingLinkRow | undefined> {
  const [row] = await db.delete(pendingLinks).where(pendingFor(where, now)).returning();
  return row;
}

/**
 * Remembers a provider's one-time value (Steam's response nonce) in the states table until
 * it expires; answers false when it was already there. Its browser hash is a marker no
 * browser's hash equals, so it can never be consumed as a state.
 */
export async function rememberOnce(
  db: Executor,
  values: { stateHash: string; provider: SignInStateRow['provider']; expiresAt: Date },
  now: Date,
): Promise<boolean> {
  await db.delete(signInStates).where(lte(signInStates.expiresAt, now));
  const inserted = await db
    .insert(signInStates)
    .values({ ...values, browserHash: 'seen-once' })
    .onConflictDoNothing()
    .returning({ stateHash: signInStates.stateHash });
  return inserted.length === 1;
}
