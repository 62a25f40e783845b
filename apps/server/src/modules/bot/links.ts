import type { AppContext } from '../../core/context';
import * as repo from './bot.repo';
import type { BotLanguage } from './bot.tables';

/** Every interaction reads its server's link: kept in the read cache, dropped on every change. */
const cacheKey = (guildId: string) => `bot:guild-link:${guildId}:`;

type CachedLink = Omit<repo.GuildLinkRow, 'linkedAt'> & { linkedAt: string };

export async function findLink(app: AppContext, guildId: string): Promise<repo.GuildLinkRow | undefined> {
  const hit = app.cache.get(cacheKey(guildId));
  if (hit) {
    const row = JSON.parse(hit.body) as CachedLink;
    return { ...row, linkedAt: new Date(row.linkedAt) };
  }
  const row = await repo.findGuildLink(app.db, guildId);
  if (row) app.cache.put(cacheKey(guildId), row);
  return row;
}

export async function linkGuild(
  app: AppContext,
  values: { guildId: string; communityId: string; linkedBy: string },
): Promise<repo.GuildLinkRow> {
  const row = await repo.upsertGuildLink(app.db, values);
  app.cache.invalidate(cacheKey(values.guildId));
  return row;
}

/** Unlinks a server from the community; answers whether it was linked to it. */
export async function unlinkGuild(app: AppContext, communityId: string, guildId: string): Promise<boolean> {
  const removed = await repo.deleteGuildLink(app.db, communityId, guildId);
  app.cache.invalidate(cacheKey(guildId));
  return removed;
}

export async function setGuildLanguage(app: AppContext, guildId: string, language: BotLanguage | null) {
  const row = await repo.setGuildLanguage(app.db, guildId, language);
  app.cache.invalidate(cacheKey(guildId));
  return row;
}
