import { describe, expect, it } from 'vitest';
import { splitFields, splitGroupedFields } from './fields';
import type { CombatLogEvent } from './parser';
import { type CombatLogBatch, parseCombatLog, parseCombatLogText } from './stream';
import { type LogVersion, LogWriter, type Unit } from './testing/log-writer';

const OPTS = { fileId: 'WoWCombatLog-121425_192903.txt:4096:abc', year: 2025 };

const mage: Unit = {
  guid: 'Player-1084-0A1B2C3D',
  name: 'Aerin-Stormvale',
  flags: '0x514',
  powerType: '0',
  power: '40000',
  maxPower: '50000',
};
const priest: Unit = {
  guid: 'Player-1084-0B2C3D4E',
  name: 'Zoë-Stormvale',
  flags: '0x512',
  hp: 900,
  maxHp: 1000,
};
const boss: Unit = {
  guid: 'Creature-0-3023-2657-12345-215657-00001A2B3C',
  name: "Mug'Zee, Heads of Security",
  flags: '0x10a48',
  hp: 750_000,
  maxHp: 1_000_000,
  level: -1,
};
const add: Unit = {
  guid: 'Creature-0-3023-2657-12345-999-00001A2B3D',
  name: 'Goon',
  flags: '0xa48',
  hp: 10,
  maxHp: 100,
};
const hunter: Unit = { guid: 'Player-1084-0C3D4E5F', name: 'Brann-Stormvale', flags: '0x514' };
/** A guardian the mage summons (SPELL_SUMMON names the owner). */
const imp: Unit = {
  guid: 'Creature-0-3023-2657-12345-55659-0000AAAAAA',
  name: 'Wild Imp',
  flags: '0x2114',
};
/** The hunter's pet, out before logging began: only the advanced block's ownerGUID names its owner. */
const wolf: Unit = {
  guid: 'Pet-0-3023-2657-12345-165189-0100BBBBBB',
  name: 'Wolf',
  flags: '0x1114',
  owner: hunter.guid,
};
const FIREBALL: [number, string, string] = [133, 'Fireball', '0x4'];
const HEAL: [number, string, string] = [2061, 'Flash Heal', '0x2'];

/** A raid night written by `w`: one pull of every event type, duplicates included. */
function raidNight(w: LogWriter, start = Date.UTC(2025, 11, 14, 19, 29, 3, 96)): string[] {
  let t = start;
  const at = () => {
    t += 250;
    return new Date(t);
  };
  const lines = [
    w.line(at(), w.header()),
    w.line(at(), w.zoneChange(2657, 'Nerub-ar Palace', 16)),
    w.line(at(), w.encounterStart(3014, "Mug'Zee, Heads of Security", 16, 20, 2769)),
    w.line(
      at(),
      w.combatantInfo(
        mage.guid,
        63,
        [639, 636, 0, 1, 642, 630, 629, 633, 636, 640, 642, 639, 636, 636, 639, 645, 0, 0, 1],
      ),
    ),
    w.line(at(), w.combatantInfo(priest.guid, 257, [600, 610])),
    w.line(at(), w.spellDamage('SPELL_DAMAGE', mage, boss, FIREBALL, 1000, { crit: true })),
    w.line(at(), w.spellDamage('SPELL_DAMAGE_SUPPORT', mage, boss, [395152, 'Ebon Might', '0x8'], 120)),
    w.line(
      at(),
      w.spellDamage('SPELL_PERIODIC_DAMAGE', mage, boss, [12654, 'Ignite', '0x4'], 200, { absorbed: 5 }),
    ),
    w.line(at(), w.spellDamage('RANGE_DAMAGE', mage, add, [75, 'Auto Shot', '0x1'], 300, { aoe: true })),
    w.line(at(), w.swing('SWING_DAMAGE', mage, boss, 400)),
    w.line(at(), w.swing('SWING_DAMAGE_LANDED', mage, boss, 400)),
    w.line(at(), w.summon(mage, imp, [104317, 'Wild Imp', '0x20'])),
    w.line(at(), w.spellDamage('SPELL_DAMAGE', imp, boss, [104318, 'Fel Firebolt', '0x4'], 150)),
    w.line(at(), w.cast(hunter, boss, [34026, 'Kill Command', '0x1'])),
    w.line(at(), w.swing('SWING_DAMAGE', wolf, boss, 600)),
    w.line(at(), w.cast(wolf, boss, [16827, 'Claw', '0x1'])),
    w.line(at(), w.spellDamage('SPELL_DAMAGE', wolf, boss, [16827, 'Claw', '0x1'], 250)),
    w.line(at(), w.absorbed(boss, priest, priest, [17, 'Power Word: Shield', '0x2'], 900)),
    w.line(at(), w.environmental(priest, 'Falling', 300)),
    w.line(at(), w.heal('SPELL_HEAL', priest, mage, HEAL, 5000, 1500, true)),
    w.line(at(), w.heal('SPELL_HEAL_SUPPORT', priest, mage, [395152, 'Ebon Might', '0x8'], 700, 0)),
    w.line(at(), w.heal('SPELL_PERIODIC_HEAL', priest, priest, [139, 'Renew', '0x2'], 800, 800)),
    w.line(at(), w.cast(mage, boss, FIREBALL)),
    w.line(at(), w.energize(mage, mage, [12051, 'Evocation', '0x40'], 10000, 0, '0')),
    w.line(at(), w.energize(mage, mage, [1, 'Holy Power thing', '0x2'], 1, 0, '9')),
    w.line(at(), w.swing('SWING_DAMAGE', boss, priest, 2500)),
    w.line(
      at(),
      'SPELL_AURA_APPLIED,Player-1084-0A1B2C3D,"Aerin-Stormvale",0x514,0x0,Player-1084-0A1B2C3D,"Aerin-Stormvale",0x514,0x0,1459,"Arcane Intellect",0x40,BUFF'.split(
        ',',
      ),
    ),
    w.line(at(), w.died(priest)),
    w.line(at(), w.died(add)),
    w.line(at(), w.encounterEnd(3014, "Mug'Zee, Heads of Security", 16, 20, true, 195486)),
  ];
  return lines;
}

/** Damage lines of `raidNight` in order, each once: duplicates and SPELL_ABSORBED never count. */
const DAMAGE = [1000, 200, 300, 400, 150, 600, 250, 300, 2500];

const sum = (events: CombatLogEvent[], key: 'damage_amount' | 'healing_amount') =>
  events.reduce((s, e) => s + (e[key] ?? 0), 0);

describe('documented field counts (the fixtures follow the layout)', () => {
  const table: Record<LogVersion, Record<string, number>> = {
    9: { cast: 28, spell: 38, swing: 35, heal: 33, energize: 32 },
    17: { cast: 29, spell: 39, swing: 36, heal: 34, energize: 33 },
    20: { cast: 29, spell: 39, swing: 36, heal: 34, energize: 33 },
    22: { cast: 31, spell: 42, swing: 38, heal: 36, energize: 35 },
  };
  it.each([9, 17, 20, 22] as const)('v%i', (v) => {
    const w = new LogWriter(v, true);
    const count = (fields: (string | number)[]) => splitFields(fields.join(',')).length;
    expect({
      cast: count(w.cast(mage, boss, FIREBALL)),
      spell: count(w.spellDamage('SPELL_DAMAGE', mage, boss, FIREBALL, 1)),
      swing: count(w.swing('SWING_DAMAGE', mage, boss, 1)),
      heal: count(w.heal('SPELL_HEAL', priest, mage, HEAL, 1, 0)),
      energize: count(w.energize(mage, mage, FIREBALL, 1, 0, '0')),
    }).toEqual(table[v]);
  });
});

describe('fields', () => {
  it('keeps commas inside quoted names and removes the quotes', () => {
    expect(splitFields('ENCOUNTER_END,3014,"Mug\'Zee, Heads of Security",16,20,1,195486')).toEqual([
      'ENCOUNTER_END',
      '3014',
      "Mug'Zee, Heads of Security",
      '16',
      '20',
      '1',
      '195486',
    ]);
    expect(splitFields('A,"x,,y",""')).toEqual(['A', 'x,,y', '']);
  });
  it('keeps nested groups whole', () => {
    expect(splitGroupedFields('COMBATANT_INFO,P,1,[(1,2,(3,4)),(5,6)],(7,8),"a,b"')).toEqual([
      'COMBATANT_INFO',
      'P',
      '1',
      '[(1,2,(3,4)),(5,6)]',
      '(7,8)',
      'a,b',
    ]);
  });
});

describe.each([9, 17, 22] as const)('combat log v%i', (version) => {
  describe.each([true, false])('advanced logging %s', (advanced) => {
    const w = new LogWriter(version, advanced, -4);
    const out = parseCombatLogText(`${raidNight(w).join('\n')}\n`, OPTS);
    const byType = (type: string) => out.events.filter((e) => e.event_type === type);

    it('maps every damage event once, never the _LANDED or _SUPPORT duplicates', () => {
      const damage = byType('combat_damage');
      expect(damage.map((e) => e.damage_amount)).toEqual(DAMAGE);
      expect(sum(damage, 'damage_amount')).toBe(5700);
      const [fireball, ignite, shot, swing] = damage;
      expect(fireball).toMatchObject({
        source_player_id: mage.guid,
        source_player_name: 'Aerin-Stormvale',
        source_player_class: 'mage',
        source_player_role: 'dps',
        ability_id: '133',
        ability_name: 'Fireball',
        ability_school: 'fire',
        is_critical_hit: true,
        target_entity_name: "Mug'Zee, Heads of Security",
        target_entity_type: 'boss',
      });
      expect(ignite).toMatchObject({ is_absorbed: true, is_critical_hit: false });
      expect(shot).toMatchObject({ target_entity_type: 'add', ability_school: 'physical' });
      expect(swing).toMatchObject({ ability_id: null, ability_school: 'physical' });
    });

    it('credits a guardian to its summoner, and a pet to the owner its advanced block names', () => {
      const damage = byType('combat_damage');
      const bySource = (amount: number) => {
        const e = damage.find((d) => d.damage_amount === amount);
        return [e?.source_player_id, e?.source_player_name, e?.data_quality_flags];
      };
      expect(bySource(150)).toEqual([mage.guid, 'Aerin-Stormvale', ['pet']]);
      // Without advanced logging nothing names the wolf's owner: it stays a source of its own.
      const wolfCredit = advanced ? [hunter.guid, 'Brann-Stormvale', ['pet']] : [wolf.guid, 'Wolf', []];
      expect(bySource(600)).toEqual(wolfCredit);
      expect(bySource(250)).toEqual(wolfCredit);
      const claw = byType('spell_cast').find((e) => e.ability_name === 'Claw');
      expect([claw?.source_player_id, claw?.source_player_name, claw?.data_quality_flags]).toEqual(
        wolfCredit,
      );
    });

    it('maps ENVIRONMENTAL_DAMAGE as damage taken from no unit, named after its type', () => {
      const fall = byType('combat_damage').find((e) => e.ability_name === 'Falling');
      expect(fall).toMatchObject({
        source_player_id: '0000000000000000',
        source_player_name: 'Environment',
        damage_amount: 300,
        ability_school: 'physical',
        target_entity_id: priest.guid,
        target_entity_type: 'player',
        target_entity_health_pct_after: advanced ? 90 : null,
      });
    });

    it('maps healing as effective = amount − overheal, keeping the overheal', () => {
      const heals = byType('heal');
      expect(heals.map((e) => [e.healing_amount, e.overhealing_amount, e.is_critical_hit])).toEqual([
        [3500, 1500, true],
        [0, 800, false],
      ]);
      expect(heals[0]).toMatchObject({ source_player_role: 'healer', source_player_class: 'priest' });
    });

    it('maps casts, energize (known power types only) and player deaths with the killing blow', () => {
      expect(byType('spell_cast').map((e) => e.ability_name)).toEqual(['Kill Command', 'Claw', 'Fireball']);
      const regen = byType('mana_regeneration');
      expect(regen.map((e) => [e.resource_type, e.resource_regeneration_rate])).toEqual([['mana', 10000]]);
      expect(regen[0]?.resource_amount_after).toBe(advanced ? 80 : null);
      const deaths = byType('player_death');
      expect(deaths).toHaveLength(1);
      expect(deaths[0]).toMatchObject({
        target_entity_id: priest.guid,
        target_entity_name: 'Zoë-Stormvale',
        source_player_id: boss.guid,
        ability_name: 'Melee',
        data_quality_flags: ['player_death'],
      });
    });

    it('reads the target health from the advanced block only when logging says it is on', () => {
      const fireball = byType('combat_damage')[0];
      expect(fireball?.target_entity_health_pct_after).toBe(advanced ? 75 : null);
    });

    it('makes one raid for the instance session and one pull, a kill', () => {
      expect(out.raids).toHaveLength(1);
      expect(out.raids[0]).toMatchObject({
        instance_id: 2657,
        zone_name: 'Nerub-ar Palace',
        difficulty_id: 16,
        log_version: version,
        advanced_logging: advanced,
      });
      const ended = out.pulls.filter((p) => p.outcome !== null);
      expect(ended).toEqual([
        expect.objectContaining({
          encounter_id: 3014,
          encounter_name: "Mug'Zee, Heads of Security",
          outcome: 'kill',
          fight_time_ms: 195486,
          boss_hp_pct: 0,
          pull_number: 1,
        }),
      ]);
      expect(out.events.every((e) => e.raid_id === out.raids[0]?.raid_id)).toBe(true);
      expect(out.events.every((e) => e.encounter_id === ended[0]?.pull_id)).toBe(true);
    });

    it('reads COMBATANT_INFO: spec, class, role and item level', () => {
      expect(
        out.combatants.map((c) => [c.player_guid, c.spec_id, c.class_name, c.role, c.item_level]),
      ).toEqual([
        [mage.guid, 63, 'mage', 'dps', 637.29],
        [priest.guid, 257, 'priest', 'healer', 605],
      ]);
    });

    it('gives every event a distinct, stable UUID-shaped id', () => {
      const ids = out.events.map((e) => e.event_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
      const again = parseCombatLogText(`${raidNight(w).join('\n')}\n`, OPTS);
      expect(again.events.map((e) => e.event_id)).toEqual(ids);
      const other = parseCombatLogText(`${raidNight(w).join('\n')}\n`, { ...OPTS, fileId: 'other' });
      expect(other.events[0]?.event_id).not.toBe(ids[0]);
    });
  });
});

describe('timestamps', () => {
  const one = (text: string, opts = OPTS) => parseCombatLogText(text, opts).events[0]?.timestamp;
  const cast = new LogWriter(17, false).cast(mage, boss, FIREBALL).join(',');

  it('reads month/day as local time in the given year and zone', () => {
    expect(one(`12/14 19:29:03.096  ${cast}`)).toBe('2025-12-14T19:29:03.096000Z');
    expect(one(`12/14 19:29:03.096  ${cast}`, { ...OPTS, utcOffsetMinutes: 60 } as typeof OPTS)).toBe(
      '2025-12-14T18:29:03.096000Z',
    );
  });
  it('moves to the next year when December turns to January', () => {
    const out = parseCombatLogText(`12/31 23:59:59.900  ${cast}\n1/1 00:00:00.100  ${cast}\n`, OPTS);
    expect(out.events.map((e) => e.timestamp)).toEqual([
      '2025-12-31T23:59:59.900000Z',
      '2026-01-01T00:00:00.100000Z',
    ]);
  });
  it('reads the year and a negative hour offset: UTC = local − offset', () => {
    expect(one(`6/14/2025 18:01:13.780-4  ${cast}`)).toBe('2025-06-14T22:01:13.780000Z');
  });
  it('reads a positive offset run into the milliseconds', () => {
    expect(one(`8/15/2026 11:27:07.8822  ${cast}`)).toBe('2026-08-15T09:27:07.882000Z');
  });
  it('accepts any run of blanks before the event and CRLF line ends', () => {
    expect(one(`6/14/2025 18:01:13.780-4 ${cast}\r\n`)).toBe('2025-06-14T22:01:13.780000Z');
    expect(one(`6/14/2025 18:01:13.780-4    ${cast}`)).toBe('2025-06-14T22:01:13.780000Z');
  });
  it('counts an unreadable timestamp as malformed, not as an event', () => {
    const out = parseCombatLogText(`13/40 19:29:03.096  ${cast}\ngarbage\n`, OPTS);
    expect(out.events).toHaveLength(0);
    expect(out.stats.malformed).toBe(2);
  });
});

describe('sessions', () => {
  it('treats a mid-file version header as a session break and re-reads the layout', () => {
    const a = raidNight(new LogWriter(17, true)).slice(0, 8); // cut before ENCOUNTER_END
    const b = raidNight(new LogWriter(22, true, 2), Date.UTC(2025, 11, 15, 20, 0, 0));
    const out = parseCombatLogText(`${[...a, ...b].join('\n')}\n`, OPTS);
    expect(out.raids.map((r) => r.log_version)).toEqual([17, 22]);
    const ended = out.pulls.filter((p) => p.outcome !== null);
    expect(ended.map((p) => p.outcome)).toEqual(['incomplete', 'kill']);
    // The second session's damage is read with the v22 widths (ST/AOE): same amounts.
    const second = out.events.filter(
      (e) => e.raid_id === out.raids[1]?.raid_id && e.event_type === 'combat_damage',
    );
    expect(second.map((e) => e.damage_amount)).toEqual(DAMAGE);
  });

  it('reads three sessions of three versions in one file, each its own raid', () => {
    const v9 = raidNight(new LogWriter(9, false), Date.UTC(2025, 11, 13, 20));
    const v17 = raidNight(new LogWriter(17, true), Date.UTC(2025, 11, 14, 20));
    const v22 = raidNight(new LogWriter(22, false, -4), Date.UTC(2025, 11, 15, 20));
    const out = parseCombatLogText(`${[...v9, ...v17, ...v22].join('\n')}\n`, OPTS);
    expect(out.raids.map((r) => [r.log_version, r.advanced_logging])).toEqual([
      [9, false],
      [17, true],
      [22, false],
    ]);
    for (const raid of out.raids) {
      const damage = out.events.filter((e) => e.raid_id === raid.raid_id && e.event_type === 'combat_damage');
      expect(damage.map((e) => e.damage_amount)).toEqual(DAMAGE);
    }
    expect(out.pulls.filter((p) => p.outcome === 'kill')).toHaveLength(3);
  });

  it('names the environment as the killing blow of a fall', () => {
    const w = new LogWriter(22, true, 1);
    const t = new Date(Date.UTC(2025, 5, 1, 12));
    const lines = [
      w.line(t, w.header()),
      w.line(t, w.environmental(priest, 'Lava', 900, 4)),
      w.line(t, w.died(priest)),
    ];
    const death = parseCombatLogText(`${lines.join('\n')}\n`, OPTS).events.find(
      (e) => e.event_type === 'player_death',
    );
    expect(death).toMatchObject({
      source_player_name: 'Environment',
      ability_name: 'Lava',
      target_entity_id: priest.guid,
    });
  });

  it('infers the advanced block from the line itself when the header is missing', () => {
    const lines = raidNight(new LogWriter(22, true, 2)).slice(1);
    const out = parseCombatLogText(`${lines.join('\n')}\n`, OPTS);
    expect(out.events.filter((e) => e.event_type === 'combat_damage').map((e) => e.damage_amount)).toEqual(
      DAMAGE,
    );
    expect(out.raids[0]?.log_version).toBeNull();
  });

  it('reads lines that carry no advanced block at all', () => {
    const w = new LogWriter(9, false);
    const noBlock = w
      .spellDamage('SPELL_DAMAGE', mage, boss, FIREBALL, 777)
      .filter((_, i) => i < 12 || i >= 28);
    const out = parseCombatLogText(`12/14 19:29:03.096  ${noBlock.join(',')}\n`, OPTS);
    expect(out.events[0]?.damage_amount).toBe(777);
  });

  it('imports a log with no encounter: its events belong to the session raid', () => {
    const w = new LogWriter(22, true, 1);
    const t = new Date(Date.UTC(2025, 5, 1, 12));
    const lines = [
      w.line(t, w.header()),
      w.line(t, w.zoneChange(2652, 'The Stonevault', 8)),
      w.line(t, w.spellDamage('SPELL_DAMAGE', mage, add, FIREBALL, 50)),
      w.line(t, w.zoneChange(2652, 'The Stonevault', 8)),
      w.line(t, w.cast(mage, add, FIREBALL)),
      w.line(t, w.zoneChange(2339, 'Dornogal', 0)),
      w.line(t, w.cast(mage, add, FIREBALL)),
    ];
    const out = parseCombatLogText(`${lines.join('\n')}\n`, OPTS);
    expect(out.pulls).toEqual([]);
    expect(out.raids.map((r) => r.zone_name)).toEqual(['The Stonevault', 'Dornogal']);
    expect(out.events.map((e) => [e.raid_id === out.raids[0]?.raid_id, e.encounter_id])).toEqual([
      [true, null],
      [true, null],
      [false, null],
    ]);
  });

  it('closes a wipe with the boss health last seen', () => {
    const w = new LogWriter(17, true);
    const t = new Date(Date.UTC(2025, 5, 1, 12));
    const lines = [
      w.line(t, w.header()),
      w.line(t, w.encounterStart(3014, "Mug'Zee, Heads of Security", 16, 20, 2769)),
      w.line(t, w.spellDamage('SPELL_DAMAGE', mage, { ...boss, hp: 123_456 }, FIREBALL, 50)),
      w.line(t, w.encounterEnd(3014, "Mug'Zee, Heads of Security", 16, 20, false, 60000)),
    ];
    const out = parseCombatLogText(`${lines.join('\n')}\n`, OPTS);
    expect(out.pulls.at(-1)).toMatchObject({ outcome: 'wipe', boss_hp_pct: 12.35, fight_time_ms: 60000 });
  });
});

describe('streaming', () => {
  const w = new LogWriter(22, true, -4);
  const nights = [0, 1, 2].flatMap((d) => raidNight(w, Date.UTC(2025, 11, 14 + d, 19)));
  const text = `${nights.join('\r\n')}\r\n`;
  const bytes = Buffer.from(text, 'utf8');

  /** The bytes from `start` in chunks of `size` (cutting through multi-byte characters). */
  async function* chunks(start: number, size: number): AsyncGenerator<Uint8Array> {
    for (let i = start; i < bytes.length; i += size) yield new Uint8Array(bytes.subarray(i, i + size));
  }
  async function collect(source: AsyncIterable<Uint8Array>, opts = {}): Promise<CombatLogBatch[]> {
    const out: CombatLogBatch[] = [];
    for await (const b of parseCombatLog(source, { ...OPTS, ...opts })) out.push(b);
    return out;
  }

  it('gives the same records as the in-memory parse, whatever the chunk size', async () => {
    const whole = parseCombatLogText(text, OPTS);
    const batches = await collect(chunks(0, 97));
    expect(batches.flatMap((b) => b.events)).toEqual(whole.events);
    expect(batches.flatMap((b) => b.pulls)).toEqual(whole.pulls);
    expect(batches.flatMap((b) => b.combatants)).toEqual(whole.combatants);
    expect(whole.events.some((e) => e.target_entity_name === 'Zoë-Stormvale')).toBe(true);
  });

  it('reports progress in bytes, ending at the file size', async () => {
    const batches = await collect(chunks(0, 4096));
    const offsets = batches.map((b) => b.checkpoint.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets.at(-1)).toBe(bytes.length);
    expect(batches.at(-1)?.checkpoint.line).toBe(nights.length);
  });

  it('reads a last line without a line break', async () => {
    const batches = await collect(
      (async function* () {
        yield Buffer.from(text.trimEnd());
      })(),
    );
    expect(batches.flatMap((b) => b.events)).toHaveLength(parseCombatLogText(text, OPTS).events.length);
  });

  it('resumes an interrupted parse from a checkpoint without duplicates or losses', async () => {
    const full = (await collect(chunks(0, 211))).flatMap((b) => b.events);
    for (const stopAfter of [1, 7, 20]) {
      const first: CombatLogBatch[] = [];
      for await (const b of parseCombatLog(chunks(0, 211), OPTS)) {
        first.push(b);
        if (first.length === stopAfter) break; // the import is interrupted here
      }
      const checkpoint = JSON.parse(JSON.stringify(first.at(-1)?.checkpoint));
      const rest = await collect(chunks(checkpoint.offset, 333), { resume: checkpoint });
      const events = [...first, ...rest].flatMap((b) => b.events);
      expect(events.map((e) => e.event_id)).toEqual(full.map((e) => e.event_id));
      expect(events).toEqual(full);
      const pulls = [...first, ...rest].flatMap((b) => b.pulls).filter((p) => p.outcome !== null);
      expect(pulls.map((p) => p.outcome)).toEqual(['kill', 'kill', 'kill']);
    }
  });
});
