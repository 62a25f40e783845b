import { eq } from 'drizzle-orm';
import { onTestFinished } from 'vitest';
import { type AppContext, createContext } from '../src/core/context';
import { createBotRest, createDiscordActions, type DiscordActions } from '../src/modules/bot';
import { guildLinks } from '../src/modules/bot/bot.tables';
import { events } from '../src/modules/events/events.tables';
import { planEventSchedule } from '../src/modules/events/schedule';
import { runDueFirings, type ScheduleDeps } from '../src/modules/events/schedule-runner';
import type { EventSyncDeps } from '../src/modules/events/sync';
import { BOT_TOKEN, FakeDiscordRest, snowflake } from './fakes/discord-bot';
import { createTestContext, makeCommunity, type TestContext } from './helpers';

export type EventRow = typeof events.$inferSelect;

/**
 * A migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL) with a community, and a
 * way to restart: the process's context closed and a new one opened on the same database.
 */
export interface Store {
  t: TestContext;
  ctx: AppContext;
  communityId: string;
  /** A new process on the same database (the old one closed first: PGlite allows one). */
  restart(): Promise<void>;
  /** Another process on the same PostgreSQL database, or this one on PGlite (one process only). */
  secondProcess(): Promise<AppContext>;
}

export async function openStore(opts: { language?: 'en' | 'es' } = {}): Promise<Store> {
  const t = await createTestContext();
  // The harness closes the first context at the end; after a restart it is already closed.
  const closeFirst = t.ctx.close.bind(t.ctx);
  let firstClosed = false;
  t.ctx.close = async () => {
    if (firstClosed) return;
    firstClosed = true;
    await closeFirst();
  };
  const extra: AppContext[] = [];
  const community = await makeCommunity(t.ctx, { language: opts.language ?? 'en' });
  const store: Store = {
    t,
    ctx: t.ctx,
    communityId: community.id,
    async restart() {
      await store.ctx.close();
      store.ctx = await createContext(t.config, { log: t.ctx.log });
      extra.push(store.ctx);
    },
    async secondProcess() {
      if (store.ctx.dbKind === 'pglite') return store.ctx;
      const other = await createContext(t.config, { log: t.ctx.log, migrate: false });
      extra.push(other);
      return other;
    },
  };
  onTestFinished(async () => {
    for (const c of extra.reverse()) await c.close().catch(() => {});
    await t.close();
  });
  return store;
}

export async function startFakeRest(): Promise<{ rest: FakeDiscordRest; discord: DiscordActions }> {
  const rest = await new FakeDiscordRest().start();
  onTestFinished(() => rest.close());
  const client = createBotRest({ DISCORD_API_BASE_URL: `${rest.url}/api/v10`, DISCORD_TOKEN: BOT_TOKEN });
  // No retries of refused connections inside one call: the outbox's own retries are under test.
  return { rest, discord: createDiscordActions(client) };
}

/** Links a Discord server to the store's community, in a language. */
export async function linkGuild(store: Store, language: 'en' | 'es' | null = null): Promise<string> {
  const guildId = snowflake();
  await store.ctx.db
    .insert(guildLinks)
    .values({ guildId, communityId: store.communityId, language, linkedBy: snowflake() });
  return guildId;
}

let counter = 0;

/** An event row written directly (the events service is built elsewhere). */
export async function insertEvent(
  store: Store,
  values: Partial<typeof events.$inferInsert>,
): Promise<EventRow> {
  counter += 1;
  const [row] = await store.ctx.db
    .insert(events)
    .values({
      communityId: store.communityId,
      title: `Race night ${counter}`,
      startsAt: new Date('2026-12-10T19:00:00Z'),
      timeZone: 'Europe/Madrid',
      status: 'scheduled',
      capacity: 20,
      channelId: snowflake(),
      createdBy: 'test',
      updatedBy: 'test',
      ...values,
    })
    .returning();
  return row!;
}

export async function readEvent(store: { ctx: AppContext }, id: string): Promise<EventRow> {
  const [row] = await store.ctx.db.select().from(events).where(eq(events.id, id));
  return row!;
}

export async function updateEvent(
  store: Store,
  id: string,
  values: Partial<typeof events.$inferInsert>,
): Promise<EventRow> {
  const [row] = await store.ctx.db.update(events).set(values).where(eq(events.id, id)).returning();
  return row!;
}

/** Sign-ups as the events service would answer them. */
export function signupsOf(byEvent: Record<string, string[]>) {
  return async (eventId: string) => (byEvent[eventId] ?? []).map((discordUserId) => ({ discordUserId }));
}

/** One scheduler tick at `now` as a worker. */
export function tick(deps: ScheduleDeps, now: Date | string, workerId = 'worker-a') {
  return runDueFirings(deps, { now: new Date(now), workerId });
}

export const at = (iso: string) => new Date(iso);
export const minutes = (n: number) => n * 60_000;
export const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

/** A store and the fake REST, with the scheduler's dependencies (no sign-ups unless overridden). */
export async function scheduleSetup() {
  const store = await openStore();
  const { rest, discord } = await startFakeRest();
  const deps = (over: Partial<ScheduleDeps> = {}): ScheduleDeps => ({
    db: store.ctx.db,
    discord,
    signups: signupsOf({}),
    ...over,
  });
  return { store, rest, discord, deps };
}

/** A linked server and a planned 6-hour event, with the outbox's dependencies. */
export async function syncSetup(now: Date) {
  const store = await openStore();
  const { rest, discord } = await startFakeRest();
  const guildId = await linkGuild(store, 'en');
  const deps = (over: Partial<EventSyncDeps> = {}): EventSyncDeps => ({ db: store.ctx.db, discord, ...over });
  const event = await insertEvent(store, {
    title: 'Spa 6h',
    description: 'Endurance round',
    startsAt: at('2026-12-10T19:00:00Z'),
    durationMinutes: 360,
    reminderOffsets: [60],
  });
  await planEventSchedule(store.ctx.db, event, now);
  return { store, rest, discord, guildId, deps, event };
}
