import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { type CharacterRole, characters, members } from './members.tables';

export type MemberRow = typeof members.$inferSelect;
export type CharacterRow = typeof characters.$inferSelect;

/** Rows per statement of a bulk write: one JSON parameter each, well under any size limit. */
const CHUNK = 5_000;

/**
 * A JSON parameter that SQL unpacks with `jsonb_to_recordset`: one round trip for many rows.
 * Keys become snake_case to match the record definitions.
 */
const jsonParam = (rows: object[]) => sql`${JSON.stringify(rows.map(snakeKeys))}::jsonb`;

/** camelCase → snake_case, each key converted once (a roster upload writes thousands of rows). */
const snakeNames = new Map<string, string>();
const snakeName = (key: string) => {
  let name = snakeNames.get(key);
  if (name === undefined) {
    name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(key, name);
  }
  return name;
};
const snakeKeys = (row: object) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[snakeName(k)] = v;
  return out;
};

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** A character with the member state that ingestion needs. */
export interface KnownCharacter {
  id: string;
  memberId: string;
  name: string;
  nameKey: string;
  realm: string;
  className: string | null;
  level: number | null;
  rank: string | null;
  rankIndex: number | null;
  spec: string | null;
  role: CharacterRole | null;
  inRoster: boolean;
  online: boolean;
  messageTotal: number;
  lastMessage: string | null;
  chatDigest: string | null;
  lastSeenAt: Date | null;
  isMain: boolean;
  member: {
    active: boolean;
    missingSince: Date | null;
    inactiveSince: Date | null;
    lastSeenAt: Date | null;
  };
}

/** Characters per page of `findCommunityCharacters`. */
const KNOWN_PAGE = 250;

/**
 * A community's characters with their members' state, read a page at a time in `name_key`
 * order (the community's unique index, so each page is an index range): a big guild's rows,
 * chat digests included, become objects in short stretches between other requests, not in one
 * long one. A character another writer adds meanwhile may be missed, as by a read a moment
 * earlier: it is never stored twice, since the later insert fails on the unique key.
 */
export async function findCommunityCharacters(db: Executor, communityId: string): Promise<KnownCharacter[]> {
  const known: KnownCharacter[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await db
      .select({
        id: characters.id,
        memberId: characters.memberId,
        name: characters.name,
        nameKey: characters.nameKey,
        realm: characters.realm,
        className: characters.className,
        level: characters.level,
        rank: characters.rank,
        rankIndex: characters.rankIndex,
        spec: characters.spec,
        role: characters.role,
        inRoster: characters.inRoster,
        online: characters.online,
        messageTotal: characters.messageTotal,
        lastMessage: characters.lastMessage,
        chatDigest: characters.chatDigest,
        lastSeenAt: characters.lastSeenAt,
        isMain: sql<boolean>`${members.mainCharacterId} is not distinct from ${characters.id}`,
        member: {
          active: members.active,
          missingSince: members.missingSince,
          inactiveSince: members.inactiveSince,
          lastSeenAt: members.lastSeenAt,
        },
      })
      .from(characters)
      .innerJoin(members, eq(members.id, characters.memberId))
      .where(
        and(
          eq(characters.communityId, communityId),
          after === null ? undefined : gt(characters.nameKey, after),
        ),
      )
      .orderBy(characters.nameKey)
      .limit(KNOWN_PAGE);
    known.push(...page);
    if (page.length < KNOWN_PAGE) return known;
    after = page[page.length - 1]!.nameKey;
  }
}

/** A character to insert: the loaded shape, plus its community and first sighting. */
export interface NewCharacter extends Omit<KnownCharacter, 'isMain' | 'member'> {
  communityId: string;
  firstSeenAt: Date;
}

/** Inserts each character with a new member of its own, the character being the member's main. */
export async function insertCharactersWithMembers(db: Executor, rows: NewCharacter[]): Promise<void> {
  await inChunks(rows, async (chunk) => {
    // One JSON text for the chunk's three statements.
    const json = jsonParam(chunk);
    await db.execute(sql`
      insert into members (id, community_id, display_name, active, first_seen_at, last_seen_at, missing_since)
      select x.member_id, x.community_id, x.name, true, x.first_seen_at, x.last_seen_at,
             case when x.in_roster then null else x.first_seen_at end
      from jsonb_to_recordset(${json}) as x(
        member_id uuid, community_id uuid, name text, first_seen_at timestamptz,
        last_seen_at timestamptz, in_roster boolean)`);
    await db.execute(sql`
      insert into characters (id, community_id, member_id, name, name_key, realm, class, level, rank,
        rank_index, spec, role, in_roster, online, message_total, last_message, chat_digest,
        first_seen_at, last_seen_at)
      select x.id, x.community_id, x.member_id, x.name, x.name_key, x.realm, x.class_name, x.level,
        x.rank, x.rank_index, x.spec, x.role, x.in_roster, x.online, x.message_total, x.last_message,
        x.chat_digest, x.first_seen_at, x.last_seen_at
      from jsonb_to_recordset(${json}) as x(
        id uuid, community_id uuid, member_id uuid, name text, name_key text, realm text,
        class_name text, level int, rank text, rank_index int, spec text, role text,
        in_roster boolean, online boolean, message_total int, last_message text, chat_digest text,
        first_seen_at timestamptz, last_seen_at timestamptz)`);
    await db.execute(sql`
      update members m set main_character_id = x.id
      from jsonb_to_recordset(${json}) as x(id uuid, member_id uuid)
      where m.id = x.member_id`);
  });
}

/** The ingestion-owned state of a character: everything loaded but its identity and member links. */
export type CharacterUpdate = Omit<KnownCharacter, 'memberId' | 'nameKey' | 'realm' | 'isMain' | 'member'>;

/** Writes the full ingestion-owned state of many characters in one statement per chunk. */
export async function updateCharacters(db: Executor, rows: CharacterUpdate[]): Promise<void> {
  await inChunks(rows, (chunk) =>
    db.execute(sql`
      update characters c set name = x.name, class = x.class_name, level = x.level, rank = x.rank,
        rank_index = x.rank_index, spec = x.spec, role = x.role, in_roster = x.in_roster,
        online = x.online, message_total = x.message_total, last_message = x.last_message,
        chat_digest = x.chat_digest, last_seen_at = x.last_seen_at
      from jsonb_to_recordset(${jsonParam(chunk)}) as x(
        id uuid, name text, class_name text, level int, rank text, rank_index int, spec text,
        role text, in_roster boolean, online boolean, message_total int, last_message text,
        chat_digest text, last_seen_at timestamptz)
      where c.id = x.id`),
  );
}

export interface MemberUpdate {
  id: string;
  active: boolean;
  missingSince: Date | null;
  inactiveSince: Date | null;
  lastSeenAt: Date | null;
}

export async function updateMembers(db: Executor, rows: MemberUpdate[]): Promise<void> {
  await inChunks(rows, (chunk) =>
    db.execute(sql`
      update members m set active = x.active, missing_since = x.missing_since,
        inactive_since = x.inactive_since, last_seen_at = x.last_seen_at
      from jsonb_to_recordset(${jsonParam(chunk)}) as x(
        id uuid, active boolean, missing_since timestamptz, inactive_since timestamptz,
        last_seen_at timestamptz)
      where m.id = x.id`),
  );
}

export async function findMember(
  db: Executor,
  communityId: string,
  memberId: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.communityId, communityId), eq(members.id, memberId)));
  return row;
}

export async function findMemberCharacters(db: Executor, memberId: string): Promise<CharacterRow[]> {
  return db.select().from(characters).where(eq(characters.memberId, memberId)).orderBy(characters.name);
}

export async function countMembers(
  db: Executor,
  communityId: string,
): Promise<{ total: number; active: number }> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      active: sql<number>`(count(*) filter (where ${members.active}))::int`,
    })
    .from(members)
    .where(eq(members.communityId, communityId));
  return { total: row?.total ?? 0, active: row?.active ?? 0 };
}

export interface MemberSummary {
  memberId: string;
  name: string;
  class: string | null;
  rank: string | null;
  active: boolean;
}

/** Every member with its main character's name, class and rank. */
export async function findMemberSummaries(db: Executor, communityId: string): Promise<MemberSummary[]> {
  const rows = await db
    .select({
      memberId: members.id,
      displayName: members.displayName,
      name: characters.name,
      class: characters.className,
      rank: characters.rank,
      active: members.active,
    })
    .from(members)
    .leftJoin(characters, eq(characters.id, members.mainCharacterId))
    .where(eq(members.communityId, communityId));
  return rows.map((r) => ({
    memberId: r.memberId,
    name: r.name ?? r.displayName,
    class: r.class,
    rank: r.rank,
    active: r.active,
  }));
}

// ---- Outside services (Raider.IO, Warcraft Logs, Blizzard, Battle.net): wow integrations.

/** What outside services add to a character; an undefined field is left as it is. */
export interface CharacterEnrichment {
  id: string;
  spec?: string | null;
  role?: CharacterRole | null;
  itemLevel?: number | null;
  avatarUrl?: string | null;
  renderUrl?: string | null;
  bestParse?: number | null;
  externalStatus?: string | null;
}

export async function updateCharacterEnrichment(db: Executor, rows: CharacterEnrichment[]): Promise<void> {
  for (const { id, ...patch } of rows) {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length > 0) await db.update(characters).set(set).where(eq(characters.id, id));
  }
}

/** Fills class, race, level and rank index where the addon has not set them (never overwrites). */
export async function fillCharacterDetails(
  db: Executor,
  rows: {
    id: string;
    className: string | null;
    race: string | null;
    level: number | null;
    rankIndex: number | null;
  }[],
): Promise<void> {
  await inChunks(rows, (chunk) =>
    db.execute(sql`
      update characters c set class = coalesce(c.class, x.class_name), race = coalesce(c.race, x.race),
        level = coalesce(c.level, x.level), rank_index = coalesce(c.rank_index, x.rank_index)
      from jsonb_to_recordset(${jsonParam(chunk)}) as x(
        id uuid, class_name text, race text, level int, rank_index int)
      where c.id = x.id`),
  );
}

/** Links a member to the account that proved it is this person; answers false if another account holds it. */
export async function linkMemberUser(
  db: Executor,
  communityId: string,
  memberId: string,
  userId: string,
): Promise<boolean> {
  const rows = await db
    .update(members)
    .set({ userId })
    .where(
      and(
        eq(members.communityId, communityId),
        eq(members.id, memberId),
        sql`(${members.userId} is null or ${members.userId} = ${userId})`,
      ),
    )
    .returning({ id: members.id });
  return rows.length > 0;
}

/** Deletes members of a community; their characters and history go with them (foreign keys cascade). */
export async function deleteMembers(db: Executor, communityId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .delete(members)
    .where(and(eq(members.communityId, communityId), inArray(members.id, ids)))
    .returning({ id: members.id });
  return rows.length;
}
