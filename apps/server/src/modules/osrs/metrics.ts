import type { WomSnapshotData } from './clients/wise-old-man';
import type { MetricKind, MetricValue, SnapshotValues, StoredMetric, StoredValues } from './osrs.tables';

/** Skills and activities as of mid-2026; bosses are too many and change too often to list. */
export const KNOWN_SKILLS = new Set(
  'overall attack defence strength hitpoints ranged prayer magic cooking woodcutting fletching fishing firemaking crafting smithing mining herblore agility thieving slayer farming runecrafting hunter construction sailing'.split(
    ' ',
  ),
);
export const KNOWN_ACTIVITIES = new Set(
  'bounty_hunter_hunter bounty_hunter_rogue clue_scrolls_all clue_scrolls_beginner clue_scrolls_easy clue_scrolls_medium clue_scrolls_hard clue_scrolls_elite clue_scrolls_master last_man_standing pvp_arena soul_wars_zeal guardians_of_the_rift colosseum_glory collections_logged'.split(
    ' ',
  ),
);
export const KNOWN_COMPUTED = new Set(['ehp', 'ehb']);

const MAPS: [keyof WomSnapshotData & string, MetricKind][] = [
  ['skills', 'skill'],
  ['bosses', 'boss'],
  ['activities', 'activity'],
  ['computed', 'computed'],
];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The one number a metric entry measures, whatever its kind calls it. */
function mainValue(entry: Record<string, unknown>): number | undefined {
  return num(entry.experience) ?? num(entry.kills) ?? num(entry.score) ?? num(entry.value);
}

/**
 * A Wise Old Man snapshot as stored: every map iterated as sent (a skill, boss or activity
 * added to the game comes through), and any other map of metric entries kept as `other`.
 */
export function snapshotValues(data: WomSnapshotData): SnapshotValues {
  const out: SnapshotValues = {};
  const known = new Set(MAPS.map(([k]) => k));
  const record = (name: string, kind: MetricKind, entry: Record<string, unknown>) => {
    const value = mainValue(entry);
    if (value === undefined) return;
    const v: MetricValue = { kind, value };
    const rank = num(entry.rank);
    const level = num(entry.level);
    const eff = num(entry.ehp) ?? num(entry.ehb);
    if (rank !== undefined) v.rank = rank;
    if (level !== undefined) v.level = level;
    if (eff !== undefined && kind !== 'computed') v.eff = eff;
    out[name] = v;
  };
  for (const [map, kind] of MAPS)
    for (const [name, entry] of Object.entries(data[map] ?? {})) record(name, kind, entry);
  for (const [map, entries] of Object.entries(data)) {
    if (known.has(map as never) || !entries || typeof entries !== 'object') continue;
    for (const [name, entry] of Object.entries(entries as Record<string, unknown>))
      if (entry && typeof entry === 'object') record(name, 'other', entry as Record<string, unknown>);
  }
  return out;
}

/** A metric's kind when only its name is known (bulk gains): what a snapshot said, else the lists. */
export function kindOf(metric: string, seen: Map<string, MetricKind>): MetricKind {
  const kind = seen.get(metric);
  if (kind) return kind;
  if (KNOWN_SKILLS.has(metric)) return 'skill';
  if (KNOWN_ACTIVITIES.has(metric)) return 'activity';
  if (KNOWN_COMPUTED.has(metric)) return 'computed';
  return 'other';
}

/** Whether Guildhall knows the metric (bosses: any the snapshot lists as a boss). */
export function isKnownMetric(metric: string, kind: MetricKind): boolean {
  switch (kind) {
    case 'skill':
      return KNOWN_SKILLS.has(metric);
    case 'activity':
      return KNOWN_ACTIVITIES.has(metric);
    case 'computed':
      return KNOWN_COMPUTED.has(metric);
    case 'boss':
      return true;
    case 'other':
      return false;
  }
}

const KIND_CODE: Record<MetricKind, string> = {
  skill: 's',
  boss: 'b',
  activity: 'a',
  computed: 'c',
  other: 'o',
};
const CODE_KIND: Record<string, MetricKind> = {
  s: 'skill',
  b: 'boss',
  a: 'activity',
  c: 'computed',
  o: 'other',
};

/** The stored (compact) form of a snapshot's values. */
export function encodeValues(values: SnapshotValues): StoredValues {
  const out: StoredValues = {};
  for (const [metric, v] of Object.entries(values)) {
    const row: StoredMetric = [KIND_CODE[v.kind], v.value, v.rank ?? null, v.level ?? null, v.eff ?? null];
    while (row.length > 2 && row.at(-1) === null) row.pop();
    out[metric] = row;
  }
  return out;
}

export function decodeValues(stored: StoredValues): SnapshotValues {
  const out: SnapshotValues = {};
  for (const [metric, [code, value, rank, level, eff]] of Object.entries(stored)) {
    const v: MetricValue = { kind: CODE_KIND[code] ?? 'other', value };
    if (rank != null) v.rank = rank;
    if (level != null) v.level = level;
    if (eff != null) v.eff = eff;
    out[metric] = v;
  }
  return out;
}
