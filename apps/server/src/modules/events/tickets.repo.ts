import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { type TicketStatus, ticketConfigs, tickets, ticketTranscripts } from './tickets.tables';

export type TicketConfigRow = typeof ticketConfigs.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;
export type TranscriptRow = typeof ticketTranscripts.$inferSelect;

export async function findConfig(db: Executor, communityId: string): Promise<TicketConfigRow | undefined> {
  const [row] = await db.select().from(ticketConfigs).where(eq(ticketConfigs.communityId, communityId));
  return row;
}

export async function upsertConfig(
  db: Executor,
  values: Pick<
    TicketConfigRow,
    'communityId' | 'staffRoleIds' | 'categoryName' | 'logChannelId' | 'updatedBy'
  >,
): Promise<TicketConfigRow> {
  const { communityId, ...set } = values;
  const [row] = await db
    .insert(ticketConfigs)
    .values(values)
    .onConflictDoUpdate({ target: ticketConfigs.communityId, set: { ...set, updatedAt: new Date() } })
    .returning();
  return row!;
}

/** The next ticket number, taken atomically (two tickets opened at once never share one). */
export async function takeNumber(db: Executor, communityId: string): Promise<number> {
  const [row] = await db
    .update(ticketConfigs)
    .set({ nextNumber: sql`${ticketConfigs.nextNumber} + 1` })
    .where(eq(ticketConfigs.communityId, communityId))
    .returning({ next: ticketConfigs.nextNumber });
  return row!.next - 1;
}

/** Gives a number back after a failed open, unless a later ticket took the next one already. */
export async function releaseNumber(db: Executor, communityId: string, number: number): Promise<void> {
  await db
    .update(ticketConfigs)
    .set({ nextNumber: number })
    .where(and(eq(ticketConfigs.communityId, communityId), eq(ticketConfigs.nextNumber, number + 1)));
}

/** The opener's ticket still open (or claimed), if any. */
export async function findOpenTicketOf(db: Executor, communityId: string, openedBy: string) {
  const [row] = await db
    .select()
    .from(tickets)
    .where(
      and(eq(tickets.communityId, communityId), eq(tickets.openedBy, openedBy), ne(tickets.status, 'closed')),
    )
    .limit(1);
  return row;
}

export async function insertTicket(db: Executor, values: typeof tickets.$inferInsert): Promise<TicketRow> {
  const [row] = await db.insert(tickets).values(values).returning();
  return row!;
}

export async function findTicket(
  db: Executor,
  communityId: string,
  id: string,
): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.communityId, communityId), eq(tickets.id, id)));
  return row;
}

export async function updateTicket(db: Executor, id: string, set: Partial<TicketRow>): Promise<TicketRow> {
  const [row] = await db.update(tickets).set(set).where(eq(tickets.id, id)).returning();
  return row!;
}

/** Claims an unclaimed open ticket; undefined when someone else was first. */
export async function claim(db: Executor, id: string, by: { id: string; name: string }) {
  const [row] = await db
    .update(tickets)
    .set({ status: 'claimed', claimedBy: by.id, claimedByName: by.name, claimedAt: new Date() })
    .where(and(eq(tickets.id, id), eq(tickets.status, 'open')))
    .returning();
  return row;
}

export async function listTickets(
  db: Executor,
  communityId: string,
  q: { status?: TicketStatus; limit: number; offset: number },
) {
  const where = and(
    eq(tickets.communityId, communityId),
    q.status ? eq(tickets.status, q.status) : undefined,
  );
  const rows = await db
    .select()
    .from(tickets)
    .where(where)
    .orderBy(desc(tickets.number))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db.select({ n: count() }).from(tickets).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function insertTranscript(db: Executor, values: typeof ticketTranscripts.$inferInsert) {
  const [row] = await db.insert(ticketTranscripts).values(values).returning();
  return row!;
}

export async function transcriptsOf(db: Executor, ticketId: string): Promise<TranscriptRow[]> {
  return db
    .select()
    .from(ticketTranscripts)
    .where(eq(ticketTranscripts.ticketId, ticketId))
    .orderBy(asc(ticketTranscripts.closedAt), asc(ticketTranscripts.id));
}
