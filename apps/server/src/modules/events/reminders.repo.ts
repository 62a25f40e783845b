import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { type ReminderOutcome, reminderDeliveries } from './reminders.tables';

export type ReminderDeliveryRow = typeof reminderDeliveries.$inferSelect;

export async function findDeliveredRecipients(db: Executor, firingId: number): Promise<string[]> {
  const rows = await db
    .select({ recipient: reminderDeliveries.recipient })
    .from(reminderDeliveries)
    .where(eq(reminderDeliveries.firingId, firingId));
  return rows.map((r) => r.recipient);
}

export async function recordDelivery(
  db: Executor,
  values: {
    firingId: number;
    recipient: string;
    outcome: ReminderOutcome;
    messageId: string | null;
    error: string | null;
    at: Date;
  },
): Promise<void> {
  await db.insert(reminderDeliveries).values(values).onConflictDoNothing();
}

/** Who a reminder reached and who it could not, for the web and the tests. */
export async function findDeliveries(db: Executor, firingId: number): Promise<ReminderDeliveryRow[]> {
  return db
    .select()
    .from(reminderDeliveries)
    .where(eq(reminderDeliveries.firingId, firingId))
    .orderBy(asc(reminderDeliveries.recipient));
}
