import type { TBotCommandLogItem, TPageQuery } from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import * as repo from './bot.repo';

export function presentCommandLog(row: repo.CommandLogRow): TBotCommandLogItem {
  return {
    id: row.id,
    guildId: row.guildId,
    channelId: row.channelId,
    userId: row.userId,
    userName: row.userName,
    kind: row.kind as TBotCommandLogItem['kind'],
    name: row.name,
    options: row.options,
    outcome: row.outcome,
    latencyMs: row.latencyMs,
    transport: row.transport as TBotCommandLogItem['transport'],
    at: row.at.toISOString(),
  };
}

/** A community's command log, newest first. */
export async function listCommandLog(db: Executor, communityId: string, page: TPageQuery) {
  const { rows, total } = await repo.findCommandLog(db, communityId, page);
  return { items: rows.map(presentCommandLog), total };
}
