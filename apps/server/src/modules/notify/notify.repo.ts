import { and, asc, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type Executor, returnedIds } from '../../core/db';
import { type AlertKind, type AlertRuleConfig, alertRules, outbox, webhooks } from './notify.tables';

export type WebhookRow = typeof webhooks.$inferSelect;
export type AlertRuleRow = typeof alertRules.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

export async function insertWebhook(db: Executor, values: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(values).returning();
  return row!;
}

export async function findWebhooks(db: Executor, communityId: string): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(eq(webhooks.communityId, communityId))
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

export async function findWebhook(
  db: Executor,
  communityId: string,
  id: string,
): Promise<WebhookRow | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.communityId, communityId), eq(webhooks.id, id)));
  return row;
}

export async function updateWebhook(
  db: Executor,
  communityId: string,
  id: string,
  values: Partial<typeof webhooks.$inferInsert>,
): Promise<WebhookRow | undefined> {
  const [row] = await db
    .update(webhooks)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(webhooks.communityId, communityId), eq(webhooks.id, id)))
    .returning();
  return row;
}

export async function deleteWebhook(db: Executor, communityId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhooks)
    .where(and(eq(webhooks.communityId, communityId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

/** Marks a webhook broken unless it already is; answers whether this call did it. */
export async function markWebhookBroken(
  db: Executor,
  id: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(webhooks)
    .set({ brokenAt: at, brokenReason: reason, updatedAt: at })
    .where(and(eq(webhooks.id, id), isNull(webhooks.brokenAt)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

/** Webhooks that can receive alerts now: enabled and not broken. */
export async function findDeliverableWebhooks(db: Executor, communityId: string): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.communityId, communityId), eq(webhooks.enabled, true), isNull(webhooks.brokenAt)));
}

export async function findAlertRules(db: Executor, communityId: string): Promise<AlertRuleRow[]> {
  return db.select().from(alertRules).where(eq(alertRules.communityId, communityId));
}

export async function upsertAlertRule(
  db: Executor,
  values: { communityId: string; kind: AlertKind; enabled: boolean; config: AlertRuleConfig },
): Promise<AlertRuleRow> {
  const [row] = await db
    .insert(alertRules)
    .values({ ...values, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [alertRules.communityId, alertRules.kind],
      set: { enabled: values.enabled, config: values.config, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

/** Queues messages; a (webhook, dedupe key) already queued is skipped. Answers how many were new. */
export async function insertOutbox(db: Executor, rows: (typeof outbox.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(outbox)
    .values(rows)
    .onConflictDoNothing({ target: [outbox.webhookId, outbox.dedupeKey] })
    .returning({ id: outbox.id });
  return inserted.length;
}

/**
 * Claims due messages for one delivery run: pending, due, not held by another run, on a
 * webhook that is enabled and not broken. `for update skip locked` lets several workers
 * claim at once without taking the same row.
 */
export async function claimDueOutbox(
  db: Executor,
  opts: { communityId?: string; now: Date; holdUntil: Date; limit: number },
): Promise<OutboxRow[]> {
  const now = sql`${opts.now.toISOString()}::timestamptz`;
  const community = opts.communityId ? sql`and o.community_id = ${opts.communityId}` : sql``;
  const claimed = await db.execute(sql`
    update notify_outbox set locked_until = ${opts.holdUntil.toISOString()}::timestamptz
    where id in (
      select o.id from notify_outbox o
      join notify_webhooks w on w.id = o.webhook_id
      where o.status = 'pending' and o.next_attempt_at <= ${now}
        and (o.locked_until is null or o.locked_until < ${now})
        and w.enabled and w.broken_at is null ${community}
      order by o.id
      limit ${opts.limit}
      for update of o skip locked
    )
    returning id`);
  const ids = returnedIds(claimed);
  if (ids.length === 0) return [];
  return db.select().from(outbox).where(inArray(outbox.id, ids)).orderBy(asc(outbox.id));
}

export async function markOutboxSent(db: Executor, id: number, at: Date, attempts: number): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: at, attempts, lockedUntil: null, lastError: null })
    .where(eq(outbox.id, id));
}

export async function rescheduleOutbox(
  db: Executor,
  id: number,
  values: { attempts: number; nextAttemptAt: Date; lastError: string },
): Promise<void> {
  await db
    .update(outbox)
    .set({ ...values, lastError: values.lastError.slice(0, 500), lockedUntil: null })
    .where(eq(outbox.id, id));
}

export async function markOutboxFailed(
  db: Executor,
  id: number,
  attempts: number,
  error: string,
): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'failed', attempts, lastError: error.slice(0, 500), lockedUntil: null })
    .where(eq(outbox.id, id));
}

/** Releases a claim without counting an attempt (the run stopped before trying it). */
export async function releaseOutbox(db: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(outbox).set({ lockedUntil: null }).where(inArray(outbox.id, ids));
}

export async function findOutbox(
  db: Executor,
  communityId: string,
  opts: { limit: number; offset: number },
): Promise<{ rows: OutboxRow[]; total: number }> {
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(outbox)
      .where(eq(outbox.communityId, communityId))
      .orderBy(sql`${outbox.id} desc`)
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(outbox).where(eq(outbox.communityId, communityId)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Drops delivered and given-up messages older than `before`: the outbox is not an archive. */
export async function pruneOutbox(db: Executor, before: Date): Promise<number> {
  const rows = await db
    .delete(outbox)
    .where(and(inArray(outbox.status, ['sent', 'failed']), lte(outbox.createdAt, before)))
    .returning({ id: outbox.id });
  return rows.length;
}
