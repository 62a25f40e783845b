import type { Span } from '@opentelemetry/api';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { failSpan } from '../tracing';
import { type AnyJobDefinition, inJobScope, type JobTrigger, jobLogger, recordAttempt } from './define-job';
import {
  communityOf,
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

interface JobData {
  payload: unknown;
  trigger: JobTrigger;
  runId?: number;
}

const QUEUE_NAME = 'jobs';

/**
 * BullMQ on Redis: any number of `guildhall worker` processes consume; schedules are
 * upserted by id, so several schedulers never fire the same tick twice.
 */
export function createBullmqQueue(
  deps: QueueDeps & { redisUrl: string; prefix: string; concurrency?: number },
): JobQueue {
  const defs = new Map<string, AnyJobDefinition>();
  const connection = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<JobData>(QUEUE_NAME, { connection, prefix: deps.prefix });
  let worker: Worker<JobData> | undefined;
  /** Set when the grace period ran out: the abandoned jobs' outcomes are left to BullMQ's stall check. */
  let abandoned = false;

  const running = new Set<Promise<unknown>>();

  /** Tracks each job's promise, so close() can wait for them within the grace period. */
  function track(job: Job<JobData>): Promise<unknown> {
    const p = process(job);
    running.add(p);
    const forget = () => running.delete(p);
    p.then(forget, forget);
    return p;
  }

  async function process(job: Job<JobData>): Promise<unknown> {
    const def = defs.get(job.name);
    if (!def) throw new Error(`no job named ${job.name} in this process`);
    const attempt = job.attemptsMade + 1;
    let runId = job.data.runId;
    if (runId === undefined) {
      // A scheduled job: its run record starts here, once, and follows its retries.
      runId = await deps.runs.create(
        def.name,
        job.data.payload,
        job.data.trigger,
        communityOf(job.data.payload),
      );
      await job.updateData({ ...job.data, runId });
    }
    const known = runId;
    return inJobScope({ job: def.name, runId, attempt, trigger: job.data.trigger }, (span) =>
      attemptRun(def, job, known, attempt, span),
    );
  }

  async function attemptRun(
    def: AnyJobDefinition,
    job: Job<JobData>,
    runId: number,
    attempt: number,
    span: Span | undefined,
  ): Promise<unknown> {
    const started = Date.now();
    await deps.runs.markRunning(runId, attempt);
    const log = jobLogger(deps.log, def.name, runId, attempt);
    const progress = progressRecorder(deps.runs, runId, log);
    try {
      const result = await def.handler(job.data.payload, {
        runId,
        attempt,
        trigger: job.data.trigger,
        log,
        progress: progress.report,
      });
      await progress.flush();
      if (!abandoned) {
        recordAttempt(def.name, { ok: true, value: result }, Date.now() - started);
        await reportRunEnded(deps, { job: def.name, runId, ...endOf(result) });
        await deps.runs.markSucceeded(runId, result, Date.now() - started);
      }
      return result ?? null;
    } catch (err) {
      if (abandoned) throw err;
      if (span) failSpan(span, err);
      const final = attempt >= def.retry.attempts;
      recordAttempt(def.name, { ok: false, final }, Date.now() - started);
      await deps.runs.markFailed(runId, errorText(err), final, Date.now() - started);
      if (final)
        await reportRunEnded(deps, { job: def.name, runId, outcome: 'failed', error: errorText(err) });
      throw err;
    }
  }

  return {
    kind: 'bullmq',
    register(list) {
      for (const def of list) defs.set(def.name, def);
    },
    definitions: () => [...defs.values()],
    async enqueue(name, payload, opts: EnqueueOptions = {}) {
      const resolved = resolveJob(defs, name, payload);
      const trigger = opts.trigger ?? 'manual';
      const runId = await deps.runs.create(name, resolved.payload, trigger, communityOf(resolved.payload));
      await queue.add(
        name,
        { payload: resolved.payload, trigger, runId },
        {
          attempts: resolved.def.retry.attempts,
          backoff: { type: 'exponential', delay: resolved.def.retry.backoffMs },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      );
      return runId;
    },
    async start({ worker: consume, scheduler }) {
      if (scheduler) {
        for (const def of defs.values()) {
          if (!def.schedule) continue;
          await queue.upsertJobScheduler(
            def.name,
            { pattern: def.schedule, tz: 'UTC' },
            {
              name: def.name,
              data: { payload: {}, trigger: 'schedule' },
              opts: {
                attempts: def.retry.attempts,
                backoff: { type: 'exponential', delay: def.retry.backoffMs },
              },
            },
          );
        }
      }
      if (consume) {
        worker = new Worker<JobData>(QUEUE_NAME, track, {
          connection: new Redis(deps.redisUrl, { maxRetriesPerRequest: null }),
          prefix: deps.prefix,
          concurrency: deps.concurrency ?? 2,
        });
        worker.on('error', (err) => deps.log.error({ err: errorText(err) }, 'bullmq worker error'));
        await worker.waitUntilReady();
      }
    },
    async close() {
      // Stop fetching, give the running jobs the grace period, then close; jobs still running
      // are left to BullMQ's stall check, which hands them to another worker (or the next start).
      if (worker) {
        await worker.pause(true);
        const settled = await settleWithin(
          Promise.allSettled([...running]),
          deps.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
        );
        if (!settled) {
          abandoned = true;
          deps.log.warn({ running: running.size }, 'shutdown grace period over: running jobs left to BullMQ');
        }
        await worker.close(!settled);
      }
      await worker?.disconnect();
      await queue.close();
      connection.disconnect();
    },
  };
}
