import type { REST } from '@discordjs/rest';
import { type APIMessage, Routes } from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import { addTallies, findActivityChannel, finishBackfill } from './discord.repo';
import { type MessageTally, tallyMessage } from './discord-activity';

const DISCORD_EPOCH = 1_420_070_400_000n;
const PAGE = 100;
export const DEFAULT_BACKFILL_DAYS = 90;

/** The smallest snowflake of an instant: `before` it, only messages strictly older. */
export const snowflakeAt = (at: Date) => String((BigInt(at.getTime()) - DISCORD_EPOCH) << 22n);

export interface BackfillProgress {
  page: number;
  read: number;
  counted: number;
  oldest?: string;
}

export type BackfillReport =
  | { status: 'done'; pages: number; read: number; counted: number }
  | { status: 'skipped'; reason: 'NOT_OPTED_IN' | 'ALREADY_BACKFILLED' };

/**
 * Reads an opted-in channel's history backwards, 100 a page, from when it was opted in (the
 * gateway counts everything after) back `maxDays` at most. The tallies are written with
 * `backfilledAt` in one transaction, only if it was still unset: a run that failed midway wrote
 * nothing, and a second run counts nothing twice.
 */
export async function backfillChannel(
  app: AppContext,
  rest: REST,
  communityId: string,
  channelId: string,
  opts: { maxDays?: number; now?: Date; onPage?: (p: BackfillProgress) => void } = {},
): Promise<BackfillReport> {
  const channel = await findActivityChannel(app.db, communityId, channelId);
  if (!channel) return { status: 'skipped', reason: 'NOT_OPTED_IN' };
  if (channel.backfilledAt) return { status: 'skipped', reason: 'ALREADY_BACKFILLED' };
  const now = opts.now ?? new Date();
  const since = now.getTime() - (opts.maxDays ?? DEFAULT_BACKFILL_DAYS) * 86_400_000;
  const tallies: MessageTally[] = [];
  let before = snowflakeAt(channel.addedAt);
  let page = 0;
  let read = 0;
  for (;;) {
    const messages = (await rest.get(Routes.channelMessages(channelId), {
      query: new URLSearchParams({ limit: String(PAGE), before }),
    })) as APIMessage[];
    page += 1;
    read += messages.length;
    let reachedLimit = false;
    for (const message of messages) {
      if (Date.parse(message.timestamp) < since) {
        reachedLimit = true;
        break;
      }
      const tally = tallyMessage(message, channel.kind);
      if (tally) tallies.push(tally);
    }
    const oldest = messages.at(-1);
    opts.onPage?.({ page, read, counted: tallies.length, oldest: oldest?.timestamp });
    if (reachedLimit || messages.length < PAGE || !oldest) break;
    before = oldest.id;
  }
  const written = await app.db.transaction(async (tx) => {
    if (!(await finishBackfill(tx, communityId, channelId, now))) return false;
    await addTallies(tx, communityId, channelId, tallies);
    return true;
  });
  if (!written) return { status: 'skipped', reason: 'ALREADY_BACKFILLED' };
  return { status: 'done', pages: page, read, counted: tallies.length };
}
