/**
 * A generated retail (v22, advanced logging on) raid log of realistic lines, for the combat log
 * benchmarks. The mix follows a raid log: auras and other unused events (~40 % of lines),
 * spell and periodic damage, swings with their _LANDED twins, heals, casts, energizes,
 * _SUPPORT and SPELL_ABSORBED lines, COMBATANT_INFO and encounters.
 */
import { LogWriter, type Unit } from '../packages/combat-log/src/testing/log-writer';
import { Random } from '../packages/telemetry-gen/src/prng';

export function generateRaidLog(TARGET_BYTES: number): { parts: Buffer[]; size: number; lines: number } {
  const rng = new Random('combat-log-bench');
  const w = new LogWriter(22, true, -4);
  const players: Unit[] = Array.from({ length: 20 }, (_, i) => ({
    guid: `Player-1084-0${(0xa1b2c00 + i).toString(16).toUpperCase()}`,
    name: `${['Aerin', 'Zoë', 'Brann', 'Tyrande', 'Kaelith'][i % 5]}${i}-Stormvale-EU`,
    flags: '0x514',
    hp: 500_000 + i,
    maxHp: 600_000,
    powerType: '0',
    power: '40000',
    maxPower: '50000',
    level: 639,
  }));
  const boss: Unit = {
    guid: 'Creature-0-3023-2657-12345-215657-00001A2B3C',
    name: "Mug'Zee, Heads of Security",
    flags: '0x10a48',
    hp: 750_000_000,
    maxHp: 1_000_000_000,
    level: -1,
  };
  const spells: [number, string, string][] = [
    [133, 'Fireball', '0x4'],
    [12654, 'Ignite', '0x4'],
    [8092, 'Mind Blast', '0x20'],
    [2061, 'Flash Heal', '0x2'],
    [774, 'Rejuvenation', '0x8'],
  ];

  /** A pool of event bodies (no timestamp) in the raid-log mix. */
  function body(): string {
    const p = rng.pick(players);
    const q = rng.pick(players);
    const s = rng.pick(spells);
    const amount = 1000 + rng.int(400_000);
    const x = rng.next();
    const fields =
      x < 0.22
        ? w.spellDamage('SPELL_DAMAGE', p, boss, s, amount, { crit: rng.chance(0.3), aoe: rng.chance(0.2) })
        : x < 0.3
          ? w.spellDamage('SPELL_PERIODIC_DAMAGE', p, boss, s, amount)
          : x < 0.34
            ? w.swing('SWING_DAMAGE', p, boss, amount)
            : x < 0.38
              ? w.swing('SWING_DAMAGE_LANDED', p, boss, amount)
              : x < 0.46
                ? w.heal(
                    rng.chance(0.5) ? 'SPELL_HEAL' : 'SPELL_PERIODIC_HEAL',
                    p,
                    q,
                    s,
                    amount,
                    rng.int(amount),
                  )
                : x < 0.52
                  ? w.cast(p, boss, s)
                  : x < 0.54
                    ? w.energize(p, p, s, 500, 0, '0')
                    : x < 0.56
                      ? w.spellDamage('SPELL_DAMAGE_SUPPORT', p, boss, s, amount)
                      : x < 0.58
                        ? w.swing('SWING_DAMAGE', boss, q, amount)
                        : [
                            rng.pick([
                              'SPELL_AURA_APPLIED',
                              'SPELL_AURA_REMOVED',
                              'SPELL_AURA_REFRESH',
                              'SPELL_CAST_START',
                            ]),
                            ...w.base(p, q),
                            s[0],
                            `"${s[1]}"`,
                            s[2],
                            'BUFF',
                          ];
    return fields.join(',');
  }

  const pool = Array.from({ length: 20_000 }, body);
  const parts: Buffer[] = [];
  let size = 0;
  let t = Date.UTC(2025, 5, 14, 18, 0, 0);
  let text = `${w.line(new Date(t), w.header())}\n`;
  let lines = 1;
  let pulls = 0;
  while (size < TARGET_BYTES) {
    pulls++;
    text += `${w.line(new Date(t), w.encounterStart(3014, "Mug'Zee, Heads of Security", 16, 20, 2769))}\n`;
    for (const p of players)
      text += `${w.line(new Date(t), w.combatantInfo(p.guid, 63, Array(18).fill(639)))}\n`;
    for (let i = 0; i < 60_000; i++) {
      if (i % 20 === 0) t += 37;
      text += `${w.stamp(new Date(t))}  ${pool[(i * 7919 + pulls) % pool.length]}\n`;
      if (text.length > 1e6) {
        const b = Buffer.from(text);
        parts.push(b);
        size += b.length;
        text = '';
      }
    }
    lines += 60_000 + 22;
    text += `${w.line(new Date(t), w.encounterEnd(3014, "Mug'Zee, Heads of Security", 16, 20, pulls % 3 === 0, 300_000))}\n`;
  }
  const last = Buffer.from(text);
  parts.push(last);
  size += last.length;
  return { parts, size, lines };
}
