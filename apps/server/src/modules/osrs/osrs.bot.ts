import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  type GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import { type BotFeature, type BotGatewayListener, findLink } from '../bot';
import { addTallies, findActivityChannel, findMemberByNormalizedName, setDiscordLink } from './discord.repo';
import { discordDisplayName, normalizeRsn, tallyMessage } from './discord-activity';
import { osrsCommand } from './osrs.commands';

/**
 * Counts a message posted in a channel its clan opted in to. GuildMessages brings the message
 * without its text (that needs the privileged MessageContent intent, which counting never asks for).
 */
export async function countGatewayMessage(
  app: AppContext,
  message: GatewayMessageCreateDispatchData,
): Promise<boolean> {
  if (!message.guild_id) return false;
  const link = await findLink(app, message.guild_id);
  if (!link) return false;
  const channel = await findActivityChannel(app.db, link.communityId, message.channel_id);
  if (!channel) return false;
  const tally = tallyMessage(message, channel.kind);
  if (!tally) return false;
  await addTallies(app.db, link.communityId, channel.channelId, [tally]);
  // The nickname rule, applied as members speak; a manual link is never replaced.
  const member = await findMemberByNormalizedName(
    app.db,
    link.communityId,
    normalizeRsn(discordDisplayName(message)),
  );
  if (member)
    await setDiscordLink(app.db, {
      memberId: member.id,
      communityId: link.communityId,
      discordUserId: message.author.id,
      source: 'rule',
    });
  return true;
}

export const osrsGatewayListeners: BotGatewayListener[] = [
  {
    event: GatewayDispatchEvents.MessageCreate,
    intent: GatewayIntentBits.GuildMessages,
    async handle(app, data) {
      await countGatewayMessage(app, data as GatewayMessageCreateDispatchData);
    },
  },
];

/** The module's bot feature (custom_ids `osrs:…`): `/osrs` and the message counting. */
export const osrsBot: BotFeature = {
  module: 'osrs',
  commands: [osrsCommand],
  gateway: osrsGatewayListeners,
};
