import { sql } from 'drizzle-orm';
import { doublePrecision, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

/** A community's tracks; a name and layout pair is unique (case-insensitive). */
export const catalogueTracks = pgTable(
  'catalogue_tracks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    country: text('country').notNull().default(''),
    /** The variant ("GP", "Endurance"); empty when the circuit has one. */
    layout: text('layout').notNull().default(''),
    lengthKm: doublePrecision('length_km'),
    /** https only: it is shown in Discord embeds and on the web. */
    imageUrl: text('image_url'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('catalogue_tracks_name').on(t.communityId, sql`lower(${t.name})`, sql`lower(${t.layout})`),
  ],
);

/** A community's vehicles, by name (unique, case-insensitive) and class. */
export const catalogueVehicles = pgTable(
  'catalogue_vehicles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    category: text('category').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('catalogue_vehicles_name').on(t.communityId, sql`lower(${t.name})`)],
);

/** A named list of tracks or vehicles: item ids in order (deleting an item takes it out of its lists). */
export const catalogueLists = pgTable(
  'catalogue_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['track', 'vehicle'] }).notNull(),
    name: text('name').notNull(),
    itemIds: jsonb('item_ids').$type<string[]>().notNull().default([]),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('catalogue_lists_name').on(t.communityId, t.kind, sql`lower(${t.name})`)],
);
