import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import {
  type ActivityChannelKind,
  osrsActivityChannels,
  osrsDiscordActivity,
  osrsDiscordHours,
  osrsDiscordLinks,
} from './discord.tables';
import type { MessageTally } from './discord-activity';
import { osrsMembers } from './osrs.tables';

export type ActivityChannelRow = typeof osrsActivityChannels.$inferSelect;

export async function findActivityChannel(
  db: Executor,
  communityId: string,
  channelId: string,
): Promise<ActivityChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(osrsActivityChannels)
    .where(
      and(eq(osrsActivityChannels.communityId, communityId), eq(osrsActivityChannels.channelId, channelId)),
    );
  return row;
}

/** Adds tallies to the per-member-day and per-hour counters, summed first so each key is written once. */
export async function addTallies(
  db: Executor,
  communityId: string,
  channelId: string,
  tallies: MessageTally[],
): Promise<void> {
  if (tallies.length === 0) return;
  const days = new Map<string, typeof osrsDiscordActivity.$inferInsert>();
  const hours = new Map<number, typeof osrsDiscordHours.$inferInsert>();
  for (const t of tallies) {
    const key = `${t.discordUserId}:${t.day}`;
    const row = days.get(key) ?? {
      communityId,
      channelId,
      discordUserId: t.discordUserId,
      day: t.day,
      messages: 0,
      questions: 0,
      answers: 0,
    };
    const counted = t.message !== false;
    row.messages = (row.messages ?? 0) + (counted ? 1 : 0);
    row.questions = (row.questions ?? 0) + (t.question ? 1 : 0);
    row.answers = (row.answers ?? 0) + (t.answer ? 1 : 0);
    days.set(key, row);
    if (!counted) continue;
    const h = hours.get(t.hour.getTime()) ?? { communityId, hour: t.hour, messages: 0 };
    h.messages = (h.messages ?? 0) + 1;
    hours.set(t.hour.getTime(), h);
  }
  await db
    .insert(osrsDiscordActivity)
    .values([...days.values()])
    .onConflictDoUpdate({
      target: [
        osrsDiscordActivity.communityId,
        osrsDiscordActivity.discordUserId,
        osrsDiscordActivity.channelId,
        osrsDiscordActivity.day,
      ],
      set: {
        messages: sql`${osrsDiscordActivity.messages} + excluded.messages`,
        questions: sql`${osrsDiscordActivity.questions} + excluded.questions`,
        answers: sql`${osrsDiscordActivity.answers} + excluded.answers`,
      },
    });
  if (hours.size === 0) return;
  await db
    .insert(osrsDiscordHours)
    .values([...hours.values()])
    .onConflictDoUpdate({
      target: [osrsDiscordHours.communityId, osrsDiscordHours.hour],
      set: { messages: sql`${osrsDiscordHours.messages} + excluded.messages` },
    });
}

/** Marks a channel's history read; false when another run already did (its counts stand). */
export async function finishBackfill(db: Executor, communityId: string, channelId: string, at: Date) {
  const rows = await db
    .update(osrsActivityChannels)
    .set({ backfilledAt: at })
    .where(
      and(
        eq(osrsActivityChannels.communityId, communityId),
        eq(osrsActivityChannels.channelId, channelId),
        isNull(osrsActivityChannels.backfilledAt),
      ),
    )
    .returning({ channelId: osrsActivityChannels.channelId });
  return rows.length > 0;
}

export function listActivityChannels(db: Executor, communityId: string): Promise<ActivityChannelRow[]> {
  return db.select().from(osrsActivityChannels).where(eq(osrsActivityChannels.communityId, communityId));
}

/** Opts a channel in, or changes its kind; answers the row and whether it is new (then its history is read). */
export async function upsertActivityChannel(
  db: Executor,
  communityId: string,
  channelId: string,
  kind: ActivityChannelKind,
): Promise<{ row: ActivityChannelRow; created: boolean }> {
  const [created] = await db
    .insert(osrsActivityChannels)
    .values({ communityId, channelId, kind })
    .onConflictDoNothing()
    .returning();
  if (created) return { row: created, created: true };
  const [row] = await db
    .update(osrsActivityChannels)
    .set({ kind })
    .where(
      and(eq(osrsActivityChannels.communityId, communityId), eq(osrsActivityChannels.channelId, channelId)),
    )
    .returning();
  return { row: row!, created: false };
}

/** Stops counting a channel; what it counted stays. */
export async function deleteActivityChannel(db: Executor, communityId: string, channelId: string) {
  const rows = await db
    .delete(osrsActivityChannels)
    .where(
      and(eq(osrsActivityChannels.communityId, communityId), eq(osrsActivityChannels.channelId, channelId)),
    )
    .returning({ channelId: osrsActivityChannels.channelId });
  return rows.length > 0;
}

export type DiscordLinkRow = typeof osrsDiscordLinks.$inferSelect;

/** A clan member's id by Wise Old Man id, or undefined when the harvest never met them. */
export async function findMemberId(db: Executor, communityId: string, womId: number) {
  const [row] = await db
    .select({ id: osrsMembers.id })
    .from(osrsMembers)
    .where(and(eq(osrsMembers.communityId, communityId), eq(osrsMembers.womId, womId)));
  return row?.id;
}

/** A manual link replaces whatever was there; a rule link never replaces a manual one. */
export async function setDiscordLink(
  db: Executor,
  values: { memberId: string; communityId: string; discordUserId: string; source: DiscordLinkRow['source'] },
): Promise<DiscordLinkRow | undefined> {
  const [row] = await db
    .insert(osrsDiscordLinks)
    .values(values)
    .onConflictDoUpdate({
      target: osrsDiscordLinks.memberId,
      set: { discordUserId: values.discordUserId, source: values.source, linkedAt: sql`now()` },
      ...(values.source === 'rule' ? { setWhere: sql`${osrsDiscordLinks.source} = 'rule'` } : {}),
    })
    .returning();
  return row;
}

export async function deleteDiscordLink(db: Executor, memberId: string) {
  const rows = await db
    .delete(osrsDiscordLinks)
    .where(eq(osrsDiscordLinks.memberId, memberId))
    .returning({ memberId: osrsDiscordLinks.memberId });
  return rows.length > 0;
}

/** An active clan member whose name, normalized as `normalizeRsn` does, is `normalized`. */
export async function findMemberByNormalizedName(db: Executor, communityId: string, normalized: string) {
  const [row] = await db
    .select({ id: osrsMembers.id, name: osrsMembers.name })
    .from(osrsMembers)
    .where(
      and(
        eq(osrsMembers.communityId, communityId),
        eq(osrsMembers.active, true),
        sql`regexp_replace(lower(trim(${osrsMembers.name})), '[[:space:]_-]+', ' ', 'g') = ${normalized}`,
      ),
    )
    .limit(1);
  return row;
}

export async function findLinkOfMember(db: Executor, memberId: string): Promise<DiscordLinkRow | undefined> {
  const [row] = await db.select().from(osrsDiscordLinks).where(eq(osrsDiscordLinks.memberId, memberId));
  return row;
}

/** Removes every link of a Discord user in a community; answers how many there were. */
export async function deleteLinksOfUser(db: Executor, communityId: string, discordUserId: string) {
  const rows = await db
    .delete(osrsDiscordLinks)
    .where(
      and(eq(osrsDiscordLinks.communityId, communityId), eq(osrsDiscordLinks.discordUserId, discordUserId)),
    )
    .returning({ memberId: osrsDiscordLinks.memberId });
  return rows.length;
}
