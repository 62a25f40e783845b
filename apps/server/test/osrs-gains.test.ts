import { describe, expect, it } from 'vitest';
import { efficiencyGain, levelGain, metricGain, windowGain } from '../src/modules/osrs/gains';
import { snapshotValues } from '../src/modules/osrs/metrics';
import type { MetricValue } from '../src/modules/osrs/osrs.tables';

const boss = (value: number, eff?: number): MetricValue => ({
  kind: 'boss',
  value,
  ...(eff === undefined ? {} : { eff }),
});
const skill = (value: number, level?: number): MetricValue => ({
  kind: 'skill',
  value,
  ...(level === undefined ? {} : { level }),
});
const computed = (value: number): MetricValue => ({ kind: 'computed', value });

// Wise Old Man's own rules (shared/formats/wise-old-man.md, "How gained is computed").
describe('gains by Wise Old Man rules', () => {
  it('counts an unranked start as 0: -1 → 73 kills is 73', () => {
    expect(metricGain('zulrah', boss(-1), boss(73))).toBe(73);
  });

  it('gives 0 for overall experience from an unranked start (a whole account is not a gain)', () => {
    expect(metricGain('overall', skill(-1), skill(150_000_000))).toBe(0);
    expect(metricGain('attack', skill(-1), skill(1_200))).toBe(1_200);
  });

  it('never reports a negative total: a drop (hiscores rollback, unranked end) is 0', () => {
    expect(metricGain('vorkath', boss(120), boss(80))).toBe(0);
    expect(metricGain('vorkath', boss(120), boss(-1))).toBe(0);
    expect(metricGain('ehp', computed(300), computed(250))).toBe(0);
  });

  it('clamps total EHP/EHB but leaves per-skill EHP and per-boss EHB differences signed', () => {
    expect(metricGain('ehb', computed(10.5), computed(12.25))).toBe(1.75);
    expect(efficiencyGain(boss(10, 3), boss(12, 2.5))).toBe(-0.5);
  });

  it('rounds to 5 decimals and treats a missing side as no data', () => {
    expect(metricGain('ehp', computed(0.1), computed(0.3))).toBe(0.2);
    expect(metricGain('sailing', undefined, skill(5_000))).toBe(0);
    expect(levelGain(skill(100, 50), skill(50, 40))).toBe(0);
    expect(levelGain(skill(100, 50), skill(5_000, 52))).toBe(2);
  });

  it('sums a window: xp from overall, boss kills over bosses, unknown metrics kept apart', () => {
    const from = new Date('2026-11-01T00:00:00.000Z');
    const to = new Date('2026-11-08T00:00:00.000Z');
    const g = windowGain(
      {
        takenAt: from,
        values: {
          overall: skill(1_000_000),
          attack: skill(10_000),
          zulrah: boss(-1),
          vorkath: boss(50),
          mad_angel: { kind: 'other', value: 0 },
          ehp: computed(100),
          ehb: computed(-1),
        },
      },
      {
        takenAt: to,
        values: {
          overall: skill(1_050_000),
          attack: skill(10_000),
          zulrah: boss(7),
          vorkath: boss(48),
          mad_angel: { kind: 'other', value: 3 },
          ehp: computed(101.5),
          ehb: computed(4),
        },
      },
    );
    expect(g).toEqual({
      from: from.toISOString(),
      to: to.toISOString(),
      xp: 50_000,
      ehp: 1.5,
      ehb: 5,
      bossKills: 7,
      skills: {},
      bosses: { zulrah: 7 },
      activities: {},
      other: { mad_angel: 3 },
    });
    // One snapshot in the window: nothing to compare.
    expect(windowGain({ takenAt: to, values: {} }, { takenAt: to, values: { overall: skill(5) } }).xp).toBe(
      0,
    );
  });

  it('reads every map of a snapshot as sent, a boss or a whole map it does not know included', () => {
    const values = snapshotValues({
      skills: { sailing: { metric: 'sailing', experience: 83, rank: 5, level: 2, ehp: 0 } },
      bosses: { maggot_king: { metric: 'maggot_king', kills: -1, rank: -1, ehb: 0 } },
      activities: {},
      computed: { ehp: { metric: 'ehp', value: 12.5, rank: 40 } },
      raids: { new_raid: { metric: 'new_raid', score: 9, rank: 3 } },
    } as never);
    expect(values).toEqual({
      sailing: { kind: 'skill', value: 83, rank: 5, level: 2, eff: 0 },
      maggot_king: { kind: 'boss', value: -1, rank: -1, eff: 0 },
      ehp: { kind: 'computed', value: 12.5, rank: 40 },
      new_raid: { kind: 'other', value: 9, rank: 3 },
    });
  });
});
