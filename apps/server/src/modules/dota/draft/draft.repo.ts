import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../../core/db';
import { dotaDraftRooms } from '../draft-rooms.tables';
import type { DraftRecord } from './draft-rules';

export interface StoredRoom {
  id: string;
  communityId: string;
  version: number;
  record: DraftRecord;
}

export async function insertRoom(
  db: Executor,
  room: { id: string; communityId: string; record: DraftRecord },
) {
  await db.insert(dotaDraftRooms).values({ id: room.id, communityId: room.communityId, state: room.record });
}

export async function loadRoom(db: Executor, id: string): Promise<StoredRoom | undefined> {
  const [row] = await db
    .select({
      id: dotaDraftRooms.id,
      communityId: dotaDraftRooms.communityId,
      version: dotaDraftRooms.version,
      record: dotaDraftRooms.state,
    })
    .from(dotaDraftRooms)
    .where(eq(dotaDraftRooms.id, id));
  return row;
}

/** Writes the next record if the room is still at `seen`; answers the new version, or null when another change won. */
export async function saveRoom(
  db: Executor,
  id: string,
  seen: number,
  record: DraftRecord,
): Promise<number | null> {
  const [row] = await db
    .update(dotaDraftRooms)
    .set({ state: record, version: sql`${dotaDraftRooms.version} + 1`, updatedAt: new Date() })
    .where(and(eq(dotaDraftRooms.id, id), eq(dotaDraftRooms.version, seen)))
    .returning({ version: dotaDraftRooms.version });
  return row?.version ?? null;
}

/** A community's rooms changed since `since`, newest first (the caller keeps the open ones). */
export async function recentRooms(db: Executor, communityId: string, since: Date, limit: number) {
  return db
    .select({
      id: dotaDraftRooms.id,
      record: dotaDraftRooms.state,
      createdAt: dotaDraftRooms.createdAt,
      updatedAt: dotaDraftRooms.updatedAt,
    })
    .from(dotaDraftRooms)
    .where(and(eq(dotaDraftRooms.communityId, communityId), gt(dotaDraftRooms.updatedAt, since)))
    .orderBy(desc(dotaDraftRooms.updatedAt))
    .limit(limit);
}
