import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

/** The alerts a community can switch on and off, each with its own rule. */
export const alertKinds = [
  'new_member',
  'member_left',
  'score_milestone',
  'online_record',
  'boss_kill',
] as const;
export type AlertKind = (typeof alertKinds)[number];

/** What an installation's operator is told about (see ops-alerts.service.ts). */
export const opsAlertKinds = [
  'job_failing',
  'provider_failing',
  'webhook_broken',
  'backup_failed',
  'disk_filling',
] as const;
export type OpsAlertKind = (typeof opsAlertKinds)[number];

export const opsDestinations = ['ops_webhook', 'ops_channel'] as const;
export type OpsDestination = (typeof opsDestinations)[number];

/**
 * The installation's ops alert settings (one row): a Discord webhook (sealed, replacing
 * `OPS_ALERT_WEBHOOK_URL`), the bot's log channel, and the language of the messages.
 */
export const opsSettings = pgTable('notify_ops_settings', {
  id: integer('id').primaryKey().default(1),
  sealedWebhookUrl: text('sealed_webhook_url'),
  maskedWebhookUrl: text('masked_webhook_url'),
  botLogChannelId: text('bot_log_channel_id'),
  language: text('language', { enum: ['en', 'es'] }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Problems going on now, one row per subject (`job:backup`, `provider:raiderio`, …): when it
 * began names the episode in the alert's dedupe key, and the row's deletion on recovery starts
 * the next episode afresh.
 */
export const opsAlertState = pgTable('notify_ops_alert_state', {
  subject: text('subject').primaryKey(),
  since: timestamp('since', { withTimezone: true }).notNull(),
});

/** A Discord webhook; its URL holds a token, so it is sealed and only ever shown masked. */
export const webhooks = pgTable(
  'notify_webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** AES-256-GCM sealed URL. */
    sealedUrl: text('sealed_url').notNull(),
    maskedUrl: text('masked_url').notNull(),
    /** Alert kinds sent here; null sends every enabled kind. */
    kinds: text('kinds', { enum: alertKinds }).array(),
    enabled: boolean('enabled').notNull().default(true),
    /** Set when Discord answered 401/404: the webhook was deleted or its token revoked. */
    brokenAt: timestamp('broken_at', { withTimezone: true }),
    brokenReason: text('broken_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notify_webhooks_community').on(t.communityId)],
);

export interface AlertRuleConfig {
  /** Score milestones (score_milestone only). */
  thresholds?: number[];
}

/** A community's switch per alert kind; a missing row means the default (on). */
export const alertRules = pgTable(
  'notify_alert_rules',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: alertKinds }).notNull(),
    enabled: boolean('enabled').notNull(),
    config: jsonb('config').$type<AlertRuleConfig>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.kind] })],
);

export const outboxStatuses = ['pending', 'sent', 'failed'] as const;

/**
 * Messages to deliver, one row per webhook. Written in the transaction of the change that
 * causes them; the delivery job sends them. `dedupe_key` makes a rerun of the causing job
 * insert nothing twice.
 */
export const outbox = pgTable(
  'notify_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null for the installation's ops alerts. */
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    /** Null for the installation's ops alerts, which go to `destination` instead. */
    webhookId: uuid('webhook_id').references(() => webhooks.id, { onDelete: 'cascade' }),
    /** An ops alert's target: the installation's webhook or the bot's log channel. */
    destination: text('destination', { enum: opsDestinations }),
    kind: text('kind', { enum: [...alertKinds, ...opsAlertKinds] }).notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** The Discord message body (embeds), rendered in the community's language. */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A delivery job holds the row until then, so two workers never send it twice. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notify_outbox_dedupe').on(t.webhookId, t.dedupeKey),
    // Ops alerts have no webhook row: their key is unique per destination.
    uniqueIndex('notify_outbox_ops_dedupe').on(t.destination, t.dedupeKey).where(sql`${t.webhookId} is null`),
    index('notify_outbox_due').on(t.status, t.nextAttemptAt),
  ],
);
