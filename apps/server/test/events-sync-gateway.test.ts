import { type APIGuildScheduledEvent, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { type BotGatewayListener, createBotServices, startGatewayBot } from '../src/modules/bot';
import { guildLinks } from '../src/modules/bot/bot.tables';
import { events } from '../src/modules/events/events.tables';
import { planEventSchedule } from '../src/modules/events/schedule';
import {
  EVENTS_SCHEDULE_TICK_JOB,
  EVENTS_SYNC_DRAIN_JOB,
  eventScheduleJobs,
} from '../src/modules/events/schedule.jobs';
import { findFirings } from '../src/modules/events/schedule.repo';
import { enqueueEventSync } from '../src/modules/events/sync';
import { eventSyncGatewayListeners } from '../src/modules/events/sync-gateway';
import { at, type EventRow, readEvent } from './events-schedule-fixtures';
import { fakeGuild, snowflake, startFakeDiscordBot } from './fakes/discord-bot';
import { createTestApp, makeCommunity } from './helpers';

const TIMEOUT = 180_000;

/** The real discord.js client on the fake gateway and REST, with the events' gateway listeners. */
async function gatewaySetup() {
  const guild = fakeGuild('Paddock');
  const fake = await startFakeDiscordBot([guild]);
  const t = await createTestApp({ env: fake.env });
  const community = await makeCommunity(t.ctx, { name: 'Paddock' });
  await t.ctx.db
    .insert(guildLinks)
    .values({ guildId: guild.id, communityId: community.id, linkedBy: snowflake() });
  // Each handled dispatch settles a latch: the test waits on it, never on time.
  const handled: ((event: string) => void)[] = [];
  const listeners: BotGatewayListener[] = eventSyncGatewayListeners.map((l) => ({
    ...l,
    async handle(app, data) {
      await l.handle(app, data);
      for (const h of handled.splice(0)) h(l.event);
    },
  }));
  const services = createBotServices(t.ctx, [{ module: 'events', gateway: listeners }]);
  const bot = await startGatewayBot(t.ctx, services);
  onTestFinished(async () => {
    await bot.stop();
    await t.close();
    await fake.close();
  });
  const nextHandled = () => new Promise<string>((resolve) => handled.push(resolve));
  const insert = async (values: Partial<typeof events.$inferInsert> = {}): Promise<EventRow> => {
    const [row] = await t.ctx.db
      .insert(events)
      .values({
        communityId: community.id,
        title: 'Monza sprint',
        startsAt: at('2026-12-10T19:00:00Z'),
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
  };
  return { fake, t, guild, community, nextHandled, insert };
}

describe('Discord → web through the real gateway client', () => {
  it(
    'asks for the Scheduled Events intent, and a GUILD_SCHEDULED_EVENT_UPDATE edits the event with a version bump',
    async () => {
      const { fake, t, guild, nextHandled, insert } = await gatewaySetup();
      const intents = fake.gateway.identifies[0]!.intents;
      expect(intents & GatewayIntentBits.GuildScheduledEvents).toBe(GatewayIntentBits.GuildScheduledEvents);
      expect(intents & GatewayIntentBits.Guilds).toBe(GatewayIntentBits.Guilds);

      const scheduledId = snowflake();
      const event = await insert({ discordScheduledEventId: scheduledId, reminderOffsets: [60] });
      await planEventSchedule(t.ctx.db, event, at('2026-12-01T00:00:00Z'));
      const update: APIGuildScheduledEvent = {
        id: scheduledId,
        guild_id: guild.id,
        channel_id: null,
        creator_id: snowflake(),
        name: 'Monza sprint (night)',
        description: 'Under the lights',
        scheduled_start_time: '2026-12-10T21:00:00.000Z',
        scheduled_end_time: '2026-12-10T23:00:00.000Z',
        privacy_level: 2,
        status: 1,
        entity_type: 3,
        entity_id: null,
        entity_metadata: { location: 'Paddock' },
        user_count: 3,
      } as APIGuildScheduledEvent;
      const done = nextHandled();
      fake.gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventUpdate, update);
      expect(await done).toBe(GatewayDispatchEvents.GuildScheduledEventUpdate);
      const after = await readEvent(t, event.id);
      expect(after).toMatchObject({
        title: 'Monza sprint (night)',
        description: 'Under the lights',
        version: 2,
      });
      expect(after.startsAt.toISOString()).toBe('2026-12-10T21:00:00.000Z');
      const reminder = (await findFirings(t.ctx.db, event.id)).find((f) => f.kind === 'reminder');
      expect(reminder?.dueAt.toISOString()).toBe('2026-12-10T20:00:00.000Z');

      // Deleted in Discord: the event stays, without its mirror.
      const deleted = nextHandled();
      fake.gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventDelete, update);
      await deleted;
      expect((await readEvent(t, event.id)).discordScheduledEventId).toBeNull();
    },
    TIMEOUT,
  );

  it(
    'the tick and drain jobs run on the core queue with the bot REST from DISCORD_TOKEN',
    async () => {
      const { fake, t, insert } = await gatewaySetup();
      const event = await insert({ reminderOffsets: [60] });
      await planEventSchedule(t.ctx.db, event, at('2026-12-01T00:00:00Z'));
      await enqueueEventSync(t.ctx.db, event, 'edited', at('2026-12-10T18:00:00Z'));
      let clock = at('2026-12-10T18:00:00Z');
      t.ctx.queue.register(eventScheduleJobs(t.ctx, { signups: async () => [], now: () => clock }));
      expect(t.ctx.queue.definitions().find((d) => d.name === EVENTS_SCHEDULE_TICK_JOB)?.schedule).toBe(
        '* * * * *',
      );
      await t.ctx.queue.start({ worker: true, scheduler: false });
      const tick = await waitForRun(
        t.ctx.jobRuns,
        await t.ctx.queue.enqueue(EVENTS_SCHEDULE_TICK_JOB, {}),
        60_000,
      );
      expect(tick).toMatchObject({ status: 'succeeded' });
      expect(tick.result).toMatchObject({ sent: 1 });
      clock = at('2026-12-10T18:00:05Z');
      const drain = await waitForRun(
        t.ctx.jobRuns,
        await t.ctx.queue.enqueue(EVENTS_SYNC_DRAIN_JOB, {}),
        60_000,
      );
      expect(drain.result).toMatchObject({ sent: 2 });
      expect(fake.rest.scheduledEvents.size).toBe(1);
      expect(fake.rest.posted.map((p) => p.channelId)).toEqual([event.channelId, event.channelId]);
    },
    TIMEOUT,
  );
});
