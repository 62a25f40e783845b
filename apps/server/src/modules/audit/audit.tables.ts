import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditResults = ['ok', 'denied', 'error'] as const;

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** No foreign key: the trail outlives what it describes. */
    communityId: uuid('community_id'),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'cli', 'system', 'discord'] }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    result: text('result', { enum: auditResults }).notNull().default('ok'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_community_at').on(t.communityId, t.at), index('audit_log_action').on(t.action)],
);
