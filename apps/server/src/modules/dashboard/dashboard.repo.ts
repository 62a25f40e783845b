import { sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';

/*
 * Read models that join several modules' tables (members, activity, wow): read-only views,
 * the one place allowed to read across modules' tables, for pages that show them together.
 * Writes go through the owning module (The Purge calls the members module).
 */

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** The latest score of a character, from any source (as the roster shows it). */
const latestScoreJoin = sql`left join lateral (
  select cs.score from character_scores cs where cs.character_id = c.id
  order by cs.recorded_at desc, cs.id desc limit 1) s on true`;

export interface CellWindow {
  communityId: string;
  timezone: string;
  weekday: number;
  hour: number;
  from: Date;
  to: Date;
}

/** Average online count and sample count of the snapshots in one weekday × hour cell. */
export async function findCellNumbers(
  db: Executor,
  w: CellWindow,
): Promise<{ average: number | null; samples: number }> {
  const [row] = rowsOf(
    await db.execute(sql`
      select avg(online_count)::float8 as average, count(*)::int as samples
      from activity_snapshots
      where community_id = ${w.communityId}
        and at > ${w.from.toISOString()}::timestamptz and at <= ${w.to.toISOString()}::timestamptz
        and extract(dow from at at time zone ${w.timezone})::int = ${w.weekday}
        and extract(hour from at at time zone ${w.timezone})::int = ${w.hour}`),
  );
  return { average: num(row?.average), samples: Number(row?.samples ?? 0) };
}

/** Members seen online most often in one cell: presence rows plus snapshots' online lists. */
export async function findCellMembers(
  db: Executor,
  w: CellWindow,
  limit: number,
): Promise<{ id: string; name: string; class: string | null; seen: number }[]> {
  const inCell = (col: ReturnType<typeof sql.raw>) => sql`
    ${col} > ${w.from.toISOString()}::timestamptz and ${col} <= ${w.to.toISOString()}::timestamptz
    and extract(dow from ${col} at time zone ${w.timezone})::int = ${w.weekday}
    and extract(hour from ${col} at time zone ${w.timezone})::int = ${w.hour}`;
  const rows = rowsOf(
    await db.execute(sql`
      with seen as (
        select member_id, at from activity_presence
        where community_id = ${w.communityId} and ${inCell(sql.raw('at'))}
        union
        select unnest(online_member_ids) as member_id, at from activity_snapshots
        where community_id = ${w.communityId} and online_member_ids is not null and ${inCell(sql.raw('at'))}
      )
      select m.id, coalesce(c.name, m.display_name) as name, c.class, count(*)::int as seen
      from seen join members m on m.id = seen.member_id
      left join characters c on c.id = m.main_character_id
      group by m.id, c.name, m.display_name, c.class
      order by seen desc, name asc
      limit ${limit}`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    class: str(r.class),
    seen: Number(r.seen),
  }));
}

export interface MainCharacterRow {
  memberId: string;
  name: string;
  class: string | null;
  spec: string | null;
  role: 'tank' | 'healer' | 'dps' | null;
  score: number | null;
  online: boolean;
  lastSeenAt: Date | null;
}

/** Active members with their main character and its latest score. */
export async function findActiveMains(db: Executor, communityId: string): Promise<MainCharacterRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select m.id as member_id, c.name, c.class, c.spec, c.role, s.score, c.online, c.last_seen_at
      from members m join characters c on c.id = m.main_character_id ${latestScoreJoin}
      where m.community_id = ${communityId} and m.active
      order by s.score desc nulls last, c.name asc`),
  );
  return rows.map((r) => ({
    memberId: String(r.member_id),
    name: String(r.name),
    class: str(r.class),
    spec: str(r.spec),
    role: (str(r.role) as MainCharacterRow['role']) ?? null,
    score: num(r.score),
    online: r.online === true,
    lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at as string) : null,
  }));
}

/** The newest season with best runs in the community, if any. */
export async function findLatestSeason(db: Executor, communityId: string): Promise<string | null> {
  const [row] = rowsOf(
    await db.execute(sql`
      select season from wow_best_runs where community_id = ${communityId}
      order by completed_at desc limit 1`),
  );
  return str(row?.season);
}

/** Each active member's best timed key per dungeon in a season (any of their characters). */
export async function findBestTimedKeys(
  db: Executor,
  communityId: string,
  season: string,
  minLevel: number,
): Promise<{ dungeon: string; memberId: string; name: string; class: string | null; best: number }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select r.dungeon_name as dungeon, m.id as member_id, coalesce(mc.name, m.display_name) as name,
             mc.class, max(r.level)::int as best
      from wow_best_runs r
      join characters c on c.id = r.character_id
      join members m on m.id = c.member_id and m.active
      left join characters mc on mc.id = m.main_character_id
      where r.community_id = ${communityId} and r.season = ${season}
        and r.upgrades > 0 and r.level >= ${minLevel}
      group by r.dungeon_name, m.id, mc.name, m.display_name, mc.class
      order by r.dungeon_name asc, best desc, name asc`),
  );
  return rows.map((r) => ({
    dungeon: String(r.dungeon),
    memberId: String(r.member_id),
    name: String(r.name),
    class: str(r.class),
    best: Number(r.best),
  }));
}

export interface PurgeCandidateRow {
  id: string;
  name: string;
  class: string | null;
  active: boolean;
  lastSeen: string | null;
  inactiveSince: string | null;
  characters: number;
}

/** Members marked inactive, or not seen since before `cutoff`. */
export async function findPurgeCandidates(
  db: Executor,
  communityId: string,
  cutoff: Date,
  onlyIds?: string[],
): Promise<PurgeCandidateRow[]> {
  const ids = onlyIds
    ? sql`and m.id in (select jsonb_array_elements_text(${JSON.stringify(onlyIds)}::jsonb)::uuid)`
    : sql``;
  const rows = rowsOf(
    await db.execute(sql`
      select m.id, coalesce(mc.name, m.display_name) as name, mc.class, m.active,
             m.last_seen_at, m.inactive_since,
             (select count(*)::int from characters c where c.member_id = m.id) as characters
      from members m left join characters mc on mc.id = m.main_character_id
      where m.community_id = ${communityId}
        and (not m.active or coalesce(m.last_seen_at, m.first_seen_at) < ${cutoff.toISOString()}::timestamptz)
        ${ids}
      order by coalesce(m.last_seen_at, m.first_seen_at) asc, name asc`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    class: str(r.class),
    active: r.active === true,
    lastSeen: iso(r.last_seen_at),
    inactiveSince: iso(r.inactive_since),
    characters: Number(r.characters),
  }));
}

/** Snapshots in a window, oldest first: the demo seed spreads presence over them. */
export async function findSnapshotsBetween(
  db: Executor,
  communityId: string,
  from: Date,
  to: Date,
): Promise<{ at: Date; onlineCount: number }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select at, online_count from activity_snapshots
      where community_id = ${communityId} and at > ${from.toISOString()}::timestamptz
        and at <= ${to.toISOString()}::timestamptz
      order by at`),
  );
  return rows.map((r) => ({ at: new Date(r.at as string), onlineCount: Number(r.online_count) }));
}

/** Active members and when each was last seen, in a stable order. */
export async function findActiveMembers(
  db: Executor,
  communityId: string,
): Promise<{ id: string; lastSeen: Date | null }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select id, last_seen_at from members where community_id = ${communityId} and active order by id`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    lastSeen: r.last_seen_at ? new Date(r.last_seen_at as string) : null,
  }));
}
