import { eq, max, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import type { RealmEntry } from './realms';
import { realms } from './realms.tables';

/** The realms of a region refreshed from Blizzard, as resolver entries. */
export async function findRefreshedRealms(db: Executor, region: string): Promise<RealmEntry[]> {
  const rows = await db.select().from(realms).where(eq(realms.region, region));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    connectedRealmId: r.connectedRealmId,
    locale: null,
    names: r.names,
  }));
}

/** When the region's realms were last refreshed, if ever. */
export async function lastRealmRefresh(db: Executor, region: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(realms.refreshedAt) })
    .from(realms)
    .where(eq(realms.region, region));
  return row?.at ?? null;
}

/** Stores a refreshed realm index: every realm Blizzard listed, replacing what was stored. */
export async function saveRefreshedRealms(
  db: Executor,
  region: string,
  entries: Omit<RealmEntry, 'locale'>[],
  at: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insert(realms)
    .values(entries.map((e) => ({ region, ...e, refreshedAt: at })))
    .onConflictDoUpdate({
      target: [realms.region, realms.id],
      set: {
        slug: sql`excluded.slug`,
        names: sql`excluded.names`,
        connectedRealmId: sql`coalesce(excluded.connected_realm_id, ${realms.connectedRealmId})`,
        refreshedAt: sql`excluded.refreshed_at`,
      },
    });
}
