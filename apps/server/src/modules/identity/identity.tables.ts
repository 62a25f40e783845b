import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  displayName: text('display_name').notNull(),
  /** The installation's owner: may create communities and sees every one. */
  isInstanceOwner: boolean('is_instance_owner').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set by the installation's owner: the user's sessions are gone and no sign-in opens a new one. */
  deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
});

/** Server-side sessions: the cookie carries a signed random id whose hash is stored here. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const loginTokens = pgTable('login_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export const linkProviders = ['discord', 'battlenet', 'steam'] as const;

export const linkedAccounts = pgTable(
  'linked_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: linkProviders }).notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    displayName: text('display_name'),
    /** Sealed OAuth tokens (AES-256-GCM), when the provider gives any. */
    sealedTokens: text('sealed_tokens'),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('linked_accounts_provider').on(t.provider, t.providerAccountId)],
);

/**
 * A provider sign-in in progress (OAuth state, or Steam's OpenID nonce): stored hashed, bound
 * to the browser that started it (the hash of its `gh_browser` cookie), and deleted by the
 * callback that uses it, so it works once and only before it expires.
 */
export const signInStates = pgTable(
  'sign_in_states',
  {
    stateHash: text('state_hash').primaryKey(),
    provider: text('provider', { enum: linkProviders }).notNull(),
    browserHash: text('browser_hash').notNull(),
    /** What the sign-in is for (Battle.net: the community), read back by the callback. */
    context: jsonb('context').$type<Record<string, string>>().notNull().default({}),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sign_in_states_expires').on(t.expiresAt)],
);

/**
 * A provider account waiting for the signed-in user to confirm linking it (the callback
 * never links an account to someone already signed in by itself). Single use, expiring,
 * bound to the user and the browser.
 */
export const pendingLinks = pgTable(
  'pending_links',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    browserHash: text('browser_hash').notNull(),
    provider: text('provider', { enum: linkProviders }).notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    displayName: text('display_name'),
    /** What the provider's link step needs (Battle.net: community, characters, members). */
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('pending_links_expires').on(t.expiresAt)],
);
