import { gunzipSync } from 'node:zlib';
import { validateTelemetryBatch } from '@guildhall/contracts';
import { generateRaids } from '@guildhall/telemetry-gen';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type BatchInput, type PreparedBatch, prepareBatch } from './ingest-batch';
import { closeIngestPool, OFF_THREAD_BYTES, prepareIngestBatch } from './ingest-pool';
import { splitBatch } from './ingest-split';

afterAll(() => closeIngestPool());

const START = Date.parse('2026-01-05T20:00:00Z');
// Raids are a day apart: the clock is well past them all.
const AT = START + 30 * 86_400_000;

/** Generated events as the seed's clients send them: canonical, two raids. */
function generated(count: number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const raid of generateRaids({
    seed: 'ingest-batch',
    raids: 2,
    eventsPerRaid: count,
    start: START,
    players: 10,
  }))
    events.push(...(raid.events as unknown as Record<string, unknown>[]).slice(0, count / 2));
  return events;
}

const input = (text: string): BatchInput => ({
  bytes: Buffer.from(text),
  batchId: 'batch-1',
  atMs: AT,
  withText: true,
});

/** Each raid's stored events, decoded from the gzip NDJSON. */
const decoded = (prepared: PreparedBatch) => {
  if (!prepared.ok) throw new Error(prepared.message);
  return prepared.objects.map((o) => ({
    raidId: o.raidId,
    events: gunzipSync(o.gzip)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as unknown),
  }));
};

/** The validator's accepted events grouped by raid, in first-seen order. */
function expected(text: string) {
  const r = validateTelemetryBatch(text, { now: () => AT });
  if (!r.ok) throw new Error(r.message);
  const byRaid = new Map<string, unknown[]>();
  for (const e of r.accepted) byRaid.set(e.raid_id, [...(byRaid.get(e.raid_id) ?? []), e]);
  return [...byRaid].map(([raidId, events]) => ({ raidId, events }));
}

describe('prepareBatch', () => {
  it('stores a canonical batch as sent and a batch needing normalising re-serialised: both hold the validated events', () => {
    const events = generated(200);
    const canonical = JSON.stringify(events);
    const normalised = JSON.stringify([{ ...events[0], source_player_name: ' Padded ' }, ...events.slice(1)]);
    for (const text of [canonical, normalised]) {
      const prepared = prepareBatch(input(text));
      expect(decoded(prepared)).toEqual(expected(text));
      // The text given to live streams is the stored NDJSON.
      if (prepared.ok)
        for (const o of prepared.objects) expect(o.text).toBe(gunzipSync(o.gzip).toString('utf8'));
    }
    // As sent: the canonical batch's first line is the client's own text with the defaults appended.
    const first = prepareBatch(input(canonical));
    if (!first.ok) throw new Error(first.message);
    const line = first.objects[0]!.text!.split('\n')[0]!;
    expect(line.startsWith(JSON.stringify(events[0]).slice(0, -1))).toBe(true);
  });

  it('prepares a large batch on a worker thread exactly as in place', async () => {
    const events = generated(600);
    const text = JSON.stringify(events);
    expect(Buffer.byteLength(text)).toBeGreaterThan(OFF_THREAD_BYTES);
    const inPlace = prepareBatch(input(text));
    const offThread = await prepareIngestBatch(input(text));
    const bytes = (p: PreparedBatch) =>
      p.ok ? p.objects.map((o) => ({ ...o, gzip: Buffer.from(o.gzip).toString('base64') })) : p;
    expect(bytes(offThread)).toEqual(bytes(inPlace));
    expect(offThread.ok && offThread.accepted).toBe(events.length);
  });

  it('answers a whole-batch fault with its code, in place and off the thread alike', async () => {
    const broken = `${JSON.stringify(generated(600)).slice(0, -1)},{oops]`;
    for (const prepared of [prepareBatch(input(broken)), await prepareIngestBatch(input(broken))])
      expect(prepared).toMatchObject({ ok: false, code: 'TELEMETRY_NOT_JSON' });
  });

  it('reads any body split on its bytes as the validator reads its text', () => {
    const events = generated(20);
    /** Text an event may be written as: canonical, spaced, normalised, or awkward for a byte split. */
    const variants = (e: Record<string, unknown>): fc.Arbitrary<string> =>
      fc.oneof(
        fc.constant(JSON.stringify(e)),
        fc.constant(JSON.stringify(e, null, 1)),
        fc.constant(JSON.stringify({ ...e, ability_name: 'Fire } { Ice' })),
        fc.constant(JSON.stringify({ ...e, source_player_name: 'Añelo "the" \\ ✓' })),
        fc.constant(JSON.stringify({ ...e, source_player_name: ' Padded ' })),
        fc.constant(JSON.stringify({ ...e, damage_amount: -5 })),
        fc.constant(`${JSON.stringify(e).slice(0, -1)},"raid_id":"raid009"}`),
        fc.constant(JSON.stringify({ ...e, extra: { nested: true } })),
        fc.constant('{oops'),
        fc.constant('42'),
      );
    const space = fc.constantFrom('', ' ', '\n', '\r\n', '\t', '\u00a0', '\ufeff');
    const body = fc
      .tuple(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: events.length - 1 }).chain((i) => variants(events[i]!)),
            space,
          ),
          {
            maxLength: 6,
          },
        ),
        fc.boolean(),
        space,
      )
      .map(([items, ndjson, edge]) =>
        ndjson
          ? edge + items.map(([t, sp]) => t.replaceAll('\n', ' ') + sp).join('\n')
          : `${edge}[${items.map(([t, sp]) => sp + t + sp).join(',')}]${edge}`,
      );
    let split = 0;
    fc.assert(
      fc.property(body, (text) => {
        if (splitBatch(Buffer.from(text)) !== undefined) split++;
        const prepared = prepareBatch(input(text));
        const whole = validateTelemetryBatch(text, { now: () => AT, newEventId: () => 'x' });
        if (!prepared.ok) {
          // Whole-batch faults: the validator's own, or a line that is not JSON.
          if (whole.ok)
            expect(whole.rejected.some((r) => r.errors[0]?.message.startsWith('not valid JSON'))).toBe(true);
          else expect(prepared.code).toBe(whole.code);
          return;
        }
        expect(whole.ok).toBe(true);
        const ids = (list: unknown[]) => list.map((e) => ({ ...(e as object), event_id: 'x' }));
        expect(decoded(prepared).map((r) => ({ ...r, events: ids(r.events) }))).toEqual(
          expected(text).map((r) => ({ ...r, events: ids(r.events) })),
        );
        expect(prepared.rejected).toEqual(whole.ok ? whole.rejected : []);
      }),
      { numRuns: 400, seed: 12 },
    );
    // The property holds on bodies the byte split read, not only on those it left to the text reader.
    expect(split).toBeGreaterThan(100);
  });
});

describe('bronze lines', () => {
  /** A canonical event, as a well-behaved client (the seed's generator) writes it. */
  const event = (over: Record<string, unknown> = {}) => ({
    event_type: 'combat_damage',
    timestamp: '2026-01-05T21:00:00.000000Z',
    raid_id: 'raid001',
    source_player_id: 'p1',
    source_player_name: 'Aerin',
    damage_amount: 1500,
    ...over,
  });
  /** Ids made here differ between the two readers: compared masked. */
  const masked = (list: unknown[]) => list.map((e) => ({ ...(e as object), event_id: 'x' }));
  /** A batch's stored NDJSON lines (every raid's), after checking they hold the validator's events. */
  const stored = (text: string, why = '') => {
    const prepared = prepareBatch(input(text));
    if (!prepared.ok) throw new Error(prepared.message);
    const lines = prepared.objects.flatMap((o) => o.text!.split('\n').filter((l) => l !== ''));
    expect(masked(lines.map((l) => JSON.parse(l))), why).toEqual(
      masked(expected(text).flatMap((r) => r.events)),
    );
    return lines;
  };
  /** A line serialised from the validated event starts with its first field; the sent ones here do not. */
  const serialised = (line: string) => line.startsWith('{"event_id":');

  it('are each event as sent, completed by the fields it left out and the id made for it', () => {
    const events = [
      event(),
      event({ event_id: '6f1c2b3a-1111-4222-8333-444455556666', ability_name: 'Fire, Ice' }),
      event({ raid_id: 'raid002', data_quality_flags: ['late'], damage_amount: 1.5 }),
    ];
    for (const text of [JSON.stringify(events), events.map((e) => JSON.stringify(e)).join('\n')]) {
      const lines = stored(text);
      expect(lines).toHaveLength(3);
      // raid001's two events, then raid002's: each the client's own text up to its closing brace.
      for (const [i, line] of lines.entries())
        expect(line.startsWith(JSON.stringify(events[i]).slice(0, -1))).toBe(true);
      // Sent without an id: the one made for it closes the line.
      expect(lines[0]).toMatch(/,"event_id":"[0-9a-f-]{36}"}$/);
      // Sent with one: no other is added.
      expect(lines[1]!.split('"event_id":')).toHaveLength(2);
    }
  });

  it('keep spacing that stays on one line; a pretty-printed event is serialised', () => {
    const spaced = `[ { "event_type": "combat_damage", "timestamp": "2026-01-05T21:00:00.000000Z", "raid_id": "raid001", "source_player_id": "p1", "source_player_name": "Aerin", "damage_amount": 1.50 } ]`;
    expect(stored(spaced)[0]!.startsWith('{ "event_type": "combat_damage",')).toBe(true);
    expect(serialised(stored(JSON.stringify([event()], null, 2))[0]!)).toBe(true);
  });

  it('are serialised whenever the text could hold something the parser did not see as sent', () => {
    const cases: [string, string][] = [
      ['a value to normalise', JSON.stringify([event({ source_player_name: ' Aerin ' })])],
      ['a lax number', JSON.stringify([event({ damage_amount: '15000' })])],
      ['a +00:00 time', JSON.stringify([event({ timestamp: '2026-01-05T21:00:00.000000+00:00' })])],
      ['a backslash', JSON.stringify([event({ source_player_name: 'A\\"erin' })])],
      ['a brace inside a string', JSON.stringify([event({ ability_name: 'x},{' })])],
      ['a key sent twice', `[${JSON.stringify(event()).slice(0, -1)},"damage_amount":-1,"damage_amount":5}]`],
      ['a space before a colon', JSON.stringify([event()]).replace('"raid_id":', '"raid_id" :')],
      ['a refused event beside it', JSON.stringify([event(), event({ damage_amount: -1 })])],
    ];
    for (const [why, text] of cases) {
      const lines = stored(text, why);
      expect(lines.every(serialised), why).toBe(true);
      // DuckDB refuses a line holding a key twice: each stored line holds each key once.
      for (const line of lines) expect(line.split('"damage_amount":').length, why).toBe(2);
    }
  });
});
