import { sql } from 'drizzle-orm';
import type { Executor } from '../db';

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** The server's version and how many migrations the database has applied. */
export async function databaseFacts(db: Executor): Promise<{ serverVersion: string; migrations: number }> {
  const [version] = rowsOf<{ v: string }>(
    await db.execute(sql`select current_setting('server_version') as v`),
  );
  const [applied] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return { serverVersion: version?.v ?? 'unknown', migrations: applied?.n ?? 0 };
}

/** Reclaims dead rows and refreshes the planner's statistics (after a backup). */
export async function vacuumAnalyze(db: Executor): Promise<void> {
  await db.execute(sql`vacuum analyze`);
}
