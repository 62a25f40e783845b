import {
  type APIMessage,
  type APIUser,
  GatewayDispatchEvents,
  type GatewayMessageCreateDispatchData,
  MessageType,
} from 'discord-api-types/v10';
import { and, eq } from 'drizzle-orm';
import type { BotGatewayListener } from '../src/modules/bot';
import { guildLinks } from '../src/modules/bot/bot.tables';
import {
  type ActivityChannelKind,
  osrsActivityChannels,
  osrsDiscordActivity,
  osrsDiscordHours,
} from '../src/modules/osrs/discord.tables';
import { osrsGatewayListeners } from '../src/modules/osrs/osrs.bot';
import { harness } from './bot-harness';
import { snowflake } from './fakes/discord-bot';

/**
 * The real discord.js client on the fake gateway with the osrs listeners; each handled dispatch
 * settles a latch the test awaits (never a sleep).
 */
export async function countingSetup() {
  const handled: (() => void)[] = [];
  const listeners: BotGatewayListener[] = osrsGatewayListeners.map((l) => ({
    ...l,
    async handle(app, data) {
      try {
        await l.handle(app, data);
      } finally {
        for (const done of handled.splice(0)) done();
      }
    },
  }));
  const h = await harness({ features: [{ module: 'osrs', gateway: listeners }] });
  const db = h.t.ctx.db;
  await db
    .insert(guildLinks)
    .values({ guildId: h.where.guildId, communityId: h.communityId, linkedBy: snowflake() });

  const optIn = (channelId: string, kind: ActivityChannelKind = 'count') =>
    db.insert(osrsActivityChannels).values({ communityId: h.communityId, channelId, kind });

  /** Dispatches MESSAGE_CREATE as Discord sends it (no content: the intent is not asked for). */
  const post = async (message: GatewayMessageCreateDispatchData) => {
    const done = new Promise<void>((resolve) => handled.push(resolve));
    h.fake.gateway.dispatch(GatewayDispatchEvents.MessageCreate, message);
    await done;
  };

  const activity = () =>
    db.select().from(osrsDiscordActivity).where(eq(osrsDiscordActivity.communityId, h.communityId));
  const hours = () =>
    db.select().from(osrsDiscordHours).where(eq(osrsDiscordHours.communityId, h.communityId));
  const channelRow = async (channelId: string) =>
    (
      await db
        .select()
        .from(osrsActivityChannels)
        .where(
          and(
            eq(osrsActivityChannels.communityId, h.communityId),
            eq(osrsActivityChannels.channelId, channelId),
          ),
        )
    )[0];
  return { h, db, optIn, post, activity, hours, channelRow };
}

/** A guild message in Discord's shape; `replyTo` makes it a reply (with the referenced message). */
export function guildMessage(
  guildId: string,
  channelId: string,
  author: APIUser,
  timestamp: string,
  opts: { replyTo?: APIMessage; webhookId?: string; id?: string } = {},
): GatewayMessageCreateDispatchData {
  return {
    id: opts.id ?? snowflake(),
    channel_id: channelId,
    guild_id: guildId,
    author,
    content: '',
    timestamp,
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: opts.replyTo ? MessageType.Reply : MessageType.Default,
    ...(opts.webhookId ? { webhook_id: opts.webhookId } : {}),
    ...(opts.replyTo
      ? {
          message_reference: { message_id: opts.replyTo.id, channel_id: channelId, guild_id: guildId },
          referenced_message: opts.replyTo,
        }
      : {}),
  } as GatewayMessageCreateDispatchData;
}
