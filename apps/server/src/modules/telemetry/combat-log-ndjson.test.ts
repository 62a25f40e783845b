import { type CombatLogEvent, parseCombatLogText } from '@guildhall/combat-log';
import { LogWriter, raidNightsLog, type Unit } from '@guildhall/combat-log/testing';
import { describe, expect, it } from 'vitest';
import { BronzeRows, ndjsonText } from './bronze';
import { eventKeysMatch, writeCombatLogEvent } from './combat-log-ndjson';
import { NdjsonBytes } from './ndjson-bytes';

/** What the writer must produce: one JSON.stringify per event, a line break after each. */
const stringified = (events: readonly CombatLogEvent[]) =>
  events.map((e) => `${JSON.stringify(e)}\n`).join('');

const written = (events: readonly CombatLogEvent[], bytes = new NdjsonBytes(64)) => {
  for (const e of events) writeCombatLogEvent(bytes, e);
  return bytes.bytes().toString('utf8');
};

/** Every event type the parser maps, with pets, deaths and energizes, in one log. */
function mixedLog(version: 9 | 17 | 22, advanced: boolean): string {
  const w = new LogWriter(version, advanced, -4);
  const mage: Unit = { guid: 'Player-1084-0A1B2C3D', name: 'Aerin-Stormvale', flags: '0x514' };
  const priest: Unit = { guid: 'Player-1084-0B2C3D4E', name: 'Zoë-Stormvale', flags: '0x512' };
  const pet: Unit = { guid: 'Pet-0-3023-2657-12345-165189-0100', name: 'Wölfchen', flags: '0x1114' };
  const boss: Unit = {
    guid: 'Creature-0-3023-2657-12345-215657-00001A2B3C',
    name: "Mug'Zee, Heads of Security",
    flags: '0x10a48',
  };
  let t = Date.UTC(2025, 11, 14, 19);
  const at = () => {
    t += 137;
    return new Date(t);
  };
  const fields = [
    w.header(),
    w.zoneChange(2657, 'Nerub-ar Palace', 16),
    w.encounterStart(3014, "Mug'Zee, Heads of Security", 16, 20, 2769),
    w.combatantInfo(mage.guid, 63, [639, 636]),
    w.combatantInfo(priest.guid, 257, [630, 641]),
    w.summon(mage, pet, [883, 'Call Pet 1', '0x1']),
    w.spellDamage('SPELL_DAMAGE', mage, boss, [133, 'Fireball', '0x4'], 1234, { crit: true }),
    w.spellDamage('SPELL_PERIODIC_DAMAGE', mage, boss, [12654, 'Ignite', '0x4'], 77),
    w.spellDamage('RANGE_DAMAGE', mage, boss, [75, 'Auto Shot', '0x1'], 5),
    w.swing('SWING_DAMAGE', pet, boss, 321),
    w.swing('SWING_DAMAGE', boss, mage, 99_000),
    w.heal('SPELL_HEAL', priest, mage, [2061, 'Flash Heal', '0x2'], 500, 100),
    w.heal('SPELL_PERIODIC_HEAL', priest, priest, [774, 'Rejuvenation', '0x8'], 40, 40),
    w.cast(mage, boss, [133, 'Fireball', '0x4']),
    w.energize(priest, priest, [2061, 'Flash Heal', '0x2'], 300, 0, '0'),
    w.environmental(priest, 'Falling', 12_345),
    w.spellDamage('SPELL_DAMAGE', boss, priest, [1, 'Tail "Swipe" \\ of\tdoom', '0x7f'], 5000),
    w.died(priest),
    w.encounterEnd(3014, "Mug'Zee, Heads of Security", 16, 20, true, 60000),
  ];
  return `${fields.map((f) => w.line(at(), f)).join('\n')}\n`;
}

describe('combat log events as NDJSON bytes', () => {
  it.each([
    [9, false],
    [17, true],
    [22, false],
    [22, true],
  ] as const)(
    'writes what JSON.stringify writes for every event type (v%i, advanced %s)',
    (version, advanced) => {
      const { events } = parseCombatLogText(mixedLog(version, advanced), { fileId: 'x', year: 2025 });
      expect(new Set(events.map((e) => e.event_type)).size).toBe(5);
      expect(events.some((e) => e.data_quality_flags.length > 0)).toBe(true);
      expect(events.every(eventKeysMatch)).toBe(true);
      expect(written(events)).toBe(stringified(events));
      expect(written(events)).toBe(ndjsonText(events));
    },
  );

  it('writes the import fixture as JSON.stringify does', () => {
    const { events } = parseCombatLogText(raidNightsLog(3), {
      fileId: 'x',
      year: 2025,
      ingestedAt: 'at "noon"',
    });
    expect(written(events)).toBe(stringified(events));
  });

  it('escapes and encodes any text, and writes any number, as JSON.stringify does', () => {
    const [base] = parseCombatLogText(mixedLog(22, true), { fileId: 'x', year: 2025 }).events;
    const texts = [
      'long '.repeat(2000),
      '',
      'a"b',
      'back\\slash',
      'tab\tnew\nline\u0001\u001f',
      'Zoë',
      '三',
      'émoji 🐉',
      'lone \ud800 x',
      '\u007f\u2028',
    ];
    const numbers = [
      0,
      -0,
      7,
      -7,
      2 ** 31,
      2 ** 31 - 1,
      1.5,
      -0.25,
      1e21,
      1e-7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ];
    const events: CombatLogEvent[] = [];
    for (const [i, text] of texts.entries()) {
      events.push({
        ...(base as CombatLogEvent),
        source_player_id: text,
        source_player_name: text,
        ability_id: text,
        ability_name: text,
        target_entity_id: text,
        target_entity_name: text,
        event_id: text,
        raid_id: text,
        timestamp: text,
        encounter_id: text,
        ingestion_timestamp: text,
        source_system: text,
        data_quality_flags: [text, 'pet'],
        // Values outside the sets the model knows are written all the same.
        source_player_role: text as CombatLogEvent['source_player_role'],
        ability_school: text as CombatLogEvent['ability_school'],
        resource_type: i % 2 === 0 ? null : 'mana',
        damage_amount: numbers[i] as number,
        healing_amount: numbers[i + 1] as number,
        resource_regeneration_rate: numbers[i + 2] as number,
        target_entity_health_pct_before: numbers[(i + 3) % numbers.length] as number,
        overhealing_amount: numbers[(i + 4) % numbers.length] as number,
        log_line: i,
      });
    }
    for (const n of numbers) {
      // Fields the parser never sets: the line falls back to JSON.stringify.
      events.push({ ...(base as CombatLogEvent), critical_multiplier: n, encounter_duration_ms: n });
      events.push({ ...(base as CombatLogEvent), server_latency_ms: n, source_player_level: n });
      events.push({
        ...(base as CombatLogEvent),
        resource_amount_after: n,
        is_blocked: true,
        is_resisted: true,
      });
    }
    expect(written(events)).toBe(stringified(events));
  });

  it('tells an event shaped otherwise (another key, another order) from the parser’s', () => {
    const [base] = parseCombatLogText(mixedLog(22, true), { fileId: 'x', year: 2025 }).events;
    const e = base as CombatLogEvent;
    expect(eventKeysMatch(e)).toBe(true);
    expect(eventKeysMatch({ ...e, extra: 1 } as CombatLogEvent)).toBe(false);
    const { event_id, ...rest } = e;
    expect(eventKeysMatch({ ...rest, event_id } as CombatLogEvent)).toBe(false);
  });

  it('reuses released buffers without mixing batches', () => {
    const { events } = parseCombatLogText(mixedLog(22, true), { fileId: 'x', year: 2025 });
    const spare: NdjsonBytes[] = [];
    const first = new BronzeRows(spare);
    for (const e of events) writeCombatLogEvent(first.bytesOf(e.raid_id), e);
    first.added(events.length);
    const [[raid, bytes]] = first.texts() as [[string, Buffer]];
    expect(bytes.toString('utf8')).toBe(stringified(events));
    first.release();
    expect(spare).toHaveLength(1);
    const second = new BronzeRows(spare);
    const some = events.slice(0, 3);
    for (const e of some) writeCombatLogEvent(second.bytesOf(e.raid_id), e);
    second.added(some.length);
    expect(second.count).toBe(3);
    expect(second.texts()).toEqual([[raid, Buffer.from(stringified(some))]]);
    expect(spare).toHaveLength(0);
  });
});
