import type { TOsrsMembersQuery } from '@guildhall/contracts';
import { and, asc, count, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { takeIncoming } from '../../core/db/excluded';
import { decodeValues, encodeValues } from './metrics';
import { osrsGains, osrsHarvests, osrsMembers, osrsSnapshots, type SnapshotValues } from './osrs.tables';

export type MemberRow = typeof osrsMembers.$inferSelect;
export type MemberUpsert = typeof osrsMembers.$inferInsert;
/** A snapshot with its values decoded from the stored form. */
export interface SnapshotRow {
  memberId: string;
  takenAt: Date;
  values: SnapshotValues;
}
export type GainRow = typeof osrsGains.$inferSelect;
export type HarvestInsert = typeof osrsHarvests.$inferInsert;

/** Rows per statement: big enough to keep round trips few, small enough for the parameter limit. */
const CHUNK = 200;
/** Rows per JSON parameter: a few megabytes at most. */
const JSON_CHUNK = 1_000;
const chunks = <T>(rows: T[], size = CHUNK) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

export function findMembers(db: Executor, communityId: string): Promise<MemberRow[]> {
  return db.select().from(osrsMembers).where(eq(osrsMembers.communityId, communityId));
}

/** Inserts or refreshes members by Wise Old Man id; answers every row with its id. */
export async function upsertMembers(tx: Executor, rows: MemberUpsert[]): Promise<MemberRow[]> {
  const out: MemberRow[] = [];
  for (const part of chunks(rows)) {
    out.push(
      ...(await tx
        .insert(osrsMembers)
        .values(part)
        .onConflictDoUpdate({
          target: [osrsMembers.communityId, osrsMembers.womId],
          set: {
            ...takeIncoming(osrsMembers, ['name', 'aliases', 'role', 'joinedAt', 'active', 'leftAt']),
            updatedAt: sql`now()`,
          },
        })
        .returning()),
    );
  }
  return out;
}

export async function markLeft(tx: Executor, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(osrsMembers)
    .set({ active: false, leftAt: at, updatedAt: at })
    .where(inArray(osrsMembers.id, ids));
}

/**
 * Stores snapshots; one already stored for the same member and instant is the same Wise Old
 * Man snapshot, so only metrics it lacked are added (a window's start carries values only).
 */
export async function upsertSnapshots(tx: Executor, rows: SnapshotRow[]): Promise<void> {
  // One JSON parameter per chunk (`jsonb_to_recordset`): thousands of wide rows without a
  // bound parameter each, which is what a 500-member clan's harvest spends its time on.
  for (const part of chunks(rows, JSON_CHUNK)) {
    const json = JSON.stringify(
      part.map((r) => ({ m: r.memberId, t: r.takenAt.toISOString(), v: encodeValues(r.values) })),
    );
    await tx.execute(sql`
      insert into ${osrsSnapshots} (member_id, taken_at, "values")
      select x.m, x.t, x.v from jsonb_to_recordset(${json}::jsonb) as x(m uuid, t timestamptz, v jsonb)
      on conflict (member_id, taken_at) do update set "values" = excluded."values" || ${osrsSnapshots.values}`);
  }
}

const decoded = (row: typeof osrsSnapshots.$inferSelect): SnapshotRow => ({
  ...row,
  values: decodeValues(row.values),
});

const ofCommunity = (communityId: string) =>
  inArray(
    osrsSnapshots.memberId,
    sql`(select ${osrsMembers.id} from ${osrsMembers} where ${osrsMembers.communityId} = ${communityId})`,
  );

export interface SnapshotKey {
  memberId: string;
  takenAt: Date;
}

/** Each member's newest snapshot: which one, without its values. */
export function latestSnapshotKeys(db: Executor, communityId: string): Promise<SnapshotKey[]> {
  return db
    .selectDistinctOn([osrsSnapshots.memberId], {
      memberId: osrsSnapshots.memberId,
      takenAt: osrsSnapshots.takenAt,
    })
    .from(osrsSnapshots)
    .where(ofCommunity(communityId))
    .orderBy(osrsSnapshots.memberId, sql`${osrsSnapshots.takenAt} desc`);
}

/** Each member's first snapshot at or after `since` (a window's start, as Wise Old Man picks it). */
export function firstSnapshotKeysSince(
  db: Executor,
  communityId: string,
  since: Date,
): Promise<SnapshotKey[]> {
  return db
    .selectDistinctOn([osrsSnapshots.memberId], {
      memberId: osrsSnapshots.memberId,
      takenAt: osrsSnapshots.takenAt,
    })
    .from(osrsSnapshots)
    .where(and(ofCommunity(communityId), gte(osrsSnapshots.takenAt, since)))
    .orderBy(osrsSnapshots.memberId, asc(osrsSnapshots.takenAt));
}

/** The values of stored snapshots, by member and instant. */
export async function snapshotsAt(db: Executor, keys: SnapshotKey[]): Promise<SnapshotRow[]> {
  const out: SnapshotRow[] = [];
  for (const part of chunks(keys)) {
    const rows = await db
      .select()
      .from(osrsSnapshots)
      .where(
        or(
          ...part.map((k) =>
            and(eq(osrsSnapshots.memberId, k.memberId), eq(osrsSnapshots.takenAt, k.takenAt)),
          ),
        ),
      );
    out.push(...rows.map(decoded));
  }
  return out;
}

export async function upsertGains(tx: Executor, rows: GainRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    await tx
      .insert(osrsGains)
      .values(part)
      .onConflictDoUpdate({
        target: [osrsGains.memberId, osrsGains.days],
        set: takeIncoming(osrsGains, [
          'fromAt',
          'toAt',
          'xp',
          'ehp',
          'ehb',
          'bossKills',
          'metrics',
          'computedAt',
        ]),
      });
  }
}

export async function insertHarvest(tx: Executor, row: HarvestInsert): Promise<void> {
  await tx.insert(osrsHarvests).values(row);
}

const statusFilter = (communityId: string, status: TOsrsMembersQuery['status']) =>
  and(
    eq(osrsMembers.communityId, communityId),
    status === 'all' ? undefined : eq(osrsMembers.active, status === 'active'),
  );

/** A page of members by name, with the total the filter matches. */
export async function pageMembers(
  db: Executor,
  communityId: string,
  query: TOsrsMembersQuery,
): Promise<{ rows: MemberRow[]; total: number }> {
  const where = statusFilter(communityId, query.status);
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(osrsMembers)
      .where(where)
      .orderBy(sql`lower(${osrsMembers.name})`, osrsMembers.womId)
      .limit(query.limit)
      .offset(query.offset),
    db.select({ n: count() }).from(osrsMembers).where(where),
  ]);
  return { rows, total: totals?.n ?? 0 };
}

export function gainsOf(db: Executor, memberIds: string[]): Promise<GainRow[]> {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db.select().from(osrsGains).where(inArray(osrsGains.memberId, memberIds));
}
