import { sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';

/** Reclaims dead rows and refreshes the planner's statistics (after a backup). */
export async function vacuumAnalyze(db: Executor): Promise<void> {
  await db.execute(sql`vacuum analyze`);
}
