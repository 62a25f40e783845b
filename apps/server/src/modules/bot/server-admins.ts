import { DiscordAPIError, type REST } from 'discord.js';
import type { AppContext } from '../../core/context';
import { findDiscordAccount } from '../identity';
import { findGuildLinksOf } from './bot.repo';
import { askManagesGuild } from './web-link';

/** How long an answer about one user in one community is trusted before Discord is asked again. */
const TTL_MS = 5 * 60_000;

/**
 * "A Discord server's admins administer the community linked to it": a signed-in user whose
 * Discord account has Manage Server in a server linked to the community acts as its officer
 * on the web too. Discord is asked through the bot (the member's roles against the server's),
 * and each answer, yes or no, is kept for a few minutes so a page's requests ask once.
 */
export function discordServerAdminRole(app: AppContext, rest: REST) {
  const answers = new Map<string, { officer: boolean; until: number }>();
  async function ask(communityId: string, userId: string): Promise<boolean> {
    if (!app.config.DISCORD_TOKEN) return false;
    const links = await findGuildLinksOf(app.db, communityId);
    if (links.length === 0) return false;
    const account = await findDiscordAccount(app.db, userId);
    if (!account) return false;
    for (const link of links) {
      try {
        if ((await askManagesGuild(rest, link.guildId, account.discordUserId)).manages) return true;
      } catch (err) {
        // Not a member there, or the bot left the server: no role from it.
        if (!(err instanceof DiscordAPIError)) throw err;
      }
    }
    return false;
  }
  return async (communityId: string, userId: string): Promise<'officer' | null> => {
    const key = `${communityId}:${userId}`;
    const now = Date.now();
    let hit = answers.get(key);
    if (!hit || hit.until <= now) {
      hit = { officer: await ask(communityId, userId).catch(() => false), until: now + TTL_MS };
      answers.set(key, hit);
      if (answers.size > 10_000) answers.delete(answers.keys().next().value!);
    }
    return hit.officer ? 'officer' : null;
  };
}
