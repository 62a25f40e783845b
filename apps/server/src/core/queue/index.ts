import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors';
import {
  type AnyJobDefinition,
  isFailedRun,
  isSkippedRun,
  type JobProgress,
  type JobTrigger,
} from './define-job';
import type { JobRun, JobRunStore } from './job-runs.repo';

export type {
  AnyJobDefinition,
  JobContext,
  JobDefinition,
  JobProgress,
  JobScope,
  RetryPolicy,
} from './define-job';
export {
  backoffDelay,
  defineJob,
  type FailedRun,
  failRun,
  isFailedRun,
  isSkippedRun,
  type SkippedRun,
  skipRun,
} from './define-job';
export type { JobRun } from './job-runs.repo';

export type QueueKind = 'inprocess' | 'bullmq';

export interface EnqueueOptions {
  trigger?: JobTrigger;
}

/** Runs job definitions: in this process (embedded) or through BullMQ on Redis. */
export interface JobQueue {
  readonly kind: QueueKind;
  register(defs: AnyJobDefinition[]): void;
  definitions(): AnyJobDefinition[];
  /** Validates the payload, records a run and queues it; answers the run id. */
  enqueue(name: string, payload: unknown, opts?: EnqueueOptions): Promise<number>;
  /** Starts consuming (worker) and/or firing schedules (scheduler). */
  start(opts: { worker: boolean; scheduler: boolean }): Promise<void>;
  /**
   * Stops taking jobs and waits for the running ones for at most the grace period; runs still
   * going then are left as they are recorded, for the next start (or another worker) to take up.
   */
  close(): Promise<void>;
}

/** How a run ended, for whoever watches runs (the ops alerts: a job failing again and again). */
export interface RunEnded {
  job: string;
  runId: number;
  outcome: 'succeeded' | 'skipped' | 'failed';
  error?: string;
}

export interface QueueDeps {
  runs: JobRunStore;
  log: FastifyBaseLogger;
  /** Told when a run has ended (a failure only once it is final); its errors are the caller's. */
  onRunEnded?: (ended: RunEnded) => Promise<void>;
  /** How long close() waits for running jobs (SHUTDOWN_GRACE_MS). */
  graceMs?: number;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** Settles when `work` does or when `ms` have passed, whichever is first; answers whether the work settled. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true as const,
        () => true as const,
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Shared by both runners: look up a definition and validate a payload against it. */
export function resolveJob(defs: Map<string, AnyJobDefinition>, name: string, payload: unknown) {
  const def = defs.get(name);
  if (!def) throw new AppError('JOB_NOT_FOUND', `no job named ${name}`);
  const parsed = def.payload.safeParse(payload ?? {});
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid payload for ${name}: ${parsed.error.issues[0]?.message}`,
    );
  }
  return { def, payload: parsed.data as unknown };
}

export const communityOf = (payload: unknown): string | null =>
  payload &&
  typeof payload === 'object' &&
  'communityId' in payload &&
  typeof payload.communityId === 'string'
    ? payload.communityId
    : null;

/** How a run that returned `result` ended: a `failRun` value is a failure like a throw (ops alerts count it). */
export const endOf = (result: unknown): Pick<RunEnded, 'outcome' | 'error'> =>
  isFailedRun(result)
    ? { outcome: 'failed', error: result.failure.cause }
    : { outcome: isSkippedRun(result) ? 'skipped' : 'succeeded' };

/** Tells the run-ended listener; its failure is logged, never the run's. */
export async function reportRunEnded(deps: QueueDeps, ended: RunEnded): Promise<void> {
  try {
    await deps.onRunEnded?.(ended);
  } catch (err) {
    deps.log.warn({ err: errorText(err), job: ended.job, runId: ended.runId }, 'run-ended listener failed');
  }
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A run's progress reporter: writes the run record when the step or the whole percent
 * changes (a hundred small writes at most per step, whatever the item count), in order.
 * `flush` waits for the writes before the run is marked finished.
 */
export function progressRecorder(runs: JobRunStore, runId: number, log: FastifyBaseLogger) {
  let chain: Promise<void> = Promise.resolve();
  let last = '';
  return {
    report(p: JobProgress): void {
      const pct = p.total > 0 ? Math.floor((p.done * 100) / p.total) : 0;
      const key = `${p.label ?? ''}|${pct}|${p.done === p.total}`;
      if (key === last) return;
      last = key;
      chain = chain
        .then(() => runs.setProgress(runId, p))
        .catch((err) => log.warn({ err: errorText(err), runId }, 'job progress not recorded'));
    },
    flush: () => chain,
  };
}

/**
 * Polls the run record until it finishes: works for both runners and across processes.
 * `onProgress` hears each new progress the run recorded.
 */
export async function waitForRun(
  runs: JobRunStore,
  runId: number,
  timeoutMs: number,
  onProgress?: (p: JobProgress) => void,
): Promise<JobRun> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  for (;;) {
    const run = await runs.get(runId);
    if (run?.progress && onProgress) {
      const key = JSON.stringify(run.progress);
      if (key !== seen) {
        seen = key;
        onProgress(run.progress);
      }
    }
    if (run && (run.status === 'succeeded' || run.status === 'skipped' || run.status === 'failed'))
      return run;
    if (Date.now() > deadline) throw new AppError('UNAVAILABLE', `job run ${runId} did not finish in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function createCronSchedules(defs: AnyJobDefinition[], fire: (def: AnyJobDefinition) => void): Cron[] {
  return defs
    .filter((d) => d.schedule)
    .map((def) => new Cron(def.schedule!, { timezone: 'UTC', protect: true }, () => fire(def)));
}
