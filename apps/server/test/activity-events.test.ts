/**
 * Typed activity events end to end: the upload writes them by their kind's schema, the store
 * checks and reads them, the alert mapping and the dashboard feed read the typed data; old rows
 * with other spellings still read (and the migration renames them once).
 */
import fs from 'node:fs';
import { readActivityEvent } from '@guildhall/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordActivityEvents } from '../src/modules/activity';
import { cliActor } from '../src/modules/audit';
import { createWebhook } from '../src/modules/notify';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { apiKeys, day, getJson, trackerFile, uploadFile } from './wow-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

describe('reading stored events', () => {
  it('maps the old spellings to each kind schema and refuses what is no such event', () => {
    expect(readActivityEvent('online_record', { onlineCount: 30, date: '2025-11-30' })).toEqual({
      kind: 'online_record',
      data: { day: '2025-11-30', count: 30 },
    });
    expect(readActivityEvent('rank_change', { character: 'Aldrena-Stormvale', rank: 'Oficial' })).toEqual({
      kind: 'rank_change',
      data: { name: 'Aldrena-Stormvale', from: null, to: 'Oficial', fromIndex: null, toIndex: null },
    });
    expect(
      readActivityEvent('score_milestone', {
        characterName: 'Aldrena-Stormvale',
        threshold: 2000,
        score: 2050,
        previousScore: 1990,
      }),
    ).toMatchObject({ data: { name: 'Aldrena-Stormvale', milestone: 2000, score: 2050, previous: 1990 } });
    expect(
      readActivityEvent('boss_kill', { encounterName: 'Ulgrax', difficulty: 'Mythic', zoneName: 'Nerub-ar' }),
    ).toMatchObject({
      data: { boss: 'Ulgrax', difficulty: 'mythic', zone: 'Nerub-ar' },
    });
    expect(readActivityEvent('boss_kill', {})).toBeNull();
    expect(readActivityEvent('no_such_kind', { name: 'x' })).toBeNull();
  });

  it('refuses to record an event whose data breaks its kind schema', async () => {
    const c = await makeCommunity(t.ctx);
    await expect(
      t.ctx.db.transaction((tx) =>
        recordActivityEvents(tx, [
          {
            communityId: c.id,
            memberId: null,
            characterId: null,
            at: new Date(),
            kind: 'online_record',
            // A writer that spells the field its own way fails here, not in a reader.
            data: { onlineCount: 3 } as unknown as { day: string; count: number },
          },
        ]),
      ),
    ).rejects.toThrow();
  });
});

describe('from the upload to the alert and the feed', () => {
  it('writes typed joins, leaves and rank changes, queues their alerts and lists them in the feed', async () => {
    const c = await makeCommunity(t.ctx, { realm: 'Stormvale' });
    const keys = await apiKeys(t.ctx, c.id);
    await createWebhook(
      t.ctx,
      c.id,
      { name: 'officers', url: 'https://discord.com/api/webhooks/123456789/abcdefTOKEN_0123456789xyz' },
      cliActor,
    );
    const up = async (at: number, roster: Record<string, { rank?: string }>) => {
      const res = await uploadFile(
        t.app,
        keys.upload,
        trackerFile({ rosterAt: at, roster, stats: { [at]: 1 } }),
      );
      expect(res.statusCode, res.body).toBe(200);
    };
    await up(day(1), { Aldrena: { rank: 'Miembro' }, Borvik: { rank: 'Miembro' } });
    await up(day(2), { Aldrena: { rank: 'Oficial' }, Ceyla: { rank: 'Recluta' } });

    const feed = await getJson(
      t.app,
      keys.read,
      `/api/v1/communities/${c.id}/feed?kind=join,leave,rank_change`,
    );
    expect(feed.statusCode, feed.body).toBe(200);
    const byKind = Object.fromEntries(
      feed.json().items.map((i: { kind: string; data: unknown }) => [i.kind, i.data]),
    );
    expect(byKind).toEqual({
      join: { name: 'Ceyla-Stormvale', rank: 'Recluta' },
      leave: { name: 'Borvik-Stormvale', rank: 'Miembro' },
      rank_change: {
        name: 'Aldrena-Stormvale',
        from: 'Miembro',
        to: 'Oficial',
        fromIndex: null,
        toIndex: null,
      },
    });

    const outbox = rowsOf(
      await t.ctx.db.execute(
        sql`select kind, message from notify_outbox where community_id = ${c.id} and kind <> 'online_record' order by id`,
      ),
    );
    expect(outbox.map((r) => r.kind)).toEqual(['new_member', 'member_left']);
    expect(JSON.stringify(outbox[0]!.message)).toContain('Ceyla-Stormvale');
    expect(JSON.stringify(outbox[1]!.message)).toContain('Borvik-Stormvale');
  });

  it('reads rows stored with old spellings, and the migration renames them once', async () => {
    const c = await makeCommunity(t.ctx);
    const keys = await apiKeys(t.ctx, c.id);
    await t.ctx.db.execute(sql`
      insert into activity_events (community_id, kind, data, at) values
        (${c.id}, 'online_record', '{"onlineCount": 30, "date": "2025-11-30"}'::jsonb, '2025-11-30T21:00:00Z'),
        (${c.id}, 'boss_kill', '{"encounterName": "Ulgrax", "difficulty": "heroic", "zoneName": "Nerub-ar"}'::jsonb, '2025-11-29T21:00:00Z'),
        (${c.id}, 'boss_kill', '{}'::jsonb, '2025-11-28T21:00:00Z')`);
    const read = async () =>
      (await getJson(t.app, keys.read, `/api/v1/communities/${c.id}/feed`))
        .json()
        .items.map((i: { kind: string; data: unknown }) => ({ kind: i.kind, data: i.data }));
    const expected = [
      { kind: 'online_record', data: { day: '2025-11-30', count: 30 } },
      {
        kind: 'boss_kill',
        data: { boss: 'Ulgrax', difficulty: 'heroic', zone: 'Nerub-ar', zoneId: null, encounterId: null },
      },
    ];
    // The row that is no boss kill at all is left out rather than shown as "?".
    expect(await read()).toEqual(expected);

    const migration = fs.readFileSync(
      new URL('../drizzle/0003_normalise_activity_event_data.sql', import.meta.url),
      'utf8',
    );
    for (const statement of migration.split('--> statement-breakpoint')) {
      if (statement.trim()) await t.ctx.db.execute(sql.raw(statement));
    }
    const stored = rowsOf(
      await t.ctx.db.execute(
        sql`select data from activity_events where community_id = ${c.id} and kind = 'online_record'`,
      ),
    );
    expect(stored[0]!.data).toMatchObject({ count: 30, day: '2025-11-30' });
    expect(await read()).toEqual(expected);
  });
});
