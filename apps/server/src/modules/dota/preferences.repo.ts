import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { linkedAccounts } from '../identity/identity.tables';
import { dotaPreferences } from './dota-preferences.tables';
import type { DotaPreferences, PreferencesChange } from './preferences';

const empty: DotaPreferences = { bracket: null, roles: [], heroPool: [] };

export async function getPreferences(db: Executor, userId: string): Promise<DotaPreferences> {
  const [row] = await db.select().from(dotaPreferences).where(eq(dotaPreferences.userId, userId));
  return row ? { bracket: row.bracket, roles: row.roles, heroPool: row.heroPool } : { ...empty };
}

/** Applies a validated change in one statement and answers the result. */
export async function updatePreferences(
  db: Executor,
  userId: string,
  change: PreferencesChange,
): Promise<DotaPreferences> {
  return db.transaction(async (tx) => {
    const current = await getPreferences(tx, userId);
    const next: DotaPreferences = {
      bracket: change.bracket === undefined ? current.bracket : change.bracket,
      roles: change.roles ? [...change.roles].sort((a, b) => a - b) : current.roles,
      heroPool: change.heroPool ?? current.heroPool,
    };
    await tx
      .insert(dotaPreferences)
      .values({ userId, ...next })
      .onConflictDoUpdate({ target: dotaPreferences.userId, set: { ...next, updatedAt: new Date() } });
    return next;
  });
}

const STEAM_ID64_BASE = 76561197960265728n;

/**
 * The Steam account a user linked (Steam sign-in stores the 64-bit SteamID), with OpenDota's
 * 32-bit account id beside it; undefined when none is linked.
 */
export async function findSteamAccount(
  db: Executor,
  userId: string,
): Promise<{ steamId: string; accountId: number } | undefined> {
  const [row] = await db
    .select({ id: linkedAccounts.providerAccountId })
    .from(linkedAccounts)
    .where(and(eq(linkedAccounts.userId, userId), eq(linkedAccounts.provider, 'steam')));
  if (!row || !/^\d{1,20}$/.test(row.id)) return undefined;
  const n = BigInt(row.id);
  const id64 = n >= STEAM_ID64_BASE ? n : n + STEAM_ID64_BASE;
  const accountId = Number(id64 - STEAM_ID64_BASE);
  if (accountId < 1 || accountId > 4294967294) return undefined;
  return { steamId: id64.toString(), accountId };
}
