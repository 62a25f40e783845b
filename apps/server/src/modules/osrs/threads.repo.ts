import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { osrsActivityThreads } from './discord.tables';

export type ActivityThreadRow = typeof osrsActivityThreads.$inferSelect;

/** Remembers a thread of a counted channel; false when it was already known (a second dispatch). */
export async function recordThread(
  db: Executor,
  values: { communityId: string; threadId: string; parentChannelId: string; ownerId: string | null },
): Promise<boolean> {
  const rows = await db
    .insert(osrsActivityThreads)
    .values(values)
    .onConflictDoNothing()
    .returning({ threadId: osrsActivityThreads.threadId });
  return rows.length > 0;
}

export async function findThread(
  db: Executor,
  communityId: string,
  threadId: string,
): Promise<ActivityThreadRow | undefined> {
  const [row] = await db
    .select()
    .from(osrsActivityThreads)
    .where(and(eq(osrsActivityThreads.communityId, communityId), eq(osrsActivityThreads.threadId, threadId)));
  return row;
}
