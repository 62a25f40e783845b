import crypto from 'node:crypto';
import { readActivityEvent, type TActivityEvent } from '@guildhall/contracts';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { yieldToEventLoop } from '../../core/event-loop';
import type { ActivityEventKind, PresenceSource } from './activity.tables';

/** Rows per statement of a bulk write (one JSON parameter each). */
const CHUNK = 20_000;
/**
 * Character-months per statement of the chat merge: each carries up to 31 days, and encoding
 * the parameter runs on the server's thread, so a statement's JSON stays well under a megabyte.
 */
const CHAT_MONTH_CHUNK = 2_000;
/** Snapshots per statement: two array literals of numbers, a few hundred kilobytes. */
const SNAPSHOT_CHUNK = 50_000;
/** Rows grouped between two turns of the event loop. */
const ROWS_PER_TURN = 20_000;

/** A JSON parameter unpacked by `jsonb_to_recordset`: many rows in one round trip. */
const jsonParam = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

async function sumChunks<T>(
  rows: T[],
  write: (chunk: T[]) => Promise<number>,
  size = CHUNK,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < rows.length; i += size) total += await write(rows.slice(i, i + size));
  return total;
}

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;
const firstNumber = (result: unknown, column = 'n'): number => Number(rowsOf(result)[0]?.[column] ?? 0);
const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export interface SnapshotRow {
  at: Date;
  onlineCount: number;
  onlineMemberIds: string[] | null;
}

/**
 * Snapshots that name nobody, packed: epoch seconds (whole, ascending, each once) and their
 * counts. A big file has 50,000 of them: as rows with a `Date` each, grouping and hashing them
 * was most of a re-upload's time on the server's thread.
 */
export interface PlainSnapshots {
  at: ArrayLike<number>;
  count: ArrayLike<number>;
}

/** An arbitrary constant: the advisory lock namespace of a community's snapshot writes. */
const SNAPSHOT_LOCK_NAMESPACE = 7_301_997;

/**
 * Stores snapshots, skipping timestamps already stored; a snapshot that names who was online
 * fills in the names of an existing one. Answers how many new snapshots were stored. Runs inside
 * the caller's transaction.
 */
export async function insertSnapshots(
  db: Executor,
  communityId: string,
  plainAll: PlainSnapshots,
  named: SnapshotRow[] = [],
): Promise<number> {
  await lockSnapshots(db, communityId);
  // Timestamps already stored are skipped in SQL (an anti-join: the stored times are not read
  // back); the times travel as one array literal of epoch ms. The lock above leaves no other
  // writer of these rows, so a plain insert suffices (`on conflict` doubled its cost).
  const { send, digests } = await leaveOutStoredDays(db, communityId, plainAll);
  let inserted = 0;
  for (let from = 0; from < send.length; from += SNAPSHOT_CHUNK) {
    let ms = '';
    let counts = '';
    for (let k = from; k < Math.min(send.length, from + SNAPSHOT_CHUNK); k++) {
      const i = send[k]!;
      ms += `${ms ? ',' : ''}${plainAll.at[i]! * 1000}`;
      counts += `${counts ? ',' : ''}${plainAll.count[i]}`;
    }
    inserted += firstNumber(
      await db.execute(sql`
        with x as (
          select to_timestamp(t::float8 / 1000) as at, n
          from unnest(${`{${ms}}`}::int8[], ${`{${counts}}`}::int[]) as x(t, n)),
        ins as (
          insert into activity_snapshots (community_id, at, online_count)
          select ${communityId}::uuid, x.at, x.n from x
          where not exists (
            select 1 from activity_snapshots s where s.community_id = ${communityId}::uuid and s.at = x.at)
          returning 1)
        select count(*)::int as n from ins`),
    );
  }
  if (named.length > 0) {
    const result = await db.execute(sql`
      insert into activity_snapshots (community_id, at, online_count, online_member_ids)
      select ${communityId}::uuid, x.at, x.n, array(select jsonb_array_elements_text(x.ids))::uuid[]
      from jsonb_to_recordset(${jsonParam(
        named.map((r) => ({ at: r.at.toISOString(), n: r.onlineCount, ids: r.onlineMemberIds })),
      )}) as x(at timestamptz, n int, ids jsonb)
      on conflict (community_id, at) do update set online_member_ids = excluded.online_member_ids
        where activity_snapshots.online_member_ids is distinct from excluded.online_member_ids
      returning (xmax = 0) as inserted`);
    inserted += rowsOf(result).filter((r) => r.inserted === true).length;
  }
  await saveDayDigests(db, communityId, digests);
  return inserted;
}

/**
 * What the foreign key to `communities` would do, once per write instead of once per row (see
 * `activitySnapshots`): the community's row is locked against deletion until the transaction
 * ends, or the write fails as the key's check would. The advisory lock serialises the
 * community's snapshot writers, so no row appears between the anti-join and the insert.
 */
async function lockSnapshots(db: Executor, communityId: string): Promise<void> {
  const found = rowsOf(
    await db.execute(sql`
      select pg_advisory_xact_lock(${SNAPSHOT_LOCK_NAMESPACE}, hashtext(${communityId}))
      from communities where id = ${communityId}::uuid for key share`),
  );
  if (found.length === 0) throw new AppError('COMMUNITY_NOT_FOUND', 'the community does not exist');
}

const DAY_S = 86_400;
/** Below this many snapshots, day digests cost more than they save (and are not kept). */
const DAY_DIGEST_MIN_ROWS = 2_000;
/** Days compared between two turns of the event loop (a day is ~150 instants to hash). */
const DAYS_PER_TURN = 20;

/**
 * The snapshots (their indexes) without the UTC days whose instants are all stored already, by
 * the digests of `activity_snapshot_days`: a next-day re-upload carries months of snapshots the
 * community has, and only its new day's go through the anti-join. A day that differs in any way
 * (or has no digest yet) is sent whole, and the anti-join decides row by row. Answers the
 * indexes to send and the digests of the days they cover: once they are written, every instant
 * of those days in the upload is stored, which is what a day's digest stands for.
 */
async function leaveOutStoredDays(
  db: Executor,
  communityId: string,
  plain: PlainSnapshots,
): Promise<{ send: number[]; digests: Map<number, string> }> {
  const n = plain.at.length;
  const digests = new Map<number, string>();
  if (n < DAY_DIGEST_MIN_ROWS) return { send: Array.from({ length: n }, (_, i) => i), digests };
  // Ascending: each day's snapshots are one run, from `starts[d]` to the next start.
  const dayOf: number[] = [];
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = Math.floor(plain.at[i]! / DAY_S);
    if (dayOf.length === 0 || dayOf[dayOf.length - 1] !== day) {
      dayOf.push(day);
      starts.push(i);
    }
  }
  starts.push(n);
  const stored = new Map<number, string>();
  for (const r of rowsOf(
    await db.execute(sql`
      select day, digest from activity_snapshot_days
      where community_id = ${communityId}::uuid and day = any(${`{${dayOf.join(',')}}`}::int[])`),
  ))
    stored.set(Number(r.day), String(r.digest));
  const send: number[] = [];
  for (let d = 0; d < dayOf.length; d++) {
    // A day's digest is a hash of ~150 instants: months of them are split up.
    if ((d + 1) % DAYS_PER_TURN === 0) await yieldToEventLoop();
    const digest = dayDigest(plain.at, starts[d]!, starts[d + 1]!);
    if (stored.get(dayOf[d]!) === digest) continue;
    digests.set(dayOf[d]!, digest);
    for (let i = starts[d]!; i < starts[d + 1]!; i++) send.push(i);
  }
  return { send, digests };
}

/**
 * A digest of a day's instants (epoch seconds, whole and ascending, from `from` to `to`): md5
 * of the instants as `extract(epoch …)` prints them (`1767142205.000000`), in order, the form
 * digests have always had.
 */
function dayDigest(at: ArrayLike<number>, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += `${i === from ? '' : ','}${at[i]}.000000`;
  return crypto.hash('md5', text, 'hex');
}

/**
 * Writes the digests of the days an upload sent. A digest may describe fewer instants than are
 * stored (rows another file or a named snapshot added), never more: then a later file that
 * matches it has every instant stored, and only such a file skips the day.
 */
async function saveDayDigests(
  db: Executor,
  communityId: string,
  digests: Map<number, string>,
): Promise<void> {
  if (digests.size === 0) return;
  await db.execute(sql`
    insert into activity_snapshot_days (community_id, day, digest)
    select ${communityId}::uuid, d, digest
    from unnest(${`{${[...digests.keys()].join(',')}}`}::int[], ${`{${[...digests.values()].join(',')}}`}::text[])
      as x(d, digest)
    on conflict (community_id, day) do update set digest = excluded.digest`);
}

/** The most members ever seen online at once (the online record), null without snapshots. */
export async function findMaxOnline(db: Executor, communityId: string): Promise<number | null> {
  const rows = rowsOf(
    await db.execute(
      sql`select max(online_count) as n from activity_snapshots where community_id = ${communityId}`,
    ),
  );
  const n = rows[0]?.n;
  return n === null || n === undefined ? null : Number(n);
}

/** The highest online count of one local day (`YYYY-MM-DD` in the time zone), and when it was seen. */
export async function findDayPeak(
  db: Executor,
  communityId: string,
  day: string,
  timezone: string,
): Promise<{ at: Date; count: number } | null> {
  const rows = rowsOf(
    await db.execute(sql`
      select at, online_count from activity_snapshots
      where community_id = ${communityId}
        and (at at time zone ${timezone})::date = ${day}::date
      order by online_count desc, at asc limit 1`),
  );
  const row = rows[0];
  return row ? { at: new Date(row.at as string), count: Number(row.online_count) } : null;
}

/** Whether the day's online report (an `online_record` event for that day) was already recorded. */
export async function hasDayReport(db: Executor, communityId: string, day: string): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      select 1 from activity_events
      where community_id = ${communityId} and kind = 'online_record' and data->>'day' = ${day}
      limit 1`),
  );
  return rows.length > 0;
}

export async function findLatestSnapshot(
  db: Executor,
  communityId: string,
): Promise<{ at: Date; onlineCount: number } | null> {
  const rows = rowsOf(
    await db.execute(sql`
      select at, online_count from activity_snapshots where community_id = ${communityId}
      order by at desc limit 1`),
  );
  const r = rows[0];
  return r ? { at: new Date(r.at as string), onlineCount: Number(r.online_count) } : null;
}

/** The latest snapshot or presence instant: two index lookups. */
export async function findLatestActivityAt(db: Executor, communityId: string): Promise<Date | null> {
  const rows = rowsOf(
    await db.execute(sql`
      select greatest(
        (select max(at) from activity_snapshots where community_id = ${communityId}),
        (select max(at) from activity_presence where community_id = ${communityId})) as at`),
  );
  return toDate(rows[0]?.at);
}

export interface ChatDayRow {
  characterId: string;
  day: string;
  count: number;
}

/** One character-month of daily chat counts; `days` is JSON text (`{"01":3,"17":1}`). */
export interface ChatMonthRow {
  characterId: string;
  /** `YYYY-MM`. */
  month: string;
  days: string;
  /** How many days `days` holds. */
  count: number;
  /** The character was created in this transaction: it has no month stored yet. */
  fresh?: boolean;
}

/**
 * Raises each (character, day) to the given count (never lowers it: the addon's counts only
 * grow, and an older file from another PC must not roll a day back), leaving the other days
 * as they are; answers how many days were inserted or raised.
 */
export async function mergeChatDays(db: Executor, rows: ChatDayRow[]): Promise<number> {
  const months = new Map<string, { characterId: string; month: string; days: Record<string, number> }>();
  let grouped = 0;
  for (const r of rows) {
    if (++grouped % ROWS_PER_TURN === 0) await yieldToEventLoop();
    const key = `${r.characterId}:${r.day.slice(0, 7)}`;
    let month = months.get(key);
    if (!month) {
      month = { characterId: r.characterId, month: r.day.slice(0, 7), days: {} };
      months.set(key, month);
    }
    month.days[r.day.slice(8, 10)] = r.count;
  }
  return mergeChatMonths(
    db,
    [...months.values()].map((m) => ({
      characterId: m.characterId,
      month: m.month,
      days: JSON.stringify(m.days),
      count: Object.keys(m.days).length,
    })),
  );
}

/**
 * `mergeChatDays` for rows already grouped by month (the parse worker packs them): the JSON
 * parameter is joined from the months' text, not encoded from objects. Two rows of one
 * character-month (two spellings of a name) are combined first, the later one's days winning.
 */
export async function mergeChatMonths(db: Executor, rows: ChatMonthRow[]): Promise<number> {
  const months = new Map<string, ChatMonthRow>();
  for (const r of rows) {
    const key = `${r.characterId}:${r.month}`;
    const seen = months.get(key);
    if (!seen) {
      months.set(key, r);
      continue;
    }
    const days = { ...(JSON.parse(seen.days) as object), ...(JSON.parse(r.days) as object) };
    months.set(key, { ...r, days: JSON.stringify(days), count: Object.keys(days).length });
  }
  const param = (chunk: ChatMonthRow[]) =>
    `[${chunk.map((r) => `{"c":"${r.characterId}","m":"${r.month}-01","k":${r.count},"days":${r.days}}`).join(',')}]`;
  const all = [...months.values()];
  // A new character's months are plain inserts: nothing stored to merge with or to conflict.
  const fresh = await sumChunks(
    all.filter((r) => r.fresh),
    async (chunk) => {
      await db.execute(sql`
        insert into activity_chat_months (character_id, month, days)
        select c, m, days from jsonb_to_recordset(${param(chunk)}::jsonb) as x(c uuid, m date, days jsonb)`);
      return chunk.reduce((n, r) => n + r.count, 0);
    },
    CHAT_MONTH_CHUNK,
  );
  // The stored month is read by key for each row (a join would read every stored month).
  const merged = await sumChunks(
    all.filter((r) => !r.fresh),
    async (chunk) =>
      firstNumber(
        await db.execute(sql`
        with x as (
          select x.*, (select t.days from activity_chat_months t where t.character_id = x.c and t.month = x.m) as stored
          from jsonb_to_recordset(${param(chunk)}::jsonb) as x(c uuid, m date, k int, days jsonb)),
        changed as (
          select coalesce(sum(case when x.stored is null then x.k else (
                   select count(*) from jsonb_each(x.days) e
                   where coalesce((x.stored ->> e.key)::int, -1) < (e.value #>> '{}')::int)
                 end), 0)::int as n
          from x),
        up as (
          insert into activity_chat_months (character_id, month, days)
          select c, m, days from x
          on conflict (character_id, month) do update
            set days = activity_chat_months.days || (
              select jsonb_object_agg(e.key, greatest((e.value #>> '{}')::int,
                       coalesce((activity_chat_months.days ->> e.key)::int, 0)))
              from jsonb_each(excluded.days) e)
            where exists (
              select 1 from jsonb_each(excluded.days) e
              where coalesce((activity_chat_months.days ->> e.key)::int, -1) < (e.value #>> '{}')::int)
          returning 1)
        select (select n from changed) as n, (select count(*) from up) as written`),
      ),
    CHAT_MONTH_CHUNK,
  );
  return fresh + merged;
}

export interface PresenceRow {
  memberId: string;
  at: Date;
  source: PresenceSource;
}

export async function insertPresence(db: Executor, communityId: string, rows: PresenceRow[]): Promise<void> {
  await sumChunks(rows, async (chunk) => {
    await db.execute(sql`
      insert into activity_presence (member_id, at, community_id, source)
      select x.m, x.at, ${communityId}::uuid, x.s
      from jsonb_to_recordset(${jsonParam(chunk.map((r) => ({ m: r.memberId, at: r.at.toISOString(), s: r.source })))})
        as x(m uuid, at timestamptz, s text)
      on conflict (member_id, at) do nothing`);
    return 0;
  });
}

export type EventInsert = TActivityEvent & {
  communityId: string;
  memberId: string | null;
  characterId: string | null;
  at: Date;
};

export async function insertEvents(db: Executor, rows: EventInsert[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r, n) => ({
      o: n,
      c: r.communityId,
      m: r.memberId,
      ch: r.characterId,
      k: r.kind,
      d: r.data,
      at: r.at.toISOString(),
    }));
    const result = await db.execute(sql`
      insert into activity_events (community_id, member_id, character_id, kind, data, at)
      select x.c, x.m, x.ch, x.k, x.d, x.at
      from jsonb_to_recordset(${jsonParam(chunk)}) as x(o int, c uuid, m uuid, ch uuid, k text, d jsonb, at timestamptz)
      order by x.o
      returning id`);
    // Ids of a bigserial follow insertion order within one statement.
    ids.push(
      ...rowsOf(result)
        .map((r) => Number(r.id))
        .sort((a, b) => a - b),
    );
  }
  return ids;
}

export interface HeatmapRow {
  weekday: number;
  hour: number;
  average: number;
  max: number;
  samples: number;
}

export async function findHeatmap(
  db: Executor,
  communityId: string,
  timezone: string,
  from: Date,
  to: Date,
): Promise<HeatmapRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select date_part('dow', local)::int as weekday, date_part('hour', local)::int as hour,
             avg(online_count)::float8 as average, max(online_count)::int as max, count(*)::int as samples
      from (select at at time zone ${timezone} as local, online_count from activity_snapshots
            where community_id = ${communityId} and at > ${from.toISOString()}::timestamptz
              and at <= ${to.toISOString()}::timestamptz) s
      group by 1, 2`),
  );
  return rows.map((r) => ({
    weekday: Number(r.weekday),
    hour: Number(r.hour),
    average: Number(r.average),
    max: Number(r.max),
    samples: Number(r.samples),
  }));
}

export interface FeedFilter {
  communityId: string;
  kinds?: ActivityEventKind[];
  memberId?: string;
  before?: Date;
  limit: number;
  offset: number;
}

export type FeedRow = TActivityEvent & {
  id: number;
  at: Date;
  memberId: string | null;
  memberName: string | null;
  characterId: string | null;
  characterName: string | null;
  /** The character's class token, so the feed can colour names. */
  characterClass: string | null;
};

const jsonOf = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

export async function findEvents(db: Executor, f: FeedFilter): Promise<{ rows: FeedRow[]; total: number }> {
  const where = [sql`e.community_id = ${f.communityId}`];
  if (f.kinds?.length) where.push(sql`e.kind in ${f.kinds}`);
  if (f.memberId) where.push(sql`e.member_id = ${f.memberId}`);
  if (f.before) where.push(sql`e.at < ${f.before.toISOString()}::timestamptz`);
  const condition = sql.join(where, sql` and `);
  const [list, count] = await Promise.all([
    db.execute(sql`
      select e.id, e.kind, e.at, e.member_id, m.display_name as member_name, e.character_id,
             c.name as character_name, c.class as character_class, e.data
      from activity_events e
      left join members m on m.id = e.member_id
      left join characters c on c.id = e.character_id
      where ${condition}
      order by e.at desc, e.id desc
      limit ${f.limit} offset ${f.offset}`),
    db.execute(sql`select count(*)::int as n from activity_events e where ${condition}`),
  ]);
  const rows: FeedRow[] = [];
  for (const r of rowsOf(list)) {
    // A row that no longer reads as its kind (not even through the old spellings) is left out.
    const event = readActivityEvent(String(r.kind), jsonOf(r.data));
    if (!event) continue;
    rows.push({
      id: Number(r.id),
      at: new Date(r.at as string),
      memberId: (r.member_id as string | null) ?? null,
      memberName: (r.member_name as string | null) ?? null,
      characterId: (r.character_id as string | null) ?? null,
      characterName: (r.character_name as string | null) ?? null,
      characterClass: (r.character_class as string | null) ?? null,
      ...event,
    });
  }
  return { rows, total: firstNumber(count) };
}

export interface RaidNight {
  weekday: number;
  start: string;
  minutes: number;
}

/** The raid-night windows starting in (from, to], computed in the community's time zone. */
export async function findRaidWindows(
  db: Executor,
  nights: RaidNight[],
  timezone: string,
  from: Date,
  to: Date,
): Promise<{ start: Date; end: Date }[]> {
  if (nights.length === 0) return [];
  const rows = rowsOf(
    await db.execute(sql`
      select w.start_at, w.start_at + make_interval(mins => w.minutes) as end_at
      from (
        select ((d::date + n.start::time) at time zone ${timezone}) as start_at, n.minutes
        from generate_series(
               ((${from.toISOString()}::timestamptz at time zone ${timezone})::date - 1)::timestamp,
               (${to.toISOString()}::timestamptz at time zone ${timezone})::date::timestamp,
               interval '1 day') d
        join jsonb_to_recordset(${jsonParam(nights)}) as n(weekday int, start text, minutes int)
          on extract(dow from d)::int = n.weekday
      ) w
      where w.start_at > ${from.toISOString()}::timestamptz and w.start_at <= ${to.toISOString()}::timestamptz
      order by w.start_at`),
  );
  return rows.map((r) => ({ start: new Date(r.start_at as string), end: new Date(r.end_at as string) }));
}

/** For each window (by index), the members seen online in it. */
export async function findPresenceInWindows(
  db: Executor,
  communityId: string,
  windows: { start: Date; end: Date }[],
): Promise<{ window: number; memberId: string }[]> {
  if (windows.length === 0) return [];
  const rows = rowsOf(
    await db.execute(sql`
      select w.i, p.member_id
      from jsonb_to_recordset(${jsonParam(
        windows.map((w, i) => ({ i, s: w.start.toISOString(), e: w.end.toISOString() })),
      )}) as w(i int, s timestamptz, e timestamptz)
      join activity_presence p on p.community_id = ${communityId} and p.at >= w.s and p.at < w.e
      group by 1, 2`),
  );
  return rows.map((r) => ({ window: Number(r.i), memberId: String(r.member_id) }));
}

/** The community's days as rows: `(character, day, count)` from the monthly buckets. */
const chatDaysOf = (where: ReturnType<typeof sql>, fromDay: string, toDay: string) => sql`
  select m.character_id, (m.month + (e.key::int - 1)) as day, e.value::int as count
  from activity_chat_months m
  join characters c on c.id = m.character_id
  cross join lateral jsonb_each_text(m.days) e
  where ${where}
    and m.month >= date_trunc('month', ${fromDay}::date)::date and m.month <= ${toDay}::date
    and (m.month + (e.key::int - 1)) between ${fromDay}::date and ${toDay}::date`;

export async function sumMessages(
  db: Executor,
  communityId: string,
  fromDay: string,
  toDay: string,
): Promise<number> {
  return firstNumber(
    await db.execute(sql`
      select coalesce(sum(count), 0)::int as n
      from (${chatDaysOf(sql`c.community_id = ${communityId}`, fromDay, toDay)}) d`),
  );
}

export async function findMemberChat(
  db: Executor,
  memberId: string,
  fromDay: string,
  toDay: string,
): Promise<{ date: string; count: number }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select to_char(day, 'YYYY-MM-DD') as date, sum(count)::int as count
      from (${chatDaysOf(sql`c.member_id = ${memberId}`, fromDay, toDay)}) d
      group by day order by day`),
  );
  return rows.map((r) => ({ date: String(r.date), count: Number(r.count) }));
}

export async function findMemberPresenceDays(
  db: Executor,
  memberId: string,
  timezone: string,
  from: Date,
): Promise<{ date: string; count: number }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select to_char((at at time zone ${timezone})::date, 'YYYY-MM-DD') as date, count(*)::int as count
      from activity_presence where member_id = ${memberId} and at >= ${from.toISOString()}::timestamptz
      group by 1 order by 1`),
  );
  return rows.map((r) => ({ date: String(r.date), count: Number(r.count) }));
}

export async function findMemberEvents(
  db: Executor,
  memberId: string,
  kinds: ActivityEventKind[],
  limit: number,
): Promise<(TActivityEvent & { at: Date })[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select kind, at, data from activity_events
      where member_id = ${memberId} and kind in ${kinds}
      order by at desc, id desc limit ${limit}`),
  );
  const out: (TActivityEvent & { at: Date })[] = [];
  for (const r of rows) {
    const event = readActivityEvent(String(r.kind), jsonOf(r.data));
    if (event) out.push({ ...event, at: new Date(r.at as string) });
  }
  return out;
}
