import type { TAuditEntry } from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import { type AuditFilter, type AuditInsert, findAudit, insertAudit } from './audit.repo';

/** Who did something: derived from the request's principal, or the CLI / the system itself. */
export interface Actor {
  /** `discord`: someone acting through the bot, by their Discord user id. */
  type: 'user' | 'api_key' | 'cli' | 'system' | 'discord';
  id?: string;
  name?: string;
}

export const systemActor: Actor = { type: 'system', name: 'guildhall' };
export const cliActor: Actor = { type: 'cli', name: 'guildhall CLI' };

export interface AuditEntry {
  communityId: string | null;
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  result?: 'ok' | 'denied' | 'error';
  details?: Record<string, unknown>;
}

/** Appends to the audit trail; pass the transaction so the entry commits with the change. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  const row: AuditInsert = {
    communityId: entry.communityId,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    actorName: entry.actor.name ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    result: entry.result ?? 'ok',
    details: entry.details ?? null,
  };
  await insertAudit(db, row);
}

export async function listAudit(
  db: Executor,
  filter: AuditFilter,
): Promise<{ items: TAuditEntry[]; total: number }> {
  const { rows, total } = await findAudit(db, filter);
  return {
    items: rows.map((r) => ({ ...r, at: r.at.toISOString(), details: r.details ?? null })),
    total,
  };
}
