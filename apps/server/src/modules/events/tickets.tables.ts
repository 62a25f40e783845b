import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

export const ticketStatuses = ['open', 'claimed', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** A community's ticket setup, and the counter that numbers its tickets. */
export const ticketConfigs = pgTable('ticket_configs', {
  communityId: uuid('community_id')
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  staffRoleIds: jsonb('staff_role_ids').$type<string[]>().notNull().default([]),
  categoryName: text('category_name').notNull().default('Tickets'),
  logChannelId: text('log_channel_id'),
  /** The next ticket's number; taken with an atomic increment, so two tickets never share one. */
  nextNumber: integer('next_number').notNull().default(1),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A support ticket: a private channel between its creator and the staff while it is open. */
export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    guildId: text('guild_id').notNull(),
    number: integer('number').notNull(),
    subject: text('subject').notNull().default(''),
    status: text('status', { enum: ticketStatuses }).notNull().default('open'),
    /** Null once closed (the channel is deleted; a reopen makes a new one). */
    channelId: text('channel_id'),
    openedBy: text('opened_by').notNull(),
    openedByName: text('opened_by_name').notNull(),
    claimedBy: text('claimed_by'),
    claimedByName: text('claimed_by_name'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    reopenedAt: timestamp('reopened_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_community_number').on(t.communityId, t.number),
    index('tickets_community_status').on(t.communityId, t.status),
    index('tickets_channel').on(t.channelId),
  ],
);

/** What a ticket's channel said when it was closed; one per close, so reopened tickets keep each. */
export const ticketTranscripts = pgTable(
  'ticket_transcripts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    closedBy: text('closed_by').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull().defaultNow(),
    messageCount: integer('message_count').notNull(),
    text: text('text').notNull(),
    /** The log channel's message carrying it, when one was posted. */
    logMessageId: text('log_message_id'),
  },
  (t) => [index('ticket_transcripts_ticket').on(t.ticketId, t.closedAt)],
);
