import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { APIGuild, APIGuildMember } from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { findDiscordAccount } from '../identity';
import { findGuildLink } from './bot.repo';
import { linkGuild } from './links';
import { ADMINISTRATOR, managesGuild } from './permissions';

/**
 * A member's server-wide permissions as Discord computes them: the owner and Administrator
 * hold everything; otherwise @everyone's bits (the role whose id is the server's) or'ed
 * with those of each of the member's roles.
 */
export function memberPermissions(
  guild: Pick<APIGuild, 'id' | 'owner_id' | 'roles'>,
  member: Pick<APIGuildMember, 'roles' | 'user'>,
): bigint {
  if (member.user?.id === guild.owner_id) return ADMINISTRATOR;
  const held = new Set([guild.id, ...member.roles]);
  return guild.roles.filter((r) => held.has(r.id)).reduce((bits, r) => bits | BigInt(r.permissions), 0n);
}

/**
 * Whether a Discord user manages a server, as Discord computes it from the server's roles and
 * the member's. Asked through the bot: Discord's refusals (bot not in the server, not a
 * member) reach the caller as `DiscordAPIError`.
 */
export async function askManagesGuild(rest: REST, guildId: string, discordUserId: string) {
  const guild = (await rest.get(Routes.guild(guildId))) as APIGuild;
  const member = (await rest.get(Routes.guildMember(guildId, discordUserId))) as APIGuildMember;
  return { guild, manages: managesGuild({ permissions: memberPermissions(guild, member) }) };
}

/**
 * Links a server from the web. The community's side is proven by the session (an officer of
 * it); the server's side by asking Discord, through the bot, whether the officer's own
 * Discord account manages that server — the same proof `/setup` gets from the interaction.
 * The bot must already be in the server, or Discord answers nothing about it.
 */
export async function linkServerFromWeb(
  app: AppContext,
  rest: REST,
  input: { communityId: string; userId: string; guildId: string },
) {
  const account = await findDiscordAccount(app.db, input.userId);
  if (!account)
    throw new AppError(
      'DISCORD_ACCOUNT_NOT_LINKED',
      'sign in with Discord once, so Guildhall knows your Discord account',
    );
  const existing = await findGuildLink(app.db, input.guildId);
  if (existing && existing.communityId !== input.communityId)
    throw new AppError('CONFLICT', 'this Discord server is linked to another community');
  let asked: Awaited<ReturnType<typeof askManagesGuild>>;
  try {
    asked = await askManagesGuild(rest, input.guildId, account.discordUserId);
  } catch (err) {
    if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 404))
      throw new AppError(
        'DISCORD_SERVER_NOT_FOUND',
        err.code === 10007
          ? 'your Discord account is not a member of that server'
          : 'the bot is not in that server: add it with the invite link first',
      );
    throw err;
  }
  if (!asked.manages)
    throw new AppError('FORBIDDEN', 'your Discord account needs Manage Server in that server to link it');
  const row = await linkGuild(app, {
    guildId: input.guildId,
    communityId: input.communityId,
    linkedBy: `discord:${account.discordUserId}`,
  });
  return { row, guildName: asked.guild.name };
}
