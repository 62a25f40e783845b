import type { Executor } from '../../core/db';
import {
  findSteamAccountsOfUser,
  findSteamAccountsOfUsers,
  type LinkedAccountRow,
} from './steam-accounts.repo';
import { isSteamId64, steamId64ToAccountId } from './steam-id';

/** A user's linked Steam account, in both id forms. */
export interface SteamAccount {
  userId: string;
  /** 64-bit SteamID as a decimal string (above 2^53: never a JS number). */
  steamId64: string;
  /** 32-bit account id (OpenDota's `account_id`). */
  accountId32: number;
  displayName: string | null;
  linkedAt: Date;
}

const toAccount = (row: LinkedAccountRow): SteamAccount | null =>
  isSteamId64(row.providerAccountId)
    ? {
        userId: row.userId,
        steamId64: row.providerAccountId,
        accountId32: steamId64ToAccountId(row.providerAccountId),
        displayName: row.displayName === row.providerAccountId ? null : row.displayName,
        linkedAt: row.linkedAt,
      }
    : null;

/** The Steam account the user signs in with (the latest linked, should there be several), if any. */
export async function steamAccountOfUser(db: Executor, userId: string): Promise<SteamAccount | undefined> {
  const rows = await findSteamAccountsOfUser(db, userId);
  for (const row of rows) {
    const account = toAccount(row);
    if (account) return account;
  }
  return undefined;
}

/**
 * The members of a community (its memberships) who linked a Steam account, with their 32-bit
 * account ids: how the dota module ties a community's people to their matches. One row per
 * linked account.
 */
export async function steamAccountIdsOfCommunity(
  db: Executor,
  communityId: string,
): Promise<{ userId: string; accountId32: number }[]> {
  // Imported when called: access builds on identity, so a static import would be a cycle.
  const { listMemberships } = await import('../access');
  const userIds = (await listMemberships(db, communityId)).map((m) => m.userId);
  const rows = await findSteamAccountsOfUsers(db, userIds);
  return rows.flatMap((row) => {
    const account = toAccount(row);
    return account ? [{ userId: account.userId, accountId32: account.accountId32 }] : [];
  });
}
