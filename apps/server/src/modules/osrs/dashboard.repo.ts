import { sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import type { StoredValues } from './osrs.tables';

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;

/** Messages per weekday (ISO, 1 = Monday) and hour, in the community's time zone. */
export async function findHourWeekday(
  db: Executor,
  communityId: string,
  tz: string,
  since: Date,
): Promise<{ dow: number; hour: number; messages: number }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select extract(isodow from hour at time zone ${tz})::int as dow,
             extract(hour from hour at time zone ${tz})::int as h,
             sum(messages)::int as n
      from osrs_discord_hours
      where community_id = ${communityId} and hour >= ${since.toISOString()}::timestamptz
      group by 1, 2`),
  );
  return rows.map((r) => ({ dow: Number(r.dow), hour: Number(r.h), messages: Number(r.n) }));
}

/** Messages per local day since a time. */
export async function findMessagesPerDay(
  db: Executor,
  communityId: string,
  tz: string,
  since: Date,
): Promise<Map<string, number>> {
  const rows = rowsOf(
    await db.execute(sql`
      select to_char(hour at time zone ${tz}, 'YYYY-MM-DD') as day, sum(messages)::int as n
      from osrs_discord_hours
      where community_id = ${communityId} and hour >= ${since.toISOString()}::timestamptz
      group by 1`),
  );
  return new Map(rows.map((r) => [String(r.day), Number(r.n)]));
}

/** Each active member's overall experience per stored snapshot since a time, oldest first. */
export async function findOverallSeries(
  db: Executor,
  communityId: string,
  since: Date,
): Promise<{ memberId: string; takenAt: Date; xp: number }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select s.member_id, s.taken_at, (s.values -> 'overall' ->> 1)::float8 as xp
      from osrs_snapshots s join osrs_members m on m.id = s.member_id
      where m.community_id = ${communityId} and m.active and s.taken_at >= ${since.toISOString()}::timestamptz
      order by s.member_id, s.taken_at`),
  );
  return rows
    .filter((r) => r.xp !== null)
    .map((r) => ({ memberId: String(r.member_id), takenAt: new Date(String(r.taken_at)), xp: Number(r.xp) }));
}

export interface MemberActivityRow {
  name: string;
  xp7: number;
  xp30: number;
  messages: number;
}

/** Active members with their 7- and 30-day experience and their linked Discord messages since a day. */
export async function findMemberActivity(
  db: Executor,
  communityId: string,
  sinceDay: string,
): Promise<MemberActivityRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select m.name,
        coalesce((select xp from osrs_gains g where g.member_id = m.id and g.days = 7), 0) as xp7,
        coalesce((select xp from osrs_gains g where g.member_id = m.id and g.days = 30), 0) as xp30,
        coalesce((select sum(a.messages) from osrs_discord_links l
          join osrs_discord_activity a on a.community_id = l.community_id and a.discord_user_id = l.discord_user_id
          where l.member_id = m.id and a.day >= ${sinceDay}::date), 0)::int as messages
      from osrs_members m
      where m.community_id = ${communityId} and m.active`),
  );
  return rows.map((r) => ({
    name: String(r.name),
    xp7: Number(r.xp7),
    xp30: Number(r.xp30),
    messages: Number(r.messages),
  }));
}

/** Each active member's latest stored snapshot. */
export async function findLatestValues(
  db: Executor,
  communityId: string,
): Promise<{ name: string; values: StoredValues }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select distinct on (s.member_id) m.name, s.values
      from osrs_snapshots s join osrs_members m on m.id = s.member_id
      where m.community_id = ${communityId} and m.active
      order by s.member_id, s.taken_at desc`),
  );
  return rows.map((r) => ({
    name: String(r.name),
    values: (typeof r.values === 'string' ? JSON.parse(r.values) : r.values) as StoredValues,
  }));
}
