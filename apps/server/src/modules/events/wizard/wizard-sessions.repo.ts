import { and, eq, lte } from 'drizzle-orm';
import type { Executor } from '../../../core/db';
import { wizardSessions } from '../wizard.tables';

export type WizardSessionRow = typeof wizardSessions.$inferSelect;

/** Opens a session unless the owner has one already: then answers undefined (the unique index decides). */
export async function insertSession(
  db: Executor,
  values: typeof wizardSessions.$inferInsert,
): Promise<WizardSessionRow | undefined> {
  const [row] = await db.insert(wizardSessions).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findByOwner(db: Executor, communityId: string, ownerId: string) {
  const [row] = await db
    .select()
    .from(wizardSessions)
    .where(and(eq(wizardSessions.communityId, communityId), eq(wizardSessions.ownerId, ownerId)));
  return row;
}

export async function findByKey(db: Executor, key: string) {
  const [row] = await db.select().from(wizardSessions).where(eq(wizardSessions.key, key));
  return row;
}

/** Writes a change only over the version it was read at; undefined when someone else wrote first. */
export async function updateSession(
  db: Executor,
  id: string,
  version: number,
  set: Partial<Pick<WizardSessionRow, 'step' | 'data' | 'recordId' | 'expiresAt'>>,
): Promise<WizardSessionRow | undefined> {
  const [row] = await db
    .update(wizardSessions)
    .set({ ...set, version: version + 1, updatedAt: new Date() })
    .where(and(eq(wizardSessions.id, id), eq(wizardSessions.version, version)))
    .returning();
  return row;
}

export async function deleteSession(db: Executor, id: string): Promise<boolean> {
  const rows = await db
    .delete(wizardSessions)
    .where(eq(wizardSessions.id, id))
    .returning({ id: wizardSessions.id });
  return rows.length > 0;
}

export async function deleteExpired(db: Executor, communityId: string, ownerId: string, now: Date) {
  await db
    .delete(wizardSessions)
    .where(
      and(
        eq(wizardSessions.communityId, communityId),
        eq(wizardSessions.ownerId, ownerId),
        lte(wizardSessions.expiresAt, now),
      ),
    );
}

/** Every community's wizards that expired before `now`; answers how many went. */
export async function deleteAllExpired(db: Executor, now: Date): Promise<number> {
  const rows = await db
    .delete(wizardSessions)
    .where(lte(wizardSessions.expiresAt, now))
    .returning({ id: wizardSessions.id });
  return rows.length;
}
