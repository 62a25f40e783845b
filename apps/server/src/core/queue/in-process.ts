import type { Span } from '@opentelemetry/api';
import type { Cron } from 'croner';
import { failSpan } from '../tracing';
import type { AnyJobDefinition, JobTrigger } from './define-job';
import { backoffDelay, inJobScope, jobLogger, recordAttempt } from './define-job';
import {
  communityOf,
  createCronSchedules,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type EnqueueOptions,
  endOf,
  errorText,
  type JobQueue,
  progressRecorder,
  type QueueDeps,
  reportRunEnded,
  resolveJob,
  settleWithin,
} from './index';

interface Pending {
  runId: number;
  def: AnyJobDefinition;
  payload: unknown;
  attempt: number;
  trigger: JobTrigger;
}

/**
 * The embedded runner: a FIFO in memory with a small concurrency, retries with backoff,
 * croner for schedules. Runs are recorded in the database, so a restart takes up the
 * ones a stopped process left unfinished.
 */
export function createInProcessQueue(deps: QueueDeps, opts: { concurrency?: number } = {}): JobQueue {
  const defs = new Map<string, AnyJobDefinition>();
  const waiting: Pending[] = [];
  const running = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const concurrency = opts.concurrency ?? 2;
  let consuming = false;
  let closed = false;
  /** Set when the grace period ran out: what the abandoned runs do next is not recorded. */
  let abandoned = false;
  let crons: Cron[] = [];

  function pump(): void {
    while (consuming && !closed && running.size < concurrency && waiting.length > 0) {
      const next = waiting.shift()!;
      const p = execute(next).finally(() => {
        running.delete(p);
        pump();
      });
      running.add(p);
    }
  }

  function execute(job: Pending): Promise<void> {
    const run = { job: job.def.name, runId: job.runId, attempt: job.attempt, trigger: job.trigger };
    return inJobScope(run, (span) => attempt(job, span));
  }

  async function attempt(job: Pending, span: Span | undefined): Promise<void> {
    const started = Date.now();
    await deps.runs.markRunning(job.runId, job.attempt);
    const log = jobLogger(deps.log, job.def.name, job.runId, job.attempt);
    const progress = progressRecorder(deps.runs, job.runId, log);
    try {
      const result = await job.def.handler(job.payload, {
        runId: job.runId,
        attempt: job.attempt,
        trigger: job.trigger,
        log,
        progress: progress.report,
      });
      await progress.flush();
      if (abandoned) return;
      recordAttempt(job.def.name, { ok: true, value: result }, Date.now() - started);
      // Told before the run reads as finished, so whoever waits for it sees what it caused.
      await reportRunEnded(deps, { job: job.def.name, runId: job.runId, ...endOf(result) });
      await deps.runs.markSucceeded(job.runId, result, Date.now() - started);
    } catch (err) {
      // Past the grace period the database may be closing under the job: its run stays
      // recorded as running, and the next start takes it up again.
      if (abandoned) return;
      if (span) failSpan(span, err);
      const final = job.attempt >= job.def.retry.attempts || closed;
      log.warn({ err: errorText(err), final }, 'job attempt failed');
      recordAttempt(job.def.name, { ok: false, final }, Date.now() - started);
      if (final)
        await reportRunEnded(deps, {
          job: job.def.name,
          runId: job.runId,
          outcome: 'failed',
          error: errorText(err),
        });
      await deps.runs.markFailed(job.runId, errorText(err), final, Date.now() - started);
      if (!final) {
        const timer = setTimeout(
          () => {
            retryTimers.delete(timer);
            waiting.push({ ...job, attempt: job.attempt + 1 });
            pump();
          },
          backoffDelay(job.def.retry, job.attempt),
        );
        retryTimers.add(timer);
      }
    }
  }

  const queue: JobQueue = {
    kind: 'inprocess',
    register(list) {
      for (const def of list) defs.set(def.name, def);
    },
    definitions: () => [...defs.values()],
    async enqueue(name, payload, opts: EnqueueOptions = {}) {
      const resolved = resolveJob(defs, name, payload);
      const trigger = opts.trigger ?? 'manual';
      const runId = await deps.runs.create(name, resolved.payload, trigger, communityOf(resolved.payload));
      waiting.push({ runId, def: resolved.def, payload: resolved.payload, attempt: 1, trigger });
      pump();
      return runId;
    },
    async start({ worker, scheduler }) {
      if (worker) {
        const queued = new Set(waiting.map((w) => w.runId));
        for (const run of await deps.runs.listUnfinished()) {
          const def = defs.get(run.jobName);
          // Runs queued by this process before start() are already waiting.
          if (!def || queued.has(run.id)) continue;
          deps.log.info({ job: run.jobName, runId: run.id }, 'resuming a job run left unfinished');
          waiting.push({
            runId: run.id,
            def,
            payload: run.payload,
            attempt: run.attempts + 1,
            trigger: run.trigger,
          });
        }
        consuming = true;
        pump();
      }
      if (scheduler) {
        crons = createCronSchedules([...defs.values()], (def) => {
          queue.enqueue(def.name, {}, { trigger: 'schedule' }).catch((err) => {
            deps.log.error({ job: def.name, err: errorText(err) }, 'scheduled job could not be queued');
          });
        });
      }
    },
    async close() {
      closed = true;
      for (const c of crons) c.stop();
      for (const t of retryTimers) clearTimeout(t);
      const settled = await settleWithin(
        Promise.allSettled([...running]),
        deps.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
      );
      if (!settled) {
        abandoned = true;
        deps.log.warn(
          { running: running.size },
          'shutdown grace period over: running jobs left for the next start',
        );
      }
    },
  };
  return queue;
}
