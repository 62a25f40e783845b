import { and, count, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { isFailedRun, isSkippedRun, type JobProgress, type JobTrigger } from './define-job';
import { type jobRunStatuses, jobRuns } from './job-runs.tables';

export type JobRunStatus = (typeof jobRunStatuses)[number];
export type JobRun = typeof jobRuns.$inferSelect;

function runFilter(filter: { jobName?: string; communityId?: string }): SQL[] {
  const where: SQL[] = [];
  if (filter.jobName) where.push(eq(jobRuns.jobName, filter.jobName));
  if (filter.communityId) where.push(eq(jobRuns.communityId, filter.communityId));
  return where;
}

export function createJobRunStore(db: Executor) {
  return {
    async create(
      jobName: string,
      payload: unknown,
      trigger: JobTrigger,
      communityId?: string | null,
    ): Promise<number> {
      const [row] = await db
        .insert(jobRuns)
        .values({ jobName, payload, trigger, communityId: communityId ?? null })
        .returning({ id: jobRuns.id });
      return row!.id;
    },
    async markRunning(id: number, attempt: number): Promise<void> {
      await db
        .update(jobRuns)
        .set({ status: 'running', attempts: attempt, startedAt: new Date() })
        .where(eq(jobRuns.id, id));
    },
    /**
     * A finished run: `skipped` when the handler returned a configuration problem, `failed`
     * (with its cause) when it returned a run that achieved nothing.
     */
    async markSucceeded(id: number, result: unknown, durationMs: number): Promise<void> {
      const failed = isFailedRun(result);
      await db
        .update(jobRuns)
        .set({
          status: isSkippedRun(result) ? 'skipped' : failed ? 'failed' : 'succeeded',
          result: result ?? null,
          finishedAt: new Date(),
          durationMs,
          lastError: failed ? result.failure.cause.slice(0, 2000) : null,
        })
        .where(eq(jobRuns.id, id));
    },
    async setProgress(id: number, progress: JobProgress): Promise<void> {
      await db.update(jobRuns).set({ progress }).where(eq(jobRuns.id, id));
    },
    /** A failed attempt: back to `queued` while attempts remain, `failed` after the last. */
    async markFailed(id: number, error: string, final: boolean, durationMs: number): Promise<void> {
      await db
        .update(jobRuns)
        .set({
          status: final ? 'failed' : 'queued',
          lastError: error.slice(0, 2000),
          durationMs,
          finishedAt: final ? new Date() : null,
        })
        .where(eq(jobRuns.id, id));
    },
    /** Runs waiting and in progress, for the queue-depth gauge. */
    async depth(): Promise<Record<'queued' | 'running', number>> {
      const rows = await db
        .select({ status: jobRuns.status, n: count() })
        .from(jobRuns)
        .where(inArray(jobRuns.status, ['queued', 'running']))
        .groupBy(jobRuns.status);
      const depth = { queued: 0, running: 0 };
      for (const r of rows) if (r.status === 'queued' || r.status === 'running') depth[r.status] = r.n;
      return depth;
    },
    async get(id: number): Promise<JobRun | undefined> {
      const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, id));
      return row;
    },
    async count(filter: { jobName?: string; communityId?: string }): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(jobRuns)
        .where(and(...runFilter(filter)));
      return row?.n ?? 0;
    },
    async list(filter: {
      jobName?: string;
      communityId?: string;
      limit: number;
      offset: number;
    }): Promise<JobRun[]> {
      const where = runFilter(filter);
      return db
        .select()
        .from(jobRuns)
        .where(and(...where))
        .orderBy(desc(jobRuns.id))
        .limit(filter.limit)
        .offset(filter.offset);
    },
    /** Deletes finished runs older than the cutoff; answers how many. */
    async deleteFinishedBefore(cutoff: Date): Promise<number> {
      const rows = await db
        .delete(jobRuns)
        .where(
          and(inArray(jobRuns.status, ['succeeded', 'skipped', 'failed']), lt(jobRuns.finishedAt, cutoff)),
        )
        .returning({ id: jobRuns.id });
      return rows.length;
    },
    /** Runs a stopped process left queued or running: the in-process runner takes them up again. */
    async listUnfinished(): Promise<JobRun[]> {
      return db
        .select()
        .from(jobRuns)
        .where(inArray(jobRuns.status, ['queued', 'running']))
        .orderBy(jobRuns.id);
    },
  };
}

export type JobRunStore = ReturnType<typeof createJobRunStore>;
