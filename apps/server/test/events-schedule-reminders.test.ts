import { describe, expect, it } from 'vitest';
import { listReminderDeliveries } from '../src/modules/events/reminders';
import { planEventSchedule } from '../src/modules/events/schedule';
import { findFirings } from '../src/modules/events/schedule.repo';
import {
  at,
  insertEvent,
  linkGuild,
  openStore,
  signupsOf,
  startFakeRest,
  tick,
} from './events-schedule-fixtures';
import { FakeDiscordRest, rateLimited } from './fakes/discord-bot';

const TIMEOUT = 120_000;
const ANA = '210000000000000001';
const TOM = '210000000000000002';
const BOB = '210000000000000003';

async function setup(language?: 'en' | 'es') {
  const store = await openStore({ language });
  const { rest, discord } = await startFakeRest();
  const event = await insertEvent(store, {
    title: 'GT3 *Sprint*',
    startsAt: at('2026-12-10T19:00:00Z'),
    reminderOffsets: [60],
  });
  await planEventSchedule(store.ctx.db, event, at('2026-12-01T00:00:00Z'));
  const deps = { db: store.ctx.db, discord, signups: signupsOf({ [event.id]: [ANA, TOM, BOB] }) };
  const dmTo = (userId: string) =>
    rest.requests.filter((r) => r.path.endsWith('/users/@me/channels') && r.body.includes(userId));
  return { store, rest, discord, event, deps, dmTo };
}

const dmPosts = (rest: FakeDiscordRest, channelId: string) =>
  rest.posted.filter((p) => p.channelId !== channelId);

describe('reminders: the channel and a DM to everyone signed up', () => {
  it(
    'a member who closed their DMs (50007) is recorded and the others still get theirs',
    async () => {
      const { store, rest, event, deps } = await setup();
      rest.closedDms.add(TOM);
      expect(await tick(deps, '2026-12-10T18:00:00Z')).toMatchObject({ sent: 1, retrying: 0 });
      expect(rest.posted.filter((p) => p.channelId === event.channelId)).toHaveLength(1);
      expect(dmPosts(rest, event.channelId!)).toHaveLength(2);
      const [firing] = await findFirings(store.ctx.db, event.id);
      expect(firing).toMatchObject({ state: 'sent', note: '3 sent, 1 cannot be DMed' });
      const deliveries = await listReminderDeliveries(store.ctx.db, firing!.id);
      expect(deliveries.map((d) => [d.recipient, d.outcome])).toEqual([
        [ANA, 'sent'],
        [TOM, 'cannot_dm'],
        [BOB, 'sent'],
        ['channel', 'sent'],
      ]);
      expect(deliveries.find((d) => d.recipient === TOM)?.error).toBe(
        'CANNOT_DM: Cannot send messages to this user',
      );
      // English by default, with Discord timestamps, the title's markdown escaped, and pinging nobody.
      const channelPost = rest.posted.find((p) => p.channelId === event.channelId)!;
      expect(channelPost.body).toMatchObject({
        content: '⏰ **GT3 \\*Sprint\\*** starts <t:1796929200:R> (<t:1796929200:F>).',
        allowed_mentions: { parse: [] },
        nonce: `gh-r${firing!.id}`,
        enforce_nonce: true,
      });
      expect(dmPosts(rest, event.channelId!)[0]!.body.content).toMatch(
        /^⏰ Reminder: .* You are signed up\.$/,
      );
    },
    TIMEOUT,
  );

  it(
    "speaks the server's language (Spanish), else the community's",
    async () => {
      const { store, rest, event, deps } = await setup('en');
      await linkGuild(store, 'es');
      await tick(deps, '2026-12-10T18:00:00Z');
      expect(rest.posted.find((p) => p.channelId === event.channelId)!.body.content).toBe(
        '⏰ **GT3 \\*Sprint\\*** empieza <t:1796929200:R> (<t:1796929200:F>).',
      );
      expect(dmPosts(rest, event.channelId!)[0]!.body.content).toMatch(
        /^⏰ Recordatorio: .* Estás inscrito\.$/,
      );
    },
    TIMEOUT,
  );

  it(
    'a channel the bot may not post in (50013) is recorded; the DMs still go',
    async () => {
      const { store, rest, event, deps } = await setup();
      rest.noPermission.add(event.channelId!);
      await tick(deps, '2026-12-10T18:00:00Z');
      const [firing] = await findFirings(store.ctx.db, event.id);
      expect(firing).toMatchObject({ state: 'sent', note: '3 sent, 1 failed' });
      const deliveries = await listReminderDeliveries(store.ctx.db, firing!.id);
      expect(deliveries.find((d) => d.recipient === 'channel')).toMatchObject({ outcome: 'failed' });
    },
    TIMEOUT,
  );

  it(
    'a 429 is waited out by discord.js and the DM goes',
    async () => {
      const { store, rest, event, deps } = await setup();
      rest.inject(FakeDiscordRest.route('POST', /^\/channels\/\d+\/messages$/), rateLimited(0.2), 1);
      expect(await tick(deps, '2026-12-10T18:00:00Z')).toMatchObject({ sent: 1 });
      expect(rest.posted).toHaveLength(4);
      const [firing] = await findFirings(store.ctx.db, event.id);
      expect(firing?.note).toBe('4 sent');
    },
    TIMEOUT,
  );

  it(
    'Discord unreachable mid-way: the firing is retried next tick and reaches only those not reached yet',
    async () => {
      const { store, rest, event, deps } = await setup();
      // The connection to open Tom's DM channel drops: Ana and the channel were already reached.
      rest.refuse((r) => r.path.endsWith('/users/@me/channels') && r.body.includes(TOM), 4);
      expect(await tick(deps, '2026-12-10T18:00:00Z')).toMatchObject({ sent: 0, retrying: 1 });
      let [firing] = await findFirings(store.ctx.db, event.id);
      expect(firing).toMatchObject({
        state: 'pending',
        attempts: 1,
        claimedBy: null,
        claimedUntil: at('2026-12-10T18:01:00Z'),
      });
      expect(firing?.note).toMatch(/^attempt 1: /);
      const reachedFirst = rest.posted.length;
      expect(reachedFirst).toBe(3); // channel, Ana, Bob
      rest.clearInjections();
      expect(await tick(deps, '2026-12-10T18:01:00Z')).toMatchObject({ sent: 1 });
      expect(rest.posted).toHaveLength(4);
      [firing] = await findFirings(store.ctx.db, event.id);
      expect(firing).toMatchObject({ state: 'sent', attempts: 2, note: 'late by 1 min; 1 sent' });
      expect(
        (await listReminderDeliveries(store.ctx.db, firing!.id)).every((d) => d.outcome === 'sent'),
      ).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'a resend in the crash window (sent, not yet recorded) is answered by Discord with the same message',
    async () => {
      const { rest, discord, event } = await setup();
      const first = await discord.postMessage(event.channelId!, { content: 'x', nonce: 'gh-r42' });
      const again = await discord.postMessage(event.channelId!, { content: 'x', nonce: 'gh-r42' });
      expect(first.ok && again.ok && first.messageId === again.messageId).toBe(true);
      expect(rest.posted).toHaveLength(1);
    },
    TIMEOUT,
  );
});
