import { z } from 'zod';

/**
 * Activity events, one schema per kind: what every writer (upload ingestion, the Raider.IO and
 * Warcraft Logs syncs), the store, the alert mapping and the dashboard feed agree on. A module
 * that records a new kind (telemetry, events, OSRS, Dota) adds its variant to `activityEvents`
 * below; the kind list, the union and the feed item follow from it.
 */
const zName = z.string().min(1).max(200);
const zRank = z.string().max(100).nullable();
const zDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const zJoinEvent = z.object({
  kind: z.literal('join'),
  data: z.object({
    /** `Name-Realm`. */
    name: zName,
    rank: zRank,
    /** A former member back in the roster. */
    returning: z.boolean().optional(),
  }),
});

export const zLeaveEvent = z.object({
  kind: z.literal('leave'),
  data: z.object({ name: zName, rank: zRank }),
});

export const zRankChangeEvent = z.object({
  kind: z.literal('rank_change'),
  data: z.object({
    name: zName,
    from: zRank,
    to: z.string().max(100),
    /** Rank indexes (0 = guild master) when known. */
    fromIndex: z.number().int().nullable(),
    toIndex: z.number().int().nullable(),
  }),
});

export const zScoreMilestoneEvent = z.object({
  kind: z.literal('score_milestone'),
  data: z.object({
    name: zName,
    /** The highest milestone crossed (1500, 2000, … or a community threshold). */
    milestone: z.number(),
    score: z.number(),
    /** The score before; null when unknown. */
    previous: z.number().nullable(),
    source: z.enum(['addon', 'raiderio']),
  }),
});

export const zBossKillEvent = z.object({
  kind: z.literal('boss_kill'),
  data: z.object({
    boss: z.string().min(1).max(200),
    /** `lfr` | `normal` | `heroic` | `mythic`. */
    difficulty: z.string().min(1).max(40),
    zone: z.string().max(200).nullable(),
    zoneId: z.number().int().nullable(),
    encounterId: z.number().int().nullable(),
  }),
});

export const zOnlineRecordEvent = z.object({
  kind: z.literal('online_record'),
  data: z.object({
    /** The local day (`YYYY-MM-DD`, community time zone) whose peak this is. */
    day: zDay,
    count: z.number().int().min(0),
  }),
});

/** Every event kind's variant: add a new module's kinds here. */
export const activityEvents = [
  zJoinEvent,
  zLeaveEvent,
  zRankChangeEvent,
  zScoreMilestoneEvent,
  zBossKillEvent,
  zOnlineRecordEvent,
] as const;

/** `{ kind, data }` of any activity event, discriminated on `kind`. */
export const zActivityEvent = z.discriminatedUnion('kind', activityEvents);
export type TActivityEvent = z.infer<typeof zActivityEvent>;
export type TActivityEventKind = TActivityEvent['kind'];
/** The kinds, in the union's order. */
export const activityEventKinds = activityEvents.map((v) => v.shape.kind.value) as [
  TActivityEventKind,
  ...TActivityEventKind[],
];
export const zActivityEventKind = z.enum(activityEventKinds);
/** The data of one kind. */
export type TActivityEventData<K extends TActivityEventKind> = Extract<TActivityEvent, { kind: K }>['data'];

type Raw = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;
const first = <T>(pick: (v: unknown) => T | undefined, ...values: unknown[]): T | undefined => {
  for (const v of values) {
    const x = pick(v);
    if (x !== undefined) return x;
  }
  return undefined;
};

/**
 * Old rows (written before the kinds had schemas, by demo seeds or hand-made imports) used
 * other spellings: `character`/`characterName` for `name`, `rank` for a rank change's `to`,
 * `threshold`/`previousScore`, `onlineCount`/`date`, `encounterName`/`zoneName`. This maps
 * them to the schema's names; the migration `normalise_activity_event_data` applies the same
 * once to stored rows.
 */
function canonicalData(kind: string, d: Raw): Raw {
  const name = first(text, d.name, d.character, d.characterName, d.memberName);
  switch (kind) {
    case 'join':
      return { name, rank: text(d.rank) ?? null, ...(d.returning === true ? { returning: true } : {}) };
    case 'leave':
      return { name, rank: text(d.rank) ?? null };
    case 'rank_change':
      return {
        name,
        from: text(d.from) ?? null,
        to: first(text, d.to, d.rank),
        fromIndex: num(d.fromIndex) ?? null,
        toIndex: num(d.toIndex) ?? null,
      };
    case 'score_milestone':
      return {
        name,
        milestone: first(num, d.milestone, d.threshold),
        score: num(d.score),
        previous: first(num, d.previous, d.previousScore, d.from) ?? null,
        source: d.source === 'raiderio' ? 'raiderio' : 'addon',
      };
    case 'boss_kill':
      return {
        boss: first(text, d.boss, d.encounterName),
        difficulty: text(d.difficulty)?.toLowerCase(),
        zone: first(text, d.zone, d.zoneName) ?? null,
        zoneId: num(d.zoneId) ?? null,
        encounterId: num(d.encounterId) ?? null,
      };
    case 'online_record':
      return { day: first(text, d.day, d.date), count: first(num, d.count, d.onlineCount, d.online) };
    default:
      return d;
  }
}

/**
 * Reads a stored event: the row as written, or an old row's spellings mapped to the schema.
 * Null when the row cannot be read as its kind (it is left out rather than guessed at).
 */
export function readActivityEvent(kind: string, data: unknown): TActivityEvent | null {
  const raw = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Raw) : {};
  const exact = zActivityEvent.safeParse({ kind, data: raw });
  if (exact.success) return exact.data;
  const mapped = zActivityEvent.safeParse({ kind, data: canonicalData(kind, raw) });
  return mapped.success ? mapped.data : null;
}
