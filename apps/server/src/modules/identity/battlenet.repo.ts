import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { linkedAccounts } from './identity.tables';

export type LinkedAccountRow = typeof linkedAccounts.$inferSelect;

export async function findLinkedAccount(
  db: Executor,
  provider: LinkedAccountRow['provider'],
  providerAccountId: string,
): Promise<LinkedAccountRow | undefined> {
  const [row] = await db
    .select()
    .from(linkedAccounts)
    .where(
      and(eq(linkedAccounts.provider, provider), eq(linkedAccounts.providerAccountId, providerAccountId)),
    );
  return row;
}

/** Links the account, or refreshes its display name when it is already linked to this user. */
export async function upsertLinkedAccount(
  db: Executor,
  values: {
    userId: string;
    provider: LinkedAccountRow['provider'];
    providerAccountId: string;
    displayName: string | null;
  },
): Promise<void> {
  await db
    .insert(linkedAccounts)
    .values(values)
    .onConflictDoUpdate({
      target: [linkedAccounts.provider, linkedAccounts.providerAccountId],
      set: { displayName: values.displayName },
    });
}
