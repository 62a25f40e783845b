import {
  type APIMessage,
  type APIUser,
  ChannelType,
  GatewayDispatchEvents,
  type GatewayMessageCreateDispatchData,
  type GatewayThreadCreateDispatchData,
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
import { osrsBot, osrsGatewayListeners } from '../src/modules/osrs/osrs.bot';
import { harness } from './bot-harness';
import { snowflake } from './fakes/discord-bot';

/**
 * The real discord.js client on the fake gateway with the osrs listeners; each handled dispatch
 * settles a latch the test awaits (never a sleep).
 */
export async function countingSetup(opts: { commands?: boolean } = {}) {
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
  const h = await harness({
    features: [
      { module: 'osrs', gateway: listeners, ...(opts.commands ? { commands: osrsBot.commands } : {}) },
    ],
  });
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

  /** Dispatches THREAD_CREATE as Discord sends it for a new thread. */
  const openThread = async (thread: GatewayThreadCreateDispatchData) => {
    const done = new Promise<void>((resolve) => handled.push(resolve));
    h.fake.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, thread);
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
  return { h, db, optIn, post, openThread, activity, hours, channelRow };
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

const DISCORD_EPOCH = 1_420_070_400_000n;
/** A snowflake made at a time (ms), as Discord makes ids. */
export const snowflakeAt = (ms: number, seq = 0) =>
  String(((BigInt(ms) - DISCORD_EPOCH) << 22n) + BigInt(seq));

/**
 * THREAD_CREATE of a new public thread. A thread opened on its own gets a fresh id; one made
 * from a message takes the message's (older) id: pass `id` for that.
 */
export function threadCreate(
  guildId: string,
  parentId: string,
  ownerId: string,
  createdAt: string,
  opts: { id?: string } = {},
): GatewayThreadCreateDispatchData {
  return {
    id: opts.id ?? snowflakeAt(Date.parse(createdAt)),
    type: ChannelType.PublicThread,
    guild_id: guildId,
    parent_id: parentId,
    owner_id: ownerId,
    name: 'How do I get a fire cape?',
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: createdAt,
      locked: false,
      create_timestamp: createdAt,
    },
    newly_created: true,
    flags: 0,
    total_message_sent: 0,
  } as unknown as GatewayThreadCreateDispatchData;
}
