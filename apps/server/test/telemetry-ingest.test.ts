import { gzipSync } from 'node:zlib';
import { TIMESTAMP_ZONE_MESSAGE } from '@guildhall/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Community } from '../src/modules/communities';
import { encodeNdjson } from '../src/modules/telemetry/bronze';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';
import { postEvents, storedBronze, telemetryEvent, telemetryKeys } from './telemetry-fixtures';

/** `POST …/telemetry/events`: what is stored where, what each kind of bad batch answers, who may send. */

const LIMIT = 64 * 1024;
let t: TestApp;
let community: Community;
let keys: Awaited<ReturnType<typeof telemetryKeys>>;

beforeEach(async () => {
  t = await createTestApp({
    env: { TELEMETRY_BODY_LIMIT_BYTES: String(LIMIT), RATE_LIMIT_PER_MINUTE: '100000' },
  });
  community = await makeCommunity(t.ctx);
  keys = await telemetryKeys(t.ctx, community.id);
});
afterEach(() => t.close());

const stored = () => storedBronze(t.ctx, community.id);
const today = () => new Date().toISOString().slice(0, 10);

describe('POST /telemetry/events', () => {
  it('stores a valid batch in bronze, one gzip NDJSON object per raid under the layout', async () => {
    const a = telemetryEvent();
    const b = telemetryEvent({
      raid_id: 'raid002',
      event_type: 'heal',
      damage_amount: null,
      healing_amount: 9000,
    });
    const c = telemetryEvent({ timestamp: '2026-01-01T21:00:00+01:00' });
    const res = await postEvents(t.app, community.id, [a, b, c], { key: keys.telemetry });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'accepted',
      received: 3,
      accepted: 3,
      rejected: [],
      raids: ['raid001', 'raid002'],
    });
    const objects = await stored();
    expect(objects.map((o) => o.key)).toEqual([
      `bronze/community=${community.id}/raid_id=raid001/ingest_date=${today()}/${body.batchId}.events.ndjson.gz`,
      `bronze/community=${community.id}/raid_id=raid002/ingest_date=${today()}/${body.batchId}.events.ndjson.gz`,
    ]);
    expect(objects[0]!.events.map((e) => [e.event_id, e.timestamp])).toEqual([
      [a.event_id, '2026-01-01T20:00:01.000000Z'],
      [c.event_id, '2026-01-01T20:00:00.000000Z'],
    ]);
    expect(objects[1]!.events.map((e) => [e.event_id, e.healing_amount])).toEqual([[b.event_id, 9000]]);
    // The bytes are those of the synchronous encoder: the same events always give the same object.
    expect(await t.ctx.store.get(objects[1]!.key)).toEqual(encodeNdjson(objects[1]!.events));
  });

  it('lists each refused event by index with its field and reason, and stores the others (207)', async () => {
    const batch = [
      telemetryEvent(),
      telemetryEvent({ damage_amount: null }),
      telemetryEvent({ raid_id: 'raid1' }),
      telemetryEvent({ timestamp: '2026-01-01T20:00:00' }),
      'not an object',
      telemetryEvent({ extra_field: 1 }),
      telemetryEvent(),
    ];
    const res = await postEvents(t.app, community.id, batch, { key: keys.telemetry });
    expect(res.statusCode).toBe(207);
    const body = res.json();
    expect(body).toMatchObject({ status: 'partially_accepted', received: 7, accepted: 2 });
    expect(
      body.rejected.map((r: { index: number; errors: { field: string | null }[] }) => [
        r.index,
        r.errors.map((e) => e.field),
      ]),
    ).toEqual([
      [1, ['damage_amount']],
      [2, ['raid_id']],
      [3, ['timestamp']],
      [4, [null]],
      [5, [null]],
    ]);
    expect(body.rejected[0].errors[0].message).toBe('is required and must be > 0 for combat_damage');
    expect(body.rejected[2].errors[0].message).toBe(TIMESTAMP_ZONE_MESSAGE);
    expect(body.rejected[4].errors[0].message).toMatch(/unknown field.*extra_field/);
    const events = (await stored()).flatMap((o) => o.events.map((e) => e.event_id));
    expect(events).toEqual([batch[0], batch[6]].map((e) => (e as { event_id: string }).event_id));
  });

  it('answers 400 naming the timestamp when a zone-less time is the only event, and stores nothing', async () => {
    for (const timestamp of ['2026-01-01T20:00:00', '2026-01-01']) {
      const res = await postEvents(t.app, community.id, [telemetryEvent({ timestamp })], {
        key: keys.telemetry,
      });
      expect(res.statusCode).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('TELEMETRY_EVENTS_REJECTED');
      expect(error.message).toBe(`no event is valid: event 0: timestamp ${TIMESTAMP_ZONE_MESSAGE}`);
      expect(error.details).toMatchObject({
        status: 'rejected',
        accepted: 0,
        rejected: [{ index: 0, errors: [{ field: 'timestamp' }] }],
      });
    }
    expect(await stored()).toEqual([]);
  });

  it('takes NDJSON, gzip, and gzip NDJSON; blank lines do not count as positions', async () => {
    const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n\n');
    const a = [telemetryEvent(), telemetryEvent({ raid_id: 'bad' })];
    const plain = await postEvents(t.app, community.id, ndjson(a), {
      key: keys.telemetry,
      contentType: 'application/x-ndjson',
    });
    expect(plain.statusCode).toBe(207);
    expect(plain.json().rejected.map((r: { index: number }) => r.index)).toEqual([1]);
    const gz = await postEvents(t.app, community.id, [telemetryEvent()], { key: keys.telemetry, gzip: true });
    expect(gz.statusCode).toBe(201);
    const both = await postEvents(t.app, community.id, `${ndjson([telemetryEvent(), telemetryEvent()])}\n`, {
      key: keys.telemetry,
      contentType: 'application/x-ndjson',
      gzip: true,
    });
    expect(both.json()).toMatchObject({ status: 'accepted', accepted: 2 });
    expect((await stored()).flatMap((o) => o.events)).toHaveLength(4);
  });

  it('refuses a body that is not JSON, not an array, empty, or not gzip, with a clear message and nothing stored', async () => {
    const key = keys.telemetry;
    const cases: [string, Parameters<typeof postEvents>[3], string, RegExp][] = [
      ['[{"event_type":', {}, 'TELEMETRY_NOT_JSON', /not valid JSON/],
      ['[]', {}, 'TELEMETRY_EMPTY_BATCH', /no event/],
      ['  ', {}, 'TELEMETRY_EMPTY_BATCH', /no event/],
      [
        `${JSON.stringify(telemetryEvent())}\n\n{"event_type": "heal",\n`,
        { contentType: 'application/x-ndjson' },
        'TELEMETRY_NOT_JSON',
        /^line 3 is not valid JSON/,
      ],
      ['[1, 2', { headers: { 'content-encoding': 'gzip' } }, 'INVALID_GZIP', /not valid gzip/],
    ];
    for (const [text, opts, code, message] of cases) {
      const res = await postEvents(t.app, community.id, text, { key, ...opts });
      expect([text, res.statusCode, res.json().error.code]).toEqual([text, 400, code]);
      expect(res.json().error.message).toMatch(message);
    }
    const notArray = await postEvents(t.app, community.id, '"events"', { key });
    expect(notArray.json().error.code).toBe('TELEMETRY_EVENTS_REJECTED');
    expect(notArray.json().error.details.rejected[0].errors[0].message).toBe('must be a JSON object');
    const xml = await postEvents(t.app, community.id, '<events/>', { key, contentType: 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(await stored()).toEqual([]);
  });

  it('answers 413 past the size limit, on the wire and once decompressed (gzip bomb)', async () => {
    const big = JSON.stringify(Array.from({ length: 200 }, () => telemetryEvent()));
    expect(big.length).toBeGreaterThan(LIMIT);
    const plain = await postEvents(t.app, community.id, big, { key: keys.telemetry });
    expect([plain.statusCode, plain.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(plain.json().error.message).toMatch(/exceeds the limit of 65536 bytes/);
    const bomb = gzipSync(`[${' '.repeat(10 * LIMIT)}]`);
    expect(bomb.length).toBeLessThan(LIMIT);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${community.id}/telemetry/events`,
      headers: {
        'x-api-key': keys.telemetry,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      payload: bomb,
    });
    expect([res.statusCode, res.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(res.json().error.message).toMatch(/decompressed batch/);
    expect(await stored()).toEqual([]);
  });

  it('refuses read and upload keys, another community’s key, a signed-in owner and anonymous callers', async () => {
    const other = await makeCommunity(t.ctx);
    const otherKeys = await telemetryKeys(t.ctx, other.id);
    const owner = await ownerCookie(t.app, t.ctx);
    const batch = [telemetryEvent()];
    const answers = [];
    const callers: Record<string, string>[] = [
      { 'x-api-key': keys.read },
      { 'x-api-key': keys.upload },
      { 'x-api-key': otherKeys.telemetry },
      { cookie: owner, origin: 'http://localhost:3000' },
      {},
    ];
    for (const headers of callers) {
      const res = await postEvents(t.app, community.id, batch, { headers });
      answers.push([res.statusCode, res.json().error.code]);
    }
    expect(answers).toEqual([
      [403, 'MISSING_SCOPE'],
      [403, 'MISSING_SCOPE'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [401, 'UNAUTHENTICATED'],
    ]);
    expect(await stored()).toEqual([]);
  });
});
