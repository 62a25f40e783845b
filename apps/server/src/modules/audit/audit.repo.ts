import { and, count, desc, eq, gte, ilike, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { auditLog } from './audit.tables';

export type AuditRow = typeof auditLog.$inferSelect;
export type AuditInsert = typeof auditLog.$inferInsert;

export async function insertAudit(db: Executor, entry: AuditInsert): Promise<void> {
  await db.insert(auditLog).values(entry);
}

export interface AuditFilter {
  /** null: the installation's own entries (users deactivated, sign-ins without a community). */
  communityId: string | null;
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export async function findAudit(db: Executor, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const where: SQL[] = [
    f.communityId === null ? isNull(auditLog.communityId) : eq(auditLog.communityId, f.communityId),
  ];
  if (f.actor) where.push(or(eq(auditLog.actorId, f.actor), ilike(auditLog.actorName, `%${f.actor}%`))!);
  if (f.action) where.push(ilike(auditLog.action, `${f.action}%`));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: count() })
      .from(auditLog)
      .where(and(...where)),
  ]);
  return { rows, total: total?.n ?? 0 };
}
