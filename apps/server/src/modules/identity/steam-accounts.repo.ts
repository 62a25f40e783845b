import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { linkedAccounts } from './identity.tables';

export type LinkedAccountRow = typeof linkedAccounts.$inferSelect;

/** A user's linked Steam accounts, latest first. */
export async function findSteamAccountsOfUser(db: Executor, userId: string): Promise<LinkedAccountRow[]> {
  return db
    .select()
    .from(linkedAccounts)
    .where(and(eq(linkedAccounts.userId, userId), eq(linkedAccounts.provider, 'steam')))
    .orderBy(desc(linkedAccounts.linkedAt));
}

/** The linked Steam accounts of these users, in slices so a large list stays under the driver's parameter limit. */
export async function findSteamAccountsOfUsers(db: Executor, userIds: string[]): Promise<LinkedAccountRow[]> {
  const rows: LinkedAccountRow[] = [];
  for (let i = 0; i < userIds.length; i += 1000) {
    rows.push(
      ...(await db
        .select()
        .from(linkedAccounts)
        .where(
          and(
            eq(linkedAccounts.provider, 'steam'),
            inArray(linkedAccounts.userId, userIds.slice(i, i + 1000)),
          ),
        )
        .orderBy(linkedAccounts.userId, linkedAccounts.linkedAt)),
    );
  }
  return rows;
}
