import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const jobRunStatuses = ['queued', 'running', 'succeeded', 'skipped', 'failed'] as const;

export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobName: text('job_name').notNull(),
    communityId: uuid('community_id'),
    status: text('status', { enum: jobRunStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    payload: jsonb('payload').$type<unknown>(),
    result: jsonb('result').$type<unknown>(),
    trigger: text('trigger', { enum: ['schedule', 'manual', 'event'] })
      .notNull()
      .default('manual'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    /** How far a running run has got (`JobProgress`), for `guildhall jobs run`. */
    progress: jsonb('progress').$type<{ label?: string; done: number; total: number }>(),
  },
  (t) => [index('job_runs_name_created').on(t.jobName, t.createdAt)],
);
