import { gunzipSync } from 'node:zlib';
import { validateTelemetryBatch } from '@guildhall/contracts';
import { generateRaids } from '@guildhall/telemetry-gen';
import { afterAll, describe, expect, it } from 'vitest';
import { type BatchInput, type PreparedBatch, prepareBatch } from './ingest-batch';
import { closeIngestPool, OFF_THREAD_BYTES, prepareIngestBatch } from './ingest-pool';

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
});
