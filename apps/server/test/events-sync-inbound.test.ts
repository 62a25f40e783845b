import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { findFirings } from '../src/modules/events/schedule.repo';
import { drainEventSync, enqueueEventSync } from '../src/modules/events/sync';
import { findSyncRows } from '../src/modules/events/sync.repo';
import { applyDiscordScheduledEventEdit, editEventAtVersion } from '../src/modules/events/sync-inbound';
import { at, readEvent, syncSetup, updateEvent } from './events-schedule-fixtures';

const TIMEOUT = 120_000;
const NOW = at('2026-12-01T10:00:00Z');

const setup = () => syncSetup(NOW);

describe('two-way sync, Discord → web, with versions', () => {
  const discordSide = (id: string, guildId: string, over: Partial<APIGuildScheduledEvent> = {}) =>
    ({
      id,
      guild_id: guildId,
      channel_id: null,
      creator_id: '310000000000000001',
      name: 'Spa 6h',
      description: 'Endurance round',
      scheduled_start_time: '2026-12-10T19:00:00.000Z',
      scheduled_end_time: '2026-12-11T01:00:00.000Z',
      privacy_level: 2,
      status: 1,
      entity_type: 3,
      entity_id: null,
      entity_metadata: { location: 'Guild' },
      ...over,
    }) as APIGuildScheduledEvent;

  it(
    'an edit in Discord becomes a new version, moves the schedule and queues the message; the web edit on the old version is a conflict',
    async () => {
      const { store, rest, guildId, deps, event } = await setup();
      await enqueueEventSync(store.ctx.db, event, 'edited', NOW);
      await drainEventSync(deps(), { now: NOW });
      const linked = await readEvent(store, event.id);
      const scheduledId = linked.discordScheduledEventId!;

      // Our own edit echoed back by the gateway changes nothing.
      expect(
        await applyDiscordScheduledEventEdit(store.ctx.db, discordSide(scheduledId, guildId), NOW),
      ).toEqual({
        applied: false,
        reason: 'unchanged',
      });

      // An officer moves it an hour later in Discord and renames it.
      const result = await applyDiscordScheduledEventEdit(
        store.ctx.db,
        discordSide(scheduledId, guildId, {
          name: 'Spa 6h (moved)',
          scheduled_start_time: '2026-12-10T20:00:00.000Z',
          scheduled_end_time: '2026-12-11T02:00:00.000Z',
        }),
        NOW,
      );
      expect(result.applied).toBe(true);
      const after = await readEvent(store, event.id);
      expect(after).toMatchObject({
        title: 'Spa 6h (moved)',
        version: 2,
        durationMinutes: 360,
        updatedBy: 'discord:310000000000000001',
      });
      expect(after.startsAt.toISOString()).toBe('2026-12-10T20:00:00.000Z');
      const reminder = (await findFirings(store.ctx.db, event.id)).find((f) => f.kind === 'reminder');
      expect(reminder?.dueAt.toISOString()).toBe('2026-12-10T19:00:00.000Z');
      // Only the message follows: the Scheduled Event is where the edit came from.
      expect(
        (await findSyncRows(store.ctx.db, event.id))
          .filter((r) => r.state === 'pending')
          .map((r) => r.target),
      ).toEqual(['message']);

      // The web form was loaded at version 1: saving it now would overwrite the Discord edit.
      expect(
        await editEventAtVersion(store.ctx.db, event.id, 1, { title: 'Spa Six Hours' }, 'web', NOW),
      ).toEqual({
        ok: false,
        code: 'VERSION_CONFLICT',
        currentVersion: 2,
      });
      expect((await readEvent(store, event.id)).title).toBe('Spa 6h (moved)');
      // Reloaded at version 2, it goes through.
      expect(
        await editEventAtVersion(store.ctx.db, event.id, 2, { title: 'Spa Six Hours' }, 'web', NOW),
      ).toMatchObject({
        ok: true,
        event: { version: 3 },
      });
      await drainEventSync(deps(), { now: NOW });
      expect(rest.scheduledEvents.get(scheduledId)?.name).toBe('Spa Six Hours');
    },
    TIMEOUT,
  );

  it(
    'a description cut to Discord’s 1000 characters does not count as an edit',
    async () => {
      const { store, guildId, event } = await setup();
      const long = 'x'.repeat(1500);
      const withLong = await updateEvent(store, event.id, {
        description: long,
        discordScheduledEventId: '320000000000000001',
      });
      expect(
        await applyDiscordScheduledEventEdit(
          store.ctx.db,
          discordSide('320000000000000001', guildId, { description: long.slice(0, 1000) }),
          NOW,
        ),
      ).toEqual({ applied: false, reason: 'unchanged' });
      expect((await readEvent(store, withLong.id)).description).toHaveLength(1500);
    },
    TIMEOUT,
  );
});
