import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { type Executor, returnedIds } from '../../core/db';
import { jobRuns } from '../../core/queue/job-runs.tables';
import { opsAlertState, opsSettings, outbox } from './notify.tables';

export const findOpsSettings = async (db: Executor) =>
  (await db.select().from(opsSettings).where(eq(opsSettings.id, 1)))[0];

export async function saveOpsSettings(
  db: Executor,
  values: Partial<Omit<typeof opsSettings.$inferInsert, 'id'>>,
): Promise<void> {
  await db
    .insert(opsSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: opsSettings.id, set: { ...values, updatedAt: new Date() } });
}

/** The episode a subject is in: when it began (inserted now when there is none). */
export async function openEpisode(db: Executor, subject: string, now: Date): Promise<Date> {
  await db.insert(opsAlertState).values({ subject, since: now }).onConflictDoNothing();
  const [row] = await db.select().from(opsAlertState).where(eq(opsAlertState.subject, subject));
  return row!.since;
}

export const closeEpisode = (db: Executor, subject: string) =>
  db.delete(opsAlertState).where(eq(opsAlertState.subject, subject));

export async function insertOpsOutbox(db: Executor, rows: (typeof outbox.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(outbox)
    .values(rows)
    .onConflictDoNothing({
      target: [outbox.destination, outbox.dedupeKey],
      where: sql`${outbox.webhookId} is null`,
    })
    .returning({ id: outbox.id });
  return inserted.length;
}

/** Ops alerts queued since a moment (the hourly cap). */
export async function countOpsSince(db: Executor, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(isNull(outbox.webhookId), gte(outbox.createdAt, since)));
  return Number(row?.n ?? 0);
}

/** The statuses of a job's latest finished runs before one run, newest first. */
export async function latestFinishedRuns(db: Executor, jobName: string, beforeRunId: number, limit: number) {
  if (limit <= 0) return [];
  return db
    .select({ id: jobRuns.id, status: jobRuns.status })
    .from(jobRuns)
    .where(
      and(
        eq(jobRuns.jobName, jobName),
        lt(jobRuns.id, beforeRunId),
        sql`${jobRuns.status} in ('succeeded', 'failed', 'skipped')`,
      ),
    )
    .orderBy(desc(jobRuns.id))
    .limit(limit);
}

/** Claims due ops alerts (no webhook row) like claimDueOutbox does community ones. */
export async function claimDueOps(db: Executor, now: Date, holdUntil: Date, limit: number) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const claimed = await db.execute(sql`
    update notify_outbox set locked_until = ${holdUntil.toISOString()}::timestamptz
    where id in (
      select id from notify_outbox
      where webhook_id is null and status = 'pending' and next_attempt_at <= ${at}
        and (locked_until is null or locked_until < ${at})
      order by id limit ${limit}
      for update skip locked
    )
    returning id`);
  const ids = returnedIds(claimed);
  if (ids.length === 0) return [];
  return db.select().from(outbox).where(inArray(outbox.id, ids)).orderBy(asc(outbox.id));
}
