/**
 * Writes combat log lines from the documented layout (docs: the combat log format notes), for
 * the tests and the benchmark. Field counts per version are checked in log-writer.test.ts
 * against the documented table.
 */

export type LogVersion = 9 | 17 | 20 | 22;

export interface Unit {
  guid: string;
  name: string;
  flags: string;
  hp?: number;
  maxHp?: number;
  powerType?: string;
  power?: string;
  maxPower?: string;
  level?: number;
  /** A pet's or guardian's owner: the advanced block's ownerGUID. */
  owner?: string;
}

export const NO_UNIT: Unit = { guid: '0000000000000000', name: 'nil', flags: '0x80000000' };

export class LogWriter {
  constructor(
    readonly version: LogVersion,
    readonly advanced: boolean,
    /** v22 writes the year and the hour offset; this is the offset (e.g. -4 or 2). */
    readonly utcOffsetHours = 0,
  ) {}

  /** The timestamp as the client writes it; `local` is the wall-clock time (as a UTC Date). */
  stamp(local: Date): string {
    const mo = local.getUTCMonth() + 1;
    const d = local.getUTCDate();
    const time = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}:${String(local.getUTCSeconds()).padStart(2, '0')}.${String(local.getUTCMilliseconds()).padStart(3, '0')}`;
    if (this.version < 21) return `${mo}/${d} ${time}`;
    const offset = this.utcOffsetHours < 0 ? String(this.utcOffsetHours) : String(this.utcOffsetHours);
    return `${mo}/${d}/${local.getUTCFullYear()} ${time}${offset}`;
  }

  line(local: Date, fields: (string | number)[]): string {
    return `${this.stamp(local)}  ${fields.join(',')}`;
  }

  header(
    build = this.version === 9 ? '2.5.1' : this.version === 22 ? '11.1.5' : '9.0.2',
  ): (string | number)[] {
    return [
      'COMBAT_LOG_VERSION',
      this.version,
      'ADVANCED_LOG_ENABLED',
      this.advanced ? 1 : 0,
      'BUILD_VERSION',
      build,
      'PROJECT_ID',
      this.version === 9 ? 5 : 1,
    ];
  }

  base(src: Unit, dst: Unit): string[] {
    return [src.guid, q(src.name), src.flags, '0x0', dst.guid, q(dst.name), dst.flags, '0x0'];
  }

  /** The advanced block of one unit (zero-filled when advanced logging is off). */
  block(u: Unit): (string | number)[] {
    const on = this.advanced;
    const hp = on ? (u.hp ?? 1000) : 0;
    const max = on ? (u.maxHp ?? 1000) : 0;
    const guid = on ? u.guid : '0000000000000000';
    const power = on
      ? [u.powerType ?? '0', u.power ?? '100', u.maxPower ?? '100', '0']
      : ['-1', '0', '0', '0'];
    const position = on ? ['-1234.56', '789.01', '2292', '1.5708'] : ['0.00', '0.00', '0', '0.0000'];
    const level = on ? (u.level ?? 70) : 0;
    const stats = on ? ['1200', '3400', '5600'] : ['0', '0', '0'];
    const owner = on ? (u.owner ?? '0000000000000000') : '0000000000000000';
    const head = [guid, owner, hp, max, ...stats];
    if (this.version === 9) return [...head, ...power, ...position, level];
    if (this.version === 22)
      return [...head, on ? '11' : '0', on ? '22' : '0', on ? '300' : '0', ...power, ...position, level];
    return [...head, on ? '300' : '0', ...power, ...position, level];
  }

  spellDamage(
    event: 'SPELL_DAMAGE' | 'SPELL_PERIODIC_DAMAGE' | 'RANGE_DAMAGE' | 'SPELL_DAMAGE_SUPPORT',
    src: Unit,
    dst: Unit,
    spell: [number, string, string],
    amount: number,
    opts: { crit?: boolean; absorbed?: number; overkill?: number; aoe?: boolean } = {},
  ): (string | number)[] {
    const suffix = damageSuffix(amount, opts);
    const tail = this.version === 22 ? [opts.aoe ? 'AOE' : 'ST'] : [];
    const support = event === 'SPELL_DAMAGE_SUPPORT' ? ['Player-1084-0E0E0E0E'] : [];
    return [
      event,
      ...this.base(src, dst),
      spell[0],
      q(spell[1]),
      spell[2],
      ...this.block(dst),
      ...suffix,
      ...tail,
      ...support,
    ];
  }

  swing(
    event: 'SWING_DAMAGE' | 'SWING_DAMAGE_LANDED',
    src: Unit,
    dst: Unit,
    amount: number,
    opts: { crit?: boolean } = {},
  ): (string | number)[] {
    // SWING_DAMAGE describes the attacker, SWING_DAMAGE_LANDED the target.
    const described = event === 'SWING_DAMAGE' ? src : dst;
    return [event, ...this.base(src, dst), ...this.block(described), ...damageSuffix(amount, opts)];
  }

  heal(
    event: 'SPELL_HEAL' | 'SPELL_PERIODIC_HEAL' | 'SPELL_HEAL_SUPPORT',
    src: Unit,
    dst: Unit,
    spell: [number, string, string],
    amount: number,
    overheal: number,
    crit = false,
  ): (string | number)[] {
    const support = event === 'SPELL_HEAL_SUPPORT' ? ['Player-1084-0E0E0E0E'] : [];
    return [
      event,
      ...this.base(src, dst),
      spell[0],
      q(spell[1]),
      spell[2],
      ...this.block(dst),
      amount,
      amount,
      overheal,
      0,
      crit ? 1 : 'nil',
      ...support,
    ];
  }

  energize(
    src: Unit,
    dst: Unit,
    spell: [number, string, string],
    amount: number,
    over: number,
    powerType: string,
  ): (string | number)[] {
    return [
      'SPELL_ENERGIZE',
      ...this.base(src, dst),
      spell[0],
      q(spell[1]),
      spell[2],
      ...this.block(dst),
      amount,
      over,
      powerType,
      dst.maxPower ?? '100',
    ];
  }

  cast(src: Unit, dst: Unit, spell: [number, string, string]): (string | number)[] {
    return [
      'SPELL_CAST_SUCCESS',
      ...this.base(src, dst),
      spell[0],
      q(spell[1]),
      spell[2],
      ...this.block(src),
    ];
  }

  /** SPELL_SUMMON: base and spell prefix, no block (the summoner is the source). */
  summon(src: Unit, dst: Unit, spell: [number, string, string]): (string | number)[] {
    return ['SPELL_SUMMON', ...this.base(src, dst), spell[0], q(spell[1]), spell[2]];
  }

  /** ENVIRONMENTAL_DAMAGE: no source, the target's block, then the type and the damage suffix. */
  environmental(dst: Unit, type: string, amount: number, school = 1): (string | number)[] {
    const suffix = damageSuffix(amount, {});
    suffix[3] = school;
    return ['ENVIRONMENTAL_DAMAGE', ...this.base(NO_UNIT, dst), ...this.block(dst), type, ...suffix];
  }

  /** SPELL_ABSORBED of a melee hit: attacker, victim, then the shield's caster and spell, amount, base, critical. */
  absorbed(
    src: Unit,
    dst: Unit,
    caster: Unit,
    spell: [number, string, string],
    amount: number,
  ): (string | number)[] {
    return [
      'SPELL_ABSORBED',
      ...this.base(src, dst),
      caster.guid,
      q(caster.name),
      caster.flags,
      '0x0',
      spell[0],
      q(spell[1]),
      spell[2],
      amount,
      amount,
      ...(this.version === 9 ? [] : ['nil']),
    ];
  }

  died(dst: Unit): (string | number)[] {
    return ['UNIT_DIED', ...this.base(NO_UNIT, dst), ...(this.version === 9 ? [] : [0])];
  }

  encounterStart(
    id: number,
    name: string,
    difficulty: number,
    size: number,
    instance: number,
  ): (string | number)[] {
    return ['ENCOUNTER_START', id, q(name), difficulty, size, instance];
  }

  encounterEnd(
    id: number,
    name: string,
    difficulty: number,
    size: number,
    kill: boolean,
    fightMs: number,
  ): (string | number)[] {
    return ['ENCOUNTER_END', id, q(name), difficulty, size, kill ? 1 : 0, fightMs];
  }

  zoneChange(instance: number, name: string, difficulty: number): (string | number)[] {
    return ['ZONE_CHANGE', instance, q(name), difficulty];
  }

  /** COMBATANT_INFO with the documented stat run, spec ID, then the groups (gear: item levels). */
  combatantInfo(guid: string, specId: number, itemLevels: number[]): (string | number)[] {
    const stats = Array.from({ length: 22 }, (_, i) => 100 + i);
    const talents = this.version >= 20 ? '[(12345,23456,1),(12346,23457,2)]' : '(22,33,44)';
    const covenant = this.version === 17 ? ['[1,(1,2),[],[],[]]'] : [];
    const gear = `[${itemLevels.map((lvl, i) => (lvl === 0 ? '(0,0,(),(),())' : `(${1000 + i},${lvl},(6643,0,0),(7188,1520),(192985,415))`)).join(',')}]`;
    return [
      'COMBATANT_INFO',
      guid,
      1,
      ...stats,
      specId,
      talents,
      '(0,0,0,0)',
      ...covenant,
      gear,
      '[Player-1084-0A1B2C3D,1459,1]',
      12,
      0,
      0,
      0,
    ];
  }
}

function damageSuffix(
  amount: number,
  opts: { crit?: boolean; absorbed?: number; overkill?: number },
): (string | number)[] {
  return [
    amount,
    amount,
    opts.overkill ?? -1,
    1,
    0,
    0,
    opts.absorbed ?? 0,
    opts.crit ? 1 : 'nil',
    'nil',
    'nil',
  ];
}

const q = (name: string) => (name === 'nil' ? 'nil' : `"${name}"`);

/**
 * A small log of `nights` raid nights (header, zone, one pull of 20 spell hits and 20 heals, a
 * kill on even nights, a wipe on odd ones), v22 with advanced logging, CRLF line ends: the
 * fixture of the import, CLI and upload tests.
 */
export function raidNightsLog(nights: number, hitsPerPull = 20): string {
  const w = new LogWriter(22, true, -4);
  const mage: Unit = { guid: 'Player-1084-0A1B2C3D', name: 'Aerin-Stormvale', flags: '0x514' };
  const priest: Unit = { guid: 'Player-1084-0B2C3D4E', name: 'Zoë-Stormvale', flags: '0x512' };
  const boss: Unit = {
    guid: 'Creature-0-3023-2657-12345-215657-00001A2B3C',
    name: "Mug'Zee, Heads of Security",
    flags: '0x10a48',
  };
  const lines: string[] = [];
  for (let n = 0; n < nights; n++) {
    let t = Date.UTC(2025, 11, 14 + n, 19);
    const at = () => {
      t += 250;
      return new Date(t);
    };
    lines.push(w.line(at(), w.header()), w.line(at(), w.zoneChange(2657, 'Nerub-ar Palace', 16)));
    lines.push(w.line(at(), w.encounterStart(3014, "Mug'Zee, Heads of Security", 16, 20, 2769)));
    lines.push(w.line(at(), w.combatantInfo(mage.guid, 63, [639, 636])));
    for (let i = 0; i < hitsPerPull; i++) {
      lines.push(w.line(at(), w.spellDamage('SPELL_DAMAGE', mage, boss, [133, 'Fireball', '0x4'], 1000 + i)));
      lines.push(w.line(at(), w.heal('SPELL_HEAL', priest, mage, [2061, 'Flash Heal', '0x2'], 500, 100)));
    }
    lines.push(w.line(at(), w.encounterEnd(3014, "Mug'Zee, Heads of Security", 16, 20, n % 2 === 0, 60000)));
  }
  return `${lines.join('\r\n')}\r\n`;
}
