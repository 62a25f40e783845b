import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { catalogueLists, catalogueTracks, catalogueVehicles } from './catalogue.tables';

export type TrackRow = typeof catalogueTracks.$inferSelect;
export type VehicleRow = typeof catalogueVehicles.$inferSelect;
export type CatalogueListRow = typeof catalogueLists.$inferSelect;
export type ListKind = CatalogueListRow['kind'];

/** `%term%` with LIKE's own wildcards taken literally. */
const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function findTracks(
  db: Executor,
  communityId: string,
  opts: { q?: string; ids?: string[]; limit: number },
): Promise<TrackRow[]> {
  const where: (SQL | undefined)[] = [eq(catalogueTracks.communityId, communityId)];
  if (opts.q)
    where.push(
      or(
        ilike(catalogueTracks.name, contains(opts.q)),
        ilike(catalogueTracks.country, contains(opts.q)),
        ilike(catalogueTracks.layout, contains(opts.q)),
      ),
    );
  if (opts.ids) where.push(opts.ids.length > 0 ? inArray(catalogueTracks.id, opts.ids) : sql`false`);
  return db
    .select()
    .from(catalogueTracks)
    .where(and(...where))
    .orderBy(asc(sql`lower(${catalogueTracks.name})`), asc(catalogueTracks.layout))
    .limit(opts.limit);
}

export async function insertTrack(db: Executor, values: typeof catalogueTracks.$inferInsert) {
  const [row] = await db.insert(catalogueTracks).values(values).returning();
  return row!;
}

export async function updateTrack(
  db: Executor,
  communityId: string,
  id: string,
  set: Partial<typeof catalogueTracks.$inferInsert>,
): Promise<TrackRow | undefined> {
  const [row] = await db
    .update(catalogueTracks)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(catalogueTracks.communityId, communityId), eq(catalogueTracks.id, id)))
    .returning();
  return row;
}

export async function deleteTrack(db: Executor, communityId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(catalogueTracks)
    .where(and(eq(catalogueTracks.communityId, communityId), eq(catalogueTracks.id, id)))
    .returning({ id: catalogueTracks.id });
  return rows.length > 0;
}

export async function findVehicles(
  db: Executor,
  communityId: string,
  opts: { q?: string; ids?: string[]; limit: number },
): Promise<VehicleRow[]> {
  const where: (SQL | undefined)[] = [eq(catalogueVehicles.communityId, communityId)];
  if (opts.q)
    where.push(
      or(
        ilike(catalogueVehicles.name, contains(opts.q)),
        ilike(catalogueVehicles.category, contains(opts.q)),
      ),
    );
  if (opts.ids) where.push(opts.ids.length > 0 ? inArray(catalogueVehicles.id, opts.ids) : sql`false`);
  return db
    .select()
    .from(catalogueVehicles)
    .where(and(...where))
    .orderBy(asc(sql`lower(${catalogueVehicles.name})`))
    .limit(opts.limit);
}

export async function insertVehicle(db: Executor, values: typeof catalogueVehicles.$inferInsert) {
  const [row] = await db.insert(catalogueVehicles).values(values).returning();
  return row!;
}

export async function updateVehicle(
  db: Executor,
  communityId: string,
  id: string,
  set: Partial<typeof catalogueVehicles.$inferInsert>,
): Promise<VehicleRow | undefined> {
  const [row] = await db
    .update(catalogueVehicles)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(catalogueVehicles.communityId, communityId), eq(catalogueVehicles.id, id)))
    .returning();
  return row;
}

export async function deleteVehicle(db: Executor, communityId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(catalogueVehicles)
    .where(and(eq(catalogueVehicles.communityId, communityId), eq(catalogueVehicles.id, id)))
    .returning({ id: catalogueVehicles.id });
  return rows.length > 0;
}

export async function findLists(
  db: Executor,
  communityId: string,
  opts: { kind?: ListKind; q?: string; id?: string; limit: number },
): Promise<CatalogueListRow[]> {
  const where: (SQL | undefined)[] = [eq(catalogueLists.communityId, communityId)];
  if (opts.kind) where.push(eq(catalogueLists.kind, opts.kind));
  if (opts.q) where.push(ilike(catalogueLists.name, contains(opts.q)));
  if (opts.id) where.push(eq(catalogueLists.id, opts.id));
  return db
    .select()
    .from(catalogueLists)
    .where(and(...where))
    .orderBy(asc(sql`lower(${catalogueLists.name})`))
    .limit(opts.limit);
}

export async function insertList(db: Executor, values: typeof catalogueLists.$inferInsert) {
  const [row] = await db.insert(catalogueLists).values(values).returning();
  return row!;
}

export async function updateList(
  db: Executor,
  communityId: string,
  id: string,
  set: Partial<Pick<CatalogueListRow, 'name' | 'itemIds'>>,
): Promise<CatalogueListRow | undefined> {
  const [row] = await db
    .update(catalogueLists)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(catalogueLists.communityId, communityId), eq(catalogueLists.id, id)))
    .returning();
  return row;
}

export async function deleteList(db: Executor, communityId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(catalogueLists)
    .where(and(eq(catalogueLists.communityId, communityId), eq(catalogueLists.id, id)))
    .returning({ id: catalogueLists.id });
  return rows.length > 0;
}

/** Takes a deleted track or vehicle out of every list of its kind that held it. */
export async function removeListItem(db: Executor, communityId: string, kind: ListKind, itemId: string) {
  await db
    .update(catalogueLists)
    .set({ itemIds: sql`${catalogueLists.itemIds} - ${itemId}::text`, updatedAt: new Date() })
    .where(
      and(
        eq(catalogueLists.communityId, communityId),
        eq(catalogueLists.kind, kind),
        sql`${catalogueLists.itemIds} @> ${JSON.stringify([itemId])}::jsonb`,
      ),
    );
}
