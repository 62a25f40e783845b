import type { TOsrsGain } from '@guildhall/contracts';
import type { MetricValue, SnapshotValues } from './osrs.tables';

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * One metric's gain between two snapshots by Wise Old Man's rules: an unranked start (`-1`,
 * below the hiscores' floor) counts as 0, so `-1 → 73` kills is 73, except overall
 * experience (a whole account would show as gain); totals never go negative; a metric
 * missing from either side is "no data", 0.
 */
export function metricGain(
  metric: string,
  start: MetricValue | undefined,
  end: MetricValue | undefined,
): number {
  if (!start || !end) return 0;
  if (start.kind === 'computed' || end.kind === 'computed')
    return round5(Math.max(0, end.value - start.value));
  if (metric === 'overall' && start.value === -1) return 0;
  return round5(Math.max(0, end.value - Math.max(start.value, 0)));
}

/** A skill's EHP or a boss's EHB: not clamped, as Wise Old Man leaves them. */
export function efficiencyGain(start: MetricValue | undefined, end: MetricValue | undefined): number {
  if (start?.eff === undefined || end?.eff === undefined) return 0;
  return round5(end.eff - start.eff);
}

/** Levels gained: never negative; a side without a level is no data. */
export function levelGain(start: MetricValue | undefined, end: MetricValue | undefined): number {
  if (start?.level === undefined || end?.level === undefined) return 0;
  return Math.max(0, end.level - start.level);
}

export interface DatedSnapshot {
  takenAt: Date;
  values: SnapshotValues;
}

/** A window's gains: the first snapshot at or after its start against the latest one. */
export function windowGain(start: DatedSnapshot | undefined, end: DatedSnapshot | undefined): TOsrsGain {
  const gain: TOsrsGain = {
    from: start?.takenAt.toISOString() ?? null,
    to: end?.takenAt.toISOString() ?? null,
    xp: 0,
    ehp: 0,
    ehb: 0,
    bossKills: 0,
    skills: {},
    bosses: {},
    activities: {},
    other: {},
  };
  if (!start || !end || start.takenAt.getTime() >= end.takenAt.getTime()) return gain;
  for (const [metric, endValue] of Object.entries(end.values)) {
    const g = metricGain(metric, start.values[metric], endValue);
    if (endValue.kind === 'computed') {
      if (metric === 'ehp') gain.ehp = g;
      else if (metric === 'ehb') gain.ehb = g;
      else if (g !== 0) gain.other[metric] = g;
      continue;
    }
    if (metric === 'overall') {
      gain.xp = g;
      continue;
    }
    if (g === 0) continue;
    if (endValue.kind === 'skill') gain.skills[metric] = g;
    else if (endValue.kind === 'boss') {
      gain.bosses[metric] = g;
      gain.bossKills += g;
    } else if (endValue.kind === 'activity') gain.activities[metric] = g;
    else gain.other[metric] = g;
  }
  gain.bossKills = round5(gain.bossKills);
  return gain;
}
