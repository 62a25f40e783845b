import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseTelemetryTime,
  type TelemetryValidationOptions,
  TIMESTAMP_ZONE_MESSAGE,
  validateTelemetryBatch,
  validateTelemetryEvents,
  zTelemetryEvent,
} from './telemetry';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};
const opts = (): TelemetryValidationOptions => ({ now: () => NOW, newEventId: ids() });

const damage = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  event_type: 'combat_damage',
  timestamp: '2026-02-19T20:15:00Z',
  raid_id: 'raid001',
  source_player_id: 'player_raid001_001',
  source_player_name: 'Aerin',
  damage_amount: 15000,
  ...over,
});

/** The errors of one event, as `field: message` strings. */
function errorsOf(event: unknown): string[] {
  const r = validateTelemetryEvents([event], opts());
  return (r.rejected[0]?.errors ?? []).map((e) => `${e.field}: ${e.message}`);
}
const accepted = (event: unknown) => validateTelemetryEvents([event], opts()).accepted[0];

describe('telemetry event rules', () => {
  it('accepts a minimal event and fills every default', () => {
    expect(accepted(damage())).toEqual({
      event_id: '00000000-0000-4000-8000-000000000001',
      event_type: 'combat_damage',
      timestamp: '2026-02-19T20:15:00.000000Z',
      raid_id: 'raid001',
      encounter_id: null,
      encounter_duration_ms: null,
      source_player_id: 'player_raid001_001',
      source_player_name: 'Aerin',
      source_player_role: null,
      source_player_class: null,
      source_player_level: null,
      ability_id: null,
      ability_name: null,
      ability_school: null,
      damage_amount: 15000,
      healing_amount: null,
      is_critical_hit: false,
      critical_multiplier: 1,
      is_resisted: false,
      is_blocked: false,
      is_absorbed: false,
      target_entity_id: null,
      target_entity_name: null,
      target_entity_type: null,
      target_entity_health_pct_before: null,
      target_entity_health_pct_after: null,
      resource_type: null,
      resource_amount_before: null,
      resource_amount_after: null,
      resource_regeneration_rate: null,
      ingestion_timestamp: '2026-03-01T12:00:00.000000Z',
      source_system: 'wow-raid-addon-v1.2',
      data_quality_flags: [],
      server_latency_ms: null,
      client_latency_ms: null,
    });
  });

  it('refuses unknown keys', () => {
    expect(errorsOf(damage({ dps: 1 }))).toEqual(['null: unknown field(s): dps']);
  });

  it.each(['event_type', 'timestamp', 'raid_id', 'source_player_id', 'source_player_name'])(
    'requires %s',
    (field) => {
      const event = damage();
      delete event[field];
      expect(errorsOf(event)).toContain(`${field}: is required`);
    },
  );

  it('trims strings before length checks and the raid id pattern', () => {
    const e = accepted(damage({ raid_id: ' raid042 ', source_player_name: '  Twelve_Chars  ' }));
    expect(e).toMatchObject({ raid_id: 'raid042', source_player_name: 'Twelve_Chars' });
    expect(errorsOf(damage({ source_player_name: 'Thirteen_Chrs' }))[0]).toMatch(/^source_player_name:/);
    expect(errorsOf(damage({ source_player_name: '   ' }))[0]).toMatch(/^source_player_name:/);
    expect(errorsOf(damage({ source_player_id: ' ' }))[0]).toMatch(/^source_player_id:/);
  });

  it.each(['raid1', 'raid0001', 'RAID001', 'raid00a', 'r001'])('refuses raid_id %s', (raid_id) => {
    expect(errorsOf(damage({ raid_id }))[0]).toMatch(/^raid_id: must look like raid001/);
  });

  it('refuses times and integers past what a date or a BIGINT holds, rather than failing later', () => {
    // 2^53 epoch seconds is no date at all (it used to throw while formatting: a 500).
    expect(errorsOf(damage({ timestamp: 2 ** 53 }))).toEqual(['timestamp: is not a valid date-time']);
    expect(errorsOf(damage({ timestamp: '9007199254740992' }))).toEqual([
      'timestamp: is not a valid date-time',
    ]);
    // An integer past 2^53 would be stored, then refused by DuckDB's BIGINT with its whole object.
    expect(errorsOf(damage({ encounter_duration_ms: 2 ** 64 })).map((e) => e.split(':')[0])).toEqual([
      'encounter_duration_ms',
    ]);
    expect(accepted(damage({ encounter_duration_ms: 2 ** 53 - 1 }))).toBeDefined();
  });

  it('coerces numeric strings leniently and keeps integers integral', () => {
    const e = accepted(damage({ damage_amount: '5', encounter_duration_ms: '120', source_player_level: 90 }));
    expect(e).toMatchObject({ damage_amount: 5, encounter_duration_ms: 120, source_player_level: 90 });
    expect(errorsOf(damage({ encounter_duration_ms: 1.5 }))[0]).toMatch(/^encounter_duration_ms:/);
    expect(errorsOf(damage({ damage_amount: 'five' }))[0]).toMatch(/^damage_amount:/);
    expect(errorsOf(damage({ damage_amount: true }))[0]).toMatch(/^damage_amount:/);
  });

  it.each([
    ['encounter_duration_ms', -1, 0],
    ['source_player_level', 0, 1],
    ['source_player_level', 91, 90],
    ['damage_amount', 1_000_001, 1_000_000],
    ['healing_amount', 500_001, 500_000],
    ['healing_amount', -1, 0],
    ['critical_multiplier', 0.99, 1],
    ['critical_multiplier', 5.01, 5],
    ['target_entity_health_pct_before', 100.1, 100],
    ['target_entity_health_pct_after', -0.1, 0],
    ['resource_amount_before', -1, 0],
    ['resource_amount_after', -1, 0],
    ['resource_regeneration_rate', -1, 0],
    ['server_latency_ms', -1, 0],
    ['client_latency_ms', -1, 0],
  ])('bounds %s: refuses %d, accepts %d', (field, bad, good) => {
    expect(errorsOf(damage({ [field]: bad }))[0]).toMatch(new RegExp(`^${field}:`));
    expect(accepted(damage({ [field]: good }))).toMatchObject({ [field]: good });
  });

  it.each([
    ['event_type', 'combat'],
    ['source_player_role', 'support'],
    ['source_player_class', 'demon_hunter'],
    ['ability_school', 'void'],
    ['target_entity_type', 'pet'],
    ['resource_type', 'holy_power'],
  ])('refuses %s outside its values (%s)', (field, value) => {
    expect(errorsOf(damage({ [field]: value }))[0]).toMatch(new RegExp(`^${field}:`));
  });

  it('takes lenient booleans and refuses others', () => {
    const e = accepted(
      damage({ is_critical_hit: 'yes', is_resisted: 1, is_blocked: 'off', is_absorbed: true }),
    );
    expect(e).toMatchObject({
      is_critical_hit: true,
      is_resisted: true,
      is_blocked: false,
      is_absorbed: true,
    });
    expect(errorsOf(damage({ is_critical_hit: 'maybe' }))[0]).toMatch(/^is_critical_hit:/);
    expect(errorsOf(damage({ is_critical_hit: null }))[0]).toMatch(/^is_critical_hit:/);
  });

  it('normalises a given event_id and refuses a malformed one', () => {
    const id = 'F1BEFA7B06D74702B241A0177B286C32';
    expect(accepted(damage({ event_id: id }))?.event_id).toBe('f1befa7b-06d7-4702-b241-a0177b286c32');
    expect(errorsOf(damage({ event_id: 'not-a-uuid' }))).toEqual(['event_id: must be a UUID']);
  });

  it('trims data_quality_flags and refuses non-string flags', () => {
    expect(accepted(damage({ data_quality_flags: [' a '] }))?.data_quality_flags).toEqual(['a']);
    expect(errorsOf(damage({ data_quality_flags: [1] }))[0]).toMatch(/^data_quality_flags:/);
  });

  describe('per-type rules', () => {
    it('combat_damage needs damage_amount > 0', () => {
      expect(errorsOf(damage({ damage_amount: 0 }))).toEqual([
        'damage_amount: is required and must be > 0 for combat_damage',
      ]);
      expect(errorsOf(damage({ damage_amount: undefined }))).toEqual([
        'damage_amount: is required and must be > 0 for combat_damage',
      ]);
    });
    it('heal needs healing_amount > 0', () => {
      expect(errorsOf(damage({ event_type: 'heal', damage_amount: null }))).toEqual([
        'healing_amount: is required and must be > 0 for heal',
      ]);
      expect(accepted(damage({ event_type: 'heal', damage_amount: null, healing_amount: 1 }))).toBeDefined();
    });
    it('mana_regeneration needs resource_type', () => {
      expect(errorsOf(damage({ event_type: 'mana_regeneration' }))).toEqual([
        'resource_type: is required for mana_regeneration',
      ]);
      expect(accepted(damage({ event_type: 'mana_regeneration', resource_type: 'mana' }))).toBeDefined();
    });
    it.each(['player_death', 'spell_cast', 'boss_phase'])('%s needs nothing extra', (event_type) => {
      expect(accepted({ ...damage({ event_type }), damage_amount: undefined })).toBeDefined();
    });
    it('fields foreign to a type are not refused', () => {
      expect(
        accepted(damage({ event_type: 'spell_cast', healing_amount: 5, resource_type: 'mana' })),
      ).toBeDefined();
    });
  });

  describe('timestamps', () => {
    it.each([
      ['2026-02-19T20:15:00', TIMESTAMP_ZONE_MESSAGE],
      ['2026-02-19', TIMESTAMP_ZONE_MESSAGE],
      ['2026-02-19 20:15', TIMESTAMP_ZONE_MESSAGE],
    ])('refuses %s without a zone with a clear message', (timestamp, message) => {
      expect(errorsOf(damage({ timestamp }))).toEqual([`timestamp: ${message}`]);
    });
    it.each([
      ['2026-02-19T20:15:00.123456789+02:00', '2026-02-19T18:15:00.123456Z'],
      ['2026-02-19T20:15:00-0130', '2026-02-19T21:45:00.000000Z'],
      ['2026-02-19 20:15z', '2026-02-19T20:15:00.000000Z'],
      ['2026-02-19T20:15:00.5+05', '2026-02-19T15:15:00.500000Z'],
      [1771532100, '2026-02-19T20:15:00.000000Z'],
      ['1771532100.25', '2026-02-19T20:15:00.250000Z'],
    ])('reads %s as %s', (timestamp, utc) => {
      expect(accepted(damage({ timestamp }))?.timestamp).toBe(utc);
    });
    it.each(['2026-02-30T10:00:00Z', '2026-02-19T24:00:00Z', 'yesterday', '2026-02-19T20:15:00+25:00'])(
      'refuses %s',
      (timestamp) => {
        expect(errorsOf(damage({ timestamp }))[0]).toMatch(/^timestamp: /);
      },
    );
    it('refuses a time after the server clock, accepts the clock itself', () => {
      expect(errorsOf(damage({ timestamp: '2026-03-01T12:00:00.001Z' }))).toEqual([
        'timestamp: is in the future (after the server clock)',
      ]);
      expect(accepted(damage({ timestamp: '2026-03-01T12:00:00Z' }))).toBeDefined();
    });
    it('keeps a given ingestion_timestamp and requires its zone too', () => {
      const e = accepted(damage({ ingestion_timestamp: '2026-02-20T00:00:00+01:00' }));
      expect(e?.ingestion_timestamp).toBe('2026-02-19T23:00:00.000000Z');
      expect(errorsOf(damage({ ingestion_timestamp: '2026-02-20T00:00:00' }))).toEqual([
        `ingestion_timestamp: ${TIMESTAMP_ZONE_MESSAGE}`,
      ]);
    });
    it('parseTelemetryTime gives epoch microseconds', () => {
      expect(parseTelemetryTime('1970-01-01T00:00:01.000002Z')).toEqual({ ok: true, value: 1_000_002 });
    });
  });
});

describe('validateTelemetryBatch', () => {
  it('takes a JSON array and lists rejected events by index with the reason', () => {
    const text = JSON.stringify([
      damage(),
      'x',
      damage({ raid_id: 'r' }),
      damage({ timestamp: '2026-02-19T20:15' }),
    ]);
    const r = validateTelemetryBatch(text, opts());
    if (!r.ok) throw new Error(r.message);
    expect(r.accepted).toHaveLength(1);
    expect(r.rejected.map((x) => [x.index, x.errors[0]?.field])).toEqual([
      [1, null],
      [2, 'raid_id'],
      [3, 'timestamp'],
    ]);
  });

  it('takes NDJSON, skips blank lines and rejects a line that is not JSON', () => {
    const text = `${JSON.stringify(damage())}\n\n{"event_type":\n${JSON.stringify(damage())}\r\n`;
    const r = validateTelemetryBatch(text, opts());
    if (!r.ok) throw new Error(r.message);
    expect(r.accepted).toHaveLength(2);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]?.index).toBe(1);
    expect(r.rejected[0]?.errors[0]?.message).toMatch(/^not valid JSON/);
  });

  it.each([
    ['', 'TELEMETRY_EMPTY_BATCH'],
    ['  \n ', 'TELEMETRY_EMPTY_BATCH'],
    ['[]', 'TELEMETRY_EMPTY_BATCH'],
    ['[{"a":', 'TELEMETRY_NOT_JSON'],
  ])('refuses the batch %j as %s', (text, code) => {
    expect(validateTelemetryBatch(text, opts())).toMatchObject({ ok: false, code });
  });
});

describe('fast path and zod schema agree', () => {
  const schema = zTelemetryEvent({ now: () => NOW, newEventId: () => 'zod-id' });
  const fieldValue = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer({ min: -5, max: 1_200_000 }),
    fc.constantFrom(2 ** 53, 2 ** 64, 1e300),
    fc.double({ min: -1, max: 120, noNaN: true }),
    fc.constantFrom('5', ' 7 ', 'yes', 'off', 'x', '', 'mana', 'tank', 'boss', 'fire', 'warrior', 'heal'),
    fc.constantFrom('2026-02-19T20:15:00Z', '2026-02-19T20:15:00', '2027-01-01T00:00:00Z', 1771532100),
    fc.constantFrom(
      '2026-02-19T20:15:00.123456Z',
      '2026-02-19T20:15:00.123456+00:00',
      '2026-02-29T20:15:00.123456Z',
      '2024-02-29T20:15:00.123456Z',
      '2026-03-01T12:00:00.000001Z',
      '2026-03-01T12:00:00.000000Z',
      '2026-04-31T20:15:00.000000Z',
    ),
    fc.constantFrom('raid001', 'raid01', '6f1c2b3a-1111-4222-8333-444455556666', ['a', ' b'], [1]),
  );
  const fields = [
    'event_id',
    'event_type',
    'timestamp',
    'raid_id',
    'source_player_name',
    'source_player_role',
    'source_player_class',
    'source_player_level',
    'damage_amount',
    'healing_amount',
    'is_critical_hit',
    'critical_multiplier',
    'target_entity_type',
    'target_entity_health_pct_after',
    'resource_type',
    'data_quality_flags',
    'client_latency_ms',
    'ingestion_timestamp',
    'unknown_key',
  ];

  it('accept and refuse the same events, with the same result', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('combat_damage', 'heal', 'mana_regeneration', 'spell_cast'),
        fc.dictionary(fc.constantFrom(...fields), fieldValue, { maxKeys: 4 }),
        (event_type, changes) => {
          const event: Record<string, unknown> = { ...damage({ event_type }), ...changes };
          for (const k of Object.keys(event)) if (event[k] === undefined) delete event[k];
          const fast = validateTelemetryEvents([event], { now: () => NOW, newEventId: () => 'zod-id' });
          const slow = schema.safeParse(event);
          expect(fast.accepted.length === 1).toBe(slow.success);
          if (slow.success) expect(fast.accepted[0]).toEqual(slow.data);
        },
      ),
      { numRuns: 1000, seed: 10 },
    );
  });
});
