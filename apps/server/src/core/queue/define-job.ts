import type { Span } from '@opentelemetry/api';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { runInLogScope, withOwnIds } from '../logger';
import { recordJobAttempt } from '../metrics';
import { withSpan } from '../tracing';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles after each failure (with jitter). */
  backoffMs: number;
}

export type JobTrigger = 'schedule' | 'manual' | 'event';

/** How far a run has got: `done` of `total` items (characters, files), with what it is doing. */
export interface JobProgress {
  label?: string;
  done: number;
  total: number;
}

export interface JobContext {
  runId: number;
  attempt: number;
  trigger: JobTrigger;
  log: FastifyBaseLogger;
  /** Records how far the run has got (`guildhall jobs run` shows it); absent where nobody watches. */
  progress?: (p: JobProgress) => void;
}

/**
 * `community`: the payload carries a `communityId` and the run touches only that community, so
 * the community's officers may start it. `installation` (the default): it works across every
 * community and only the installation's owner starts it.
 */
export type JobScope = 'community' | 'installation';

export interface JobDefinition<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  scope?: JobScope;
  /** Cron pattern (croner / BullMQ syntax) in UTC; the scheduled run gets an empty payload `{}`. */
  schedule?: string;
  retry: RetryPolicy;
  handler: (payload: P, ctx: JobContext) => Promise<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type; each validates its own.
export type AnyJobDefinition = JobDefinition<any>;

/**
 * A run that could do nothing because of a permanent configuration problem (no credentials,
 * an unknown realm): a value the handler returns, recorded as `skipped` and never retried,
 * since the next attempt would meet the same problem.
 */
export interface SkippedRun {
  skipped: { code: string; reason: string };
}

export function skipRun<D extends Record<string, unknown>>(
  code: string,
  reason: string,
  details?: D,
): SkippedRun & D {
  return { ...(details ?? ({} as D)), skipped: { code, reason } };
}

/**
 * A run that ran but achieved nothing (every item failed: the provider down, a wrong setup):
 * a value the handler returns, recorded as `failed` with its cause and never retried, since
 * the run already retried its items and the next scheduled run comes anyway.
 */
export interface FailedRun {
  failure: { cause: string };
}

/** `details` are kept beside the cause (`failure`, a key no sync report uses: its `failed` is a count). */
export function failRun<D extends object>(cause: string, details?: D): FailedRun & D {
  return { ...(details ?? ({} as D)), failure: { cause } };
}

export const isFailedRun = (result: unknown): result is FailedRun =>
  !!result &&
  typeof result === 'object' &&
  'failure' in result &&
  !!result.failure &&
  typeof result.failure === 'object' &&
  'cause' in result.failure &&
  typeof result.failure.cause === 'string';

export const isSkippedRun = (result: unknown): result is SkippedRun =>
  !!result &&
  typeof result === 'object' &&
  'skipped' in result &&
  !!result.skipped &&
  typeof result.skipped === 'object' &&
  'code' in result.skipped &&
  typeof result.skipped.code === 'string';

/** Declares a job as data: one definition runs on the in-process runner and on BullMQ. */
export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

/** Exponential backoff with jitter: the delay before attempt `attempt + 1`. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = policy.backoffMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(base / 2 + random() * (base / 2));
}

/** The metric outcome of one attempt: a failure that will be retried is `retried`. */
export function recordAttempt(
  job: string,
  result: { ok: true; value: unknown } | { ok: false; final: boolean },
  durationMs: number,
): void {
  const outcome = result.ok
    ? isSkippedRun(result.value)
      ? 'skipped'
      : isFailedRun(result.value)
        ? 'failed'
        : 'succeeded'
    : result.final
      ? 'failed'
      : 'retried';
  recordJobAttempt(job, outcome, durationMs);
}

/**
 * One attempt of a run in its own scope: every line logged meanwhile carries the run id (the
 * job's `log` carries it in its bindings, deep code logging through `ctx.log` gets it from the
 * scope), and with tracing on the attempt is the root span of a trace of its own, even when it
 * was queued from inside a request.
 */
export function inJobScope<T>(
  run: { job: string; runId: number; attempt: number; trigger: JobTrigger },
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  return runInLogScope({ job: run.job, runId: run.runId }, () =>
    withSpan(
      `job ${run.job}`,
      {
        root: true,
        attributes: {
          'guildhall.job.name': run.job,
          'guildhall.job.run_id': run.runId,
          'guildhall.job.attempt': run.attempt,
          'guildhall.job.trigger': run.trigger,
        },
      },
      work,
    ),
  );
}

/** A job attempt's logger: its bindings carry the run id, so the scope does not add it again. */
export const jobLogger = (log: FastifyBaseLogger, job: string, runId: number, attempt: number) =>
  withOwnIds(log.child({ job, runId, attempt }));
