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
