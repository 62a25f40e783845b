import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { characters } from '../members/members.tables';
import { characterScores, legacySessions, recorders, type ScoreSource, uploads } from './wow.tables';

export type UploadRow = typeof uploads.$inferSelect;
type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;
const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const jsonParam = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

export async function findUploadByHash(
  db: Executor,
  communityId: string,
  sha256: string,
): Promise<UploadRow | undefined> {
  const [row] = await db
    .select()
    .from(uploads)
    .where(and(eq(uploads.communityId, communityId), eq(uploads.sha256, sha256)));
  return row;
}

/** Inserts the upload; undefined when a concurrent upload of the same bytes won. */
export async function insertUpload(
  db: Executor,
  values: typeof uploads.$inferInsert,
): Promise<UploadRow | undefined> {
  const [row] = await db.insert(uploads).values(values).onConflictDoNothing().returning();
  return row;
}

/** An arbitrary constant: the advisory lock namespace of a community's uploads. */
const UPLOAD_LOCK_NAMESPACE = 7_301_995;

/**
 * Waits for, then holds until the transaction ends, the community's upload lock: uploads of one
 * community commit one at a time across processes; other communities' uploads are not held up.
 */
export async function lockCommunityUploads(tx: Executor, communityId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${UPLOAD_LOCK_NAMESPACE}, hashtext(${communityId}))`);
}

export async function completeUpload(
  db: Executor,
  id: string,
  values: { summary: Record<string, unknown>; rosterAt: Date | null },
): Promise<void> {
  await db.update(uploads).set(values).where(eq(uploads.id, id));
}

export async function findLatestRosterAt(db: Executor, communityId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${uploads.rosterAt})` })
    .from(uploads)
    .where(eq(uploads.communityId, communityId));
  return toDate(row?.at);
}

/** Whether a roster was applied by an upload other than this legacy session's batches. */
export async function hasRosterBefore(
  db: Executor,
  communityId: string,
  sessionId: string,
): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      select exists(select 1 from uploads where community_id = ${communityId} and roster_at is not null
        and source is distinct from ${sessionId}) as found`),
  );
  return rows[0]?.found === true;
}

export async function findLatestUpload(db: Executor, communityId: string): Promise<UploadRow | undefined> {
  const [row] = await db
    .select()
    .from(uploads)
    .where(eq(uploads.communityId, communityId))
    .orderBy(desc(uploads.receivedAt))
    .limit(1);
  return row;
}

export interface LatestScore {
  characterId: string;
  source: ScoreSource;
  score: number;
  recordedAt: Date;
}

/** The latest score of every character of the community, per source. */
export async function findLatestScores(db: Executor, communityId: string): Promise<LatestScore[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select distinct on (character_id, source) character_id, source, score, recorded_at
      from character_scores where community_id = ${communityId}
      order by character_id, source, recorded_at desc, id desc`),
  );
  return rows.map((r) => ({
    characterId: String(r.character_id),
    source: r.source as ScoreSource,
    score: Number(r.score),
    recordedAt: new Date(r.recorded_at as string),
  }));
}

export interface ScoreInsert {
  characterId: string;
  score: number;
  source: ScoreSource;
  recordedAt: Date;
}

export async function insertScores(db: Executor, communityId: string, rows: ScoreInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = rows.slice(i, i + 10_000).map((r) => ({
      c: r.characterId,
      s: r.score,
      src: r.source,
      at: r.recordedAt.toISOString(),
    }));
    await db.execute(sql`
      insert into character_scores (character_id, community_id, score, source, recorded_at)
      select x.c, ${communityId}::uuid, x.s, x.src, x.at
      from jsonb_to_recordset(${jsonParam(chunk)}) as x(c uuid, s real, src text, at timestamptz)`);
  }
}

export async function findMemberScores(
  db: Executor,
  memberId: string,
): Promise<{ characterId: string; score: number; source: ScoreSource; at: Date }[]> {
  const rows = await db
    .select({
      characterId: characterScores.characterId,
      score: characterScores.score,
      source: characterScores.source,
      at: characterScores.recordedAt,
    })
    .from(characterScores)
    .innerJoin(characters, eq(characters.id, characterScores.characterId))
    .where(eq(characters.memberId, memberId))
    .orderBy(characterScores.recordedAt, characterScores.id);
  return rows;
}

/** Legacy bridge sessions: adds a batch's names; answers every name and batch index so far. */
export async function addLegacySessionBatch(
  db: Executor,
  communityId: string,
  sessionId: string,
  batchIndex: number,
  names: string[],
): Promise<{ names: string[]; batches: number[] }> {
  const [row] = await db
    .insert(legacySessions)
    .values({ communityId, sessionId, seenKeys: names, batches: [batchIndex] })
    .onConflictDoUpdate({
      target: [legacySessions.communityId, legacySessions.sessionId],
      set: {
        seenKeys: sql`array(select distinct unnest(${legacySessions.seenKeys} || excluded.seen_keys))`,
        batches: sql`array(select distinct unnest(${legacySessions.batches} || excluded.batches))`,
        updatedAt: new Date(),
      },
    })
    .returning({ names: legacySessions.seenKeys, batches: legacySessions.batches });
  return row ?? { names, batches: [batchIndex] };
}

export async function deleteLegacySession(db: Executor, communityId: string, sessionId: string) {
  await db
    .delete(legacySessions)
    .where(and(eq(legacySessions.communityId, communityId), eq(legacySessions.sessionId, sessionId)));
}

export async function pruneLegacySessions(db: Executor, olderThan: Date) {
  await db.delete(legacySessions).where(lt(legacySessions.updatedAt, olderThan));
}

export interface RosterFilter {
  communityId: string;
  sort: 'name' | 'rank' | 'class' | 'role' | 'level' | 'score' | 'itemLevel' | 'bestParse' | 'lastSeen';
  dir: 'asc' | 'desc';
  classes?: string[];
  role?: string;
  minScore?: number;
  active?: boolean;
  /** Online now by the one rule: flagged online and seen since `onlineSince`. */
  online?: { value: boolean; since: Date };
  q?: string;
  limit: number;
  offset: number;
}

export interface RosterRow {
  memberId: string;
  active: boolean;
  joinedAt: Date;
  officerNote: string | null;
  characterId: string;
  name: string;
  realm: string;
  className: string | null;
  rank: string | null;
  rankIndex: number | null;
  level: number | null;
  inRoster: boolean;
  online: boolean;
  lastSeenAt: Date | null;
  itemLevel: number | null;
  bestParse: number | null;
  spec: string | null;
  role: 'tank' | 'healer' | 'dps' | null;
  messageTotal: number;
  lastMessage: string | null;
  score: number | null;
}

const sortColumns: Record<RosterFilter['sort'], string> = {
  name: 'lower(c.name)',
  rank: 'c.rank_index',
  class: 'c.class',
  level: 'c.level',
  score: 's.score',
  // Tanks, healers, then damage dealers, as a raid leader reads a roster.
  role: "case c.role when 'tank' then 0 when 'healer' then 1 when 'dps' then 2 end",
  itemLevel: 'c.item_level',
  bestParse: 'c.best_parse',
  lastSeen: 'c.last_seen_at',
};

const latestScoreJoin = sql`left join lateral (
  select cs.score from character_scores cs where cs.character_id = c.id
  order by cs.recorded_at desc, cs.id desc limit 1) s on true`;

/** Members with their main character and latest score, filtered, sorted and paged. */
export async function findRoster(
  db: Executor,
  f: RosterFilter,
): Promise<{ rows: RosterRow[]; total: number }> {
  const where = [sql`m.community_id = ${f.communityId}`];
  if (f.classes?.length) where.push(sql`c.class in ${f.classes}`);
  if (f.role) where.push(sql`c.role = ${f.role}`);
  if (f.minScore !== undefined) where.push(sql`s.score >= ${f.minScore}`);
  if (f.active !== undefined) where.push(sql`m.active = ${f.active}`);
  if (f.online !== undefined) {
    const now = sql`(c.online and c.last_seen_at >= ${f.online.since.toISOString()}::timestamptz)`;
    where.push(f.online.value ? now : sql`not coalesce(${now}, false)`);
  }
  if (f.q) where.push(sql`strpos(lower(c.name), lower(${f.q})) > 0`);
  const condition = sql.join(where, sql` and `);
  const order = sql.raw(`${sortColumns[f.sort]} ${f.dir} nulls last, lower(c.name) asc, m.id asc`);
  const from = sql`from members m join characters c on c.id = m.main_character_id ${latestScoreJoin}`;
  const [list, count] = await Promise.all([
    db.execute(sql`
      select m.id as member_id, m.active, m.first_seen_at, m.officer_note, c.id as character_id, c.name,
             c.realm, c.class, c.rank, c.rank_index, c.level, c.in_roster, c.online, c.last_seen_at,
             c.item_level, c.best_parse, c.spec, c.role, c.message_total, c.last_message, s.score
      ${from} where ${condition} order by ${order} limit ${f.limit} offset ${f.offset}`),
    db.execute(sql`select count(*)::int as n ${from} where ${condition}`),
  ]);
  return {
    rows: rowsOf(list).map((r) => ({
      memberId: String(r.member_id),
      active: Boolean(r.active),
      joinedAt: new Date(r.first_seen_at as string),
      officerNote: (r.officer_note as string | null) ?? null,
      characterId: String(r.character_id),
      name: String(r.name),
      realm: String(r.realm),
      className: (r.class as string | null) ?? null,
      rank: (r.rank as string | null) ?? null,
      rankIndex: toNumber(r.rank_index),
      level: toNumber(r.level),
      inRoster: Boolean(r.in_roster),
      online: Boolean(r.online),
      lastSeenAt: toDate(r.last_seen_at),
      itemLevel: toNumber(r.item_level),
      bestParse: toNumber(r.best_parse),
      spec: (r.spec as string | null) ?? null,
      role: (r.role as RosterRow['role']) ?? null,
      messageTotal: Number(r.message_total ?? 0),
      lastMessage: (r.last_message as string | null) ?? null,
      score: toNumber(r.score),
    })),
    total: Number(rowsOf(count)[0]?.n ?? 0),
  };
}

/** Latest score of each character of a member. */
export async function findCharacterScores(db: Executor, memberId: string): Promise<Map<string, number>> {
  const rows = rowsOf(
    await db.execute(sql`
      select c.id, s.score from characters c ${latestScoreJoin} where c.member_id = ${memberId}`),
  );
  return new Map(rows.filter((r) => r.score !== null).map((r) => [String(r.id), Number(r.score)]));
}

/** Mean latest score of the active members' main characters that have one. */
export async function findAverageScore(db: Executor, communityId: string): Promise<number | null> {
  const rows = rowsOf(
    await db.execute(sql`
      select avg(s.score)::float8 as avg
      from members m join characters c on c.id = m.main_character_id ${latestScoreJoin}
      where m.community_id = ${communityId} and m.active`),
  );
  return toNumber(rows[0]?.avg);
}

export type RecorderRow = typeof recorders.$inferSelect;
export type RecorderUpsert = Omit<typeof recorders.$inferInsert, 'id' | 'uploads'>;

/** Records an upload of one PC: its `_sync` state replaces the previous one, uploads count up. */
export async function upsertRecorder(db: Executor, row: RecorderUpsert): Promise<void> {
  await db
    .insert(recorders)
    .values({ ...row, uploads: 1 })
    .onConflictDoUpdate({
      target: [recorders.communityId, recorders.recorderKey],
      set: {
        clientId: sql`excluded.client_id`,
        apiKeyId: sql`excluded.api_key_id`,
        source: sql`excluded.source`,
        role: sql`excluded.role`,
        recording: sql`excluded.recording`,
        lastRecordedAt: sql`coalesce(excluded.last_recorded_at, ${recorders.lastRecordedAt})`,
        lastSyncedAt: sql`coalesce(excluded.last_synced_at, ${recorders.lastSyncedAt})`,
        pendingMessages: sql`excluded.pending_messages`,
        pendingSnapshots: sql`excluded.pending_snapshots`,
        lastUploadAt: sql`greatest(excluded.last_upload_at, ${recorders.lastUploadAt})`,
        uploads: sql`${recorders.uploads} + 1`,
        lastReasons: sql`excluded.last_reasons`,
      },
    });
}

export async function findRecorders(db: Executor, communityId: string): Promise<RecorderRow[]> {
  return db
    .select()
    .from(recorders)
    .where(eq(recorders.communityId, communityId))
    .orderBy(desc(recorders.lastUploadAt));
}
