import type { TEventCaps, TRacingDetails } from '@guildhall/contracts';
import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { users } from '../identity/identity.tables';

/**
 * An event's life: drafted, scheduled (published, sign-ups per its window), active while it
 * runs, completed, then archived. Cancelled is a way out of any state but archived: calendar
 * feeds carry it as STATUS:CANCELLED rather than letting the event vanish.
 */
export const eventStatuses = ['draft', 'scheduled', 'active', 'completed', 'archived', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** A community event (a race, a raid night, a meeting); racing ones carry their track, cars, settings and rules. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** Stored in UTC; `timeZone` (IANA) is the zone it was planned in, for reminders and the calendar. */
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    timeZone: text('time_zone').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(120),
    status: text('status', { enum: eventStatuses }).notNull().default('draft'),
    /** Confirmed seats; past it, sign-ups wait in line. */
    capacity: integer('capacity').notNull(),
    /** Seats per role / per class, on top of the capacity. */
    caps: jsonb('caps').$type<TEventCaps>().notNull().default({}),
    /** The sign-up window; null opens at publication and closes at the start. */
    registrationOpensAt: timestamp('registration_opens_at', { withTimezone: true }),
    registrationClosesAt: timestamp('registration_closes_at', { withTimezone: true }),
    /** Scheduled publication; null publishes only on demand. */
    publishAt: timestamp('publish_at', { withTimezone: true }),
    /** Reminders, in minutes before the start (e.g. 1440, 60, 15). */
    reminderOffsets: jsonb('reminder_offsets').$type<number[]>().notNull().default([]),
    /** Track, vehicles, session settings and rules, for racing events. */
    racing: jsonb('racing').$type<TRacingDetails>(),
    /** Where the bot posts it and the message it keeps up to date. */
    channelId: text('channel_id'),
    messageId: text('message_id'),
    /** The Discord server's native Scheduled Event mirroring it. */
    discordScheduledEventId: text('discord_scheduled_event_id'),
    /** Bumped by every change: a write naming an older version is a 409, and the calendar's SEQUENCE. */
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('events_community_title').on(t.communityId, sql`lower(${t.title})`),
    index('events_community_starts').on(t.communityId, t.startsAt),
  ],
);

export const signupStatuses = ['confirmed', 'waitlisted', 'withdrawn', 'removed'] as const;
export type SignupStatus = (typeof signupStatuses)[number];

/**
 * One Discord user's place in an event: confirmed, waiting in line, withdrawn, or removed
 * (left the server). One row per user and event, so nobody is in twice; signing up again
 * after withdrawing reuses the row and joins the back of the line.
 */
export const eventSignups = pgTable(
  'event_signups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    discordUserId: text('discord_user_id').notNull(),
    displayName: text('display_name').notNull(),
    /** The Guildhall user behind the Discord account, when they signed in with it. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    role: text('role'),
    class: text('class'),
    status: text('status', { enum: signupStatuses }).notNull(),
    /** Arrival order within the event, given under the event's row lock: seats and the waitlist follow it. */
    orderKey: bigint('order_key', { mode: 'number' }).notNull(),
    signedUpAt: timestamp('signed_up_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('event_signups_event_user').on(t.eventId, t.discordUserId),
    index('event_signups_event_order').on(t.eventId, t.orderKey),
  ],
);
