import { sql } from 'drizzle-orm';
import type { Database } from '../../../core/db';

/** An arbitrary constant: the advisory lock namespace of a community's lake builds. */
const LAKE_LOCK_NAMESPACE = 7_301_996;

/**
 * Runs `fn` holding the community's lake lock for the length of a transaction, so processes
 * sharing one PostgreSQL (API servers, BullMQ workers, the CLI) build a community's silver and
 * gold one at a time. `fn` uses the database through its own connections, not the transaction.
 */
export function withLakeLock<T>(db: Database, communityId: string, fn: () => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LAKE_LOCK_NAMESPACE}, hashtext(${communityId}))`);
    return fn();
  });
}
