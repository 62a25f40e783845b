import { describe, expect, it } from 'vitest';
import { drainEventSync, enqueueEventSync } from '../src/modules/events/sync';
import { claimDueSync, findSyncRows, markSyncSent } from '../src/modules/events/sync.repo';
import { editEventAtVersion } from '../src/modules/events/sync-inbound';
import { at, insertEvent, plus, readEvent, syncSetup, updateEvent } from './events-schedule-fixtures';
import { discordErrors, FakeDiscordRest } from './fakes/discord-bot';

const TIMEOUT = 120_000;
const NOW = at('2026-12-01T10:00:00Z');

const setup = () => syncSetup(NOW);

const scheduledRequests = (rest: FakeDiscordRest) =>
  rest.requests.filter((r) => r.path.includes('/scheduled-events'));

describe('two-way sync, web → Discord, through the outbox', () => {
  it(
    "a web change posts the event's message and creates the server's EXTERNAL Scheduled Event, keeping their ids",
    async () => {
      const { store, rest, guildId, deps, event } = await setup();
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      expect(await drainEventSync(deps(), { now: NOW })).toEqual({ sent: 2, retrying: 0, failed: 0 });
      const saved = await readEvent(store, event.id);
      expect(saved.messageId).toMatch(/^\d{17,20}$/);
      expect(saved.version).toBe(1); // the ids are bookkeeping, not an edit
      const created = rest.scheduledEvents.get(saved.discordScheduledEventId!);
      expect(created).toMatchObject({
        guild_id: guildId,
        name: 'Spa 6h',
        description: 'Endurance round',
        scheduled_start_time: '2026-12-10T19:00:00.000Z',
        scheduled_end_time: '2026-12-11T01:00:00.000Z',
        entity_type: 3,
        channel_id: null,
        privacy_level: 2,
        entity_metadata: { location: expect.any(String) },
      });
      expect(rest.posted[0]!.body.embeds?.[0]).toMatchObject({ title: 'Spa 6h' });
      expect((await findSyncRows(store.ctx.db, event.id)).map((r) => r.state)).toEqual(['sent', 'sent']);
    },
    TIMEOUT,
  );

  it(
    'repeated edits fold into one pending row per target; the drain sends only the latest',
    async () => {
      const { store, rest, deps, event } = await setup();
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      await drainEventSync(deps(), { now: NOW });
      let version = 1;
      for (const title of ['Spa 6 Hours', 'Spa 6 Hours (rain)', 'Spa 6 Hours — final']) {
        const r = await editEventAtVersion(store.ctx.db, event.id, version, { title }, 'web:officer', NOW);
        expect(r.ok).toBe(true);
        version += 1;
      }
      const pending = (await findSyncRows(store.ctx.db, event.id)).filter((r) => r.state === 'pending');
      expect(pending.map((r) => [r.target, r.revision, r.eventVersion])).toEqual([
        ['message', 3, 4],
        ['scheduled_event', 3, 4],
      ]);
      const before = rest.requests.length;
      expect(await drainEventSync(deps(), { now: plus(NOW, 1000) })).toMatchObject({ sent: 2 });
      const sent = rest.requests.slice(before);
      expect(sent.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
      expect(rest.edits.at(-1)!.body.embeds?.[0]?.title).toBe('Spa 6 Hours — final');
      const [scheduled] = rest.scheduledEvents.values();
      expect(scheduled!.name).toBe('Spa 6 Hours — final');
    },
    TIMEOUT,
  );

  it(
    'nothing is lost while Discord is unreachable: retried with backoff, sent when it is back',
    async () => {
      const { store, rest, deps, event } = await setup();
      const port = rest.port;
      await rest.stop();
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      expect(await drainEventSync(deps(), { now: NOW })).toMatchObject({ sent: 0, retrying: 1 });
      let rows = await findSyncRows(store.ctx.db, event.id);
      // The first failure stops the run: the other row was not even tried.
      expect(rows.map((r) => [r.target, r.attempts, r.nextAttemptAt.toISOString()])).toEqual([
        ['message', 1, '2026-12-01T10:00:30.000Z'],
        ['scheduled_event', 0, '2026-12-01T10:00:00.000Z'],
      ]);
      expect(rows[0]!.lastError).toBeTruthy();
      // Down a while longer: the waits double.
      await drainEventSync(deps(), { now: plus(NOW, 1_000) });
      await drainEventSync(deps(), { now: plus(NOW, 31_000) });
      rows = await findSyncRows(store.ctx.db, event.id);
      expect(rows.map((r) => r.attempts)).toEqual([2, 1]);
      expect(rows[0]!.nextAttemptAt.toISOString()).toBe('2026-12-01T10:01:31.000Z');
      // Back up: everything goes out.
      await rest.start(port);
      expect(await drainEventSync(deps(), { now: plus(NOW, 10 * 60_000) })).toMatchObject({
        sent: 2,
        retrying: 0,
      });
      expect(rest.posted).toHaveLength(1);
      expect(rest.scheduledEvents.size).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'without a bot token the drain is skipped and the outbox waits',
    async () => {
      const { store, deps, event } = await setup();
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      expect(await drainEventSync(deps({ discord: null }), { now: NOW })).toMatchObject({
        skipped: { code: 'DISCORD_NOT_CONFIGURED' },
      });
      expect(
        (await findSyncRows(store.ctx.db, event.id)).every((r) => r.state === 'pending' && r.attempts === 0),
      ).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'a refusal (missing permissions) is recorded as failed, not retried forever',
    async () => {
      const { store, rest, deps, event } = await setup();
      rest.inject(
        FakeDiscordRest.route('POST', /^\/guilds\/\d+\/scheduled-events$/),
        discordErrors.missingPermissions(),
      );
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      expect(await drainEventSync(deps(), { now: NOW })).toMatchObject({ sent: 1, failed: 1 });
      const failed = (await findSyncRows(store.ctx.db, event.id)).find((r) => r.target === 'scheduled_event');
      expect(failed).toMatchObject({
        state: 'failed',
        lastError: 'MISSING_PERMISSIONS 403: Missing Permissions',
      });
    },
    TIMEOUT,
  );

  it(
    'a message or Scheduled Event deleted in Discord is made again; a cancelled event removes its Scheduled Event',
    async () => {
      const { store, rest, deps, event } = await setup();
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      await drainEventSync(deps(), { now: NOW });
      const first = await readEvent(store, event.id);
      rest.messages.delete(first.messageId!);
      rest.scheduledEvents.delete(first.discordScheduledEventId!);
      const edited = await editEventAtVersion(
        store.ctx.db,
        event.id,
        1,
        { description: 'Now 8 hours' },
        'web',
        NOW,
      );
      expect(edited.ok).toBe(true);
      expect(await drainEventSync(deps(), { now: NOW })).toMatchObject({ sent: 2 });
      const second = await readEvent(store, event.id);
      expect(second.messageId).not.toBe(first.messageId);
      expect(rest.scheduledEvents.get(second.discordScheduledEventId!)?.description).toBe('Now 8 hours');

      const cancelled = await updateEvent(store, event.id, { status: 'cancelled', version: 3 });
      await enqueueEventSync(store.ctx.db, cancelled, 'edited', NOW);
      await drainEventSync(deps(), { now: NOW });
      expect(rest.scheduledEvents.size).toBe(0);
      expect((await readEvent(store, event.id)).discordScheduledEventId).toBeNull();
      expect(rest.edits.at(-1)!.body.embeds?.[0]?.fields?.[1]?.value).toBe('Cancelled');
    },
    TIMEOUT,
  );

  it(
    'an edit folded in while its row is being sent keeps the row pending, so the newer state goes out too',
    async () => {
      const { store, deps, event, rest } = await setup();
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      const [inFlight] = await claimDueSync(store.ctx.db, {
        now: NOW,
        holdUntil: plus(NOW, 60_000),
        limit: 1,
      });
      const edited = await editEventAtVersion(store.ctx.db, event.id, 1, { title: 'Spa 6h v2' }, 'web', NOW);
      expect(edited.ok).toBe(true);
      expect(await markSyncSent(store.ctx.db, inFlight!, NOW)).toBe(false);
      const rows = await findSyncRows(store.ctx.db, event.id);
      expect(rows.map((r) => [r.target, r.state, r.revision])).toEqual([
        ['message', 'pending', 2],
        ['scheduled_event', 'pending', 2],
      ]);
      expect(await drainEventSync(deps(), { now: NOW })).toMatchObject({ sent: 2 });
      expect(rest.posted.at(-1)!.body.embeds?.[0]?.title).toBe('Spa 6h v2');
    },
    TIMEOUT,
  );

  it(
    'two drains at once send each row once',
    async () => {
      const { store, rest, discord } = await setup();
      const other = await store.secondProcess();
      for (let i = 0; i < 8; i++) {
        const e = await insertEvent(store, { startsAt: at('2026-12-12T19:00:00Z') });
        await enqueueEventSync(store.ctx.db, e, 'edited', NOW);
      }
      const [a, b] = await Promise.all([
        drainEventSync({ db: store.ctx.db, discord }, { now: NOW }),
        drainEventSync({ db: other.db, discord }, { now: NOW }),
      ]);
      expect(a.sent + b.sent).toBe(16);
      expect(rest.posted).toHaveLength(8);
      expect(rest.scheduledEvents.size).toBe(8);
      expect(scheduledRequests(rest).filter((r) => r.method === 'POST')).toHaveLength(8);
    },
    TIMEOUT,
  );
});
