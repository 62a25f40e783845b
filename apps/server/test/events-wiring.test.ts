import { eq } from 'drizzle-orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { guildLinks } from '../src/modules/bot/bot.tables';
import { eventFirings } from '../src/modules/events/schedule.tables';
import { snowflake, startFakeDiscordBot } from './fakes/discord-bot';
import { createTestApp, makeCommunity, ownerCookie } from './helpers';

const ORIGIN = 'http://guildhall.test';
const TIMEOUT = 180_000;

/**
 * The events module as one: an event written through the API plans its firings and queues its
 * Discord side in the same transaction, and the outbox's job then posts the announcement (with
 * the sign-up counts) and mirrors it as the server's Scheduled Event, following every edit.
 */
describe('events, scheduler and Discord sync wired together', () => {
  it(
    'publishing plans the reminders; the outbox posts the announcement and the Scheduled Event, and follows edits and sign-ups',
    async () => {
      const fake = await startFakeDiscordBot();
      const t = await createTestApp({ env: { ...fake.env, PUBLIC_URL: ORIGIN } });
      onTestFinished(async () => {
        await t.close();
        await fake.close();
      });
      const community = await makeCommunity(t.ctx);
      const guildId = snowflake();
      await t.ctx.db
        .insert(guildLinks)
        .values({ guildId, communityId: community.id, language: 'es', linkedBy: 'test' });
      const cookie = await ownerCookie(t.app, t.ctx);
      const api = (method: 'POST' | 'PATCH', url: string, payload: object) =>
        t.app.inject({
          method,
          url: `/api/v1/communities/${community.id}${url}`,
          headers: { cookie, origin: ORIGIN },
          payload,
        });
      const channelId = snowflake();
      const startsAt = new Date(Date.now() + 3 * 86_400_000);
      startsAt.setUTCSeconds(0, 0);
      const created = await api('POST', '/events', {
        title: 'Gran Premio de Monza',
        startsAt: startsAt.toISOString(),
        capacity: 2,
        reminderOffsets: [1440, 60],
        channelId,
      });
      expect(created.statusCode).toBe(201);
      const eventId = created.json().id as string;
      expect((await api('POST', `/events/${eventId}/publish`, {})).statusCode).toBe(200);

      const firings = await t.ctx.db.select().from(eventFirings).where(eq(eventFirings.eventId, eventId));
      const reminders = firings.filter((f) => f.kind === 'reminder' && f.state === 'pending');
      expect(reminders.map((f) => f.dueAt.getTime()).sort()).toEqual([
        startsAt.getTime() - 1440 * 60_000,
        startsAt.getTime() - 60 * 60_000,
      ]);

      for (const [i, name] of ['Ana', 'Bruno', 'Carla'].entries())
        expect(
          (
            await api('POST', `/events/${eventId}/signups`, {
              discordUserId: `10000000000000000${i}`,
              displayName: name,
            })
          ).statusCode,
        ).toBe(201);

      await t.ctx.queue.start({ worker: true, scheduler: false });
      const drain = async () =>
        waitForRun(t.ctx.jobRuns, await t.ctx.queue.enqueue('events.sync-drain', {}), 60_000);
      expect((await drain()).status).toBe('succeeded');
      const posted = fake.rest.posted.filter((p) => p.channelId === channelId);
      expect(posted).toHaveLength(1);
      const embed = posted[0]!.body.embeds![0]!;
      expect(embed.title).toBe('Gran Premio de Monza');
      // In the server's language, with the seats and the line as they are now.
      expect(embed.fields!.map((f) => f.value)).toEqual(expect.arrayContaining(['2/2', '1']));
      const [mirrored] = [...fake.rest.scheduledEvents.values()];
      expect(mirrored?.name).toBe('Gran Premio de Monza');
      expect(new Date(mirrored!.scheduled_start_time).getTime()).toBe(startsAt.getTime());

      const version = (
        await t.app.inject({
          url: `/api/v1/communities/${community.id}/events/${eventId}`,
          headers: { cookie },
        })
      ).json().version;
      expect(
        (await api('PATCH', `/events/${eventId}`, { version, title: 'GP de Monza (nocturno)' })).statusCode,
      ).toBe(200);
      expect((await drain()).status).toBe('succeeded');
      expect(fake.rest.edits.at(-1)?.body.embeds?.[0]?.title).toBe('GP de Monza (nocturno)');
      expect(fake.rest.scheduledEvents.get(mirrored!.id)?.name).toBe('GP de Monza (nocturno)');
      expect(fake.rest.posted.filter((p) => p.channelId === channelId)).toHaveLength(1);
    },
    TIMEOUT,
  );
});
