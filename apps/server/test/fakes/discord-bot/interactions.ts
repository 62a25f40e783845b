import crypto from 'node:crypto';
import {
  type APIChatInputApplicationCommandGuildInteraction,
  type APIGuildMember,
  type APIInteractionDataOptionBase,
  type APIMessageComponentButtonInteraction,
  type APIModalSubmitGuildInteraction,
  type APIPingInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  type GuildMemberFlags,
  InteractionContextType,
  InteractionType,
  type Locale,
} from 'discord-api-types/v10';

/** Discord's epoch (2015-01-01), from which snowflakes count milliseconds. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let sequence = 0n;

/**
 * A realistic 19-digit snowflake (discord.js keys its rate-limit buckets on such ids): a fixed
 * moment in 2026 plus a counter, so ids are unique and ordered without reading the clock.
 */
export function snowflake(): string {
  sequence += 1n;
  return String(((1_780_000_000_000n - DISCORD_EPOCH) << 22n) + sequence);
}

export const APPLICATION_ID = '1290000000000000001';
export const BOT_TOKEN = 'MTI5MDAwMDAwMDAwMDAwMDAwMQ.fake00.botTokenForTestsOnly_abcdefghijklmnop';

/** Permission bits as Discord sends them (decimal strings). */
export const PERMISSIONS = {
  none: '0',
  /** View channel + send messages: an ordinary member. */
  member: String((1n << 10n) | (1n << 11n)),
  manageGuild: String((1n << 5n) | (1n << 10n) | (1n << 11n)),
} as const;

export interface Actor {
  user: APIUser;
  roles?: string[];
  permissions?: string;
  locale?: Locale | `${Locale}`;
}

export function discordUser(name: string, id = snowflake()): APIUser {
  return { id, username: name.toLowerCase(), global_name: name, discriminator: '0', avatar: null };
}

function member(actor: Actor): APIGuildMember & { permissions: string; user: APIUser } {
  return {
    user: actor.user,
    roles: actor.roles ?? [],
    permissions: actor.permissions ?? PERMISSIONS.member,
    joined_at: '2026-01-10T18:00:00.000000+00:00',
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    pending: false,
  };
}

interface Where {
  guildId: string;
  channelId: string;
  guildLocale?: `${Locale}`;
}

function base(actor: Actor, where: Where) {
  return {
    id: snowflake(),
    application_id: APPLICATION_ID,
    token: `aW50ZXJhY3Rpb246${crypto.randomBytes(24).toString('base64url')}`,
    version: 1 as const,
    guild_id: where.guildId,
    guild: { id: where.guildId, locale: where.guildLocale ?? 'en-US', features: [] },
    guild_locale: where.guildLocale ?? 'en-US',
    channel_id: where.channelId,
    channel: {
      id: where.channelId,
      type: ChannelType.GuildText as const,
      guild_id: where.guildId,
      name: 'general',
      position: 0,
      flags: 0,
      permissions: PERMISSIONS.member,
      nsfw: false,
      parent_id: null,
      rate_limit_per_user: 0,
      topic: null,
      last_message_id: null,
    },
    member: member(actor),
    locale: actor.locale ?? 'en-US',
    app_permissions: String((1n << 10n) | (1n << 11n)),
    entitlements: [],
    authorizing_integration_owners: { '0': where.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10_485_760,
  };
}

export function pingInteraction(): APIPingInteraction {
  return {
    id: snowflake(),
    application_id: APPLICATION_ID,
    type: InteractionType.Ping,
    token: `aW50ZXJhY3Rpb246${crypto.randomBytes(24).toString('base64url')}`,
    version: 1,
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 10_485_760,
  } as unknown as APIPingInteraction;
}

/** A slash command as Discord sends it: default (English) names, string options. */
export function chatInput(
  actor: Actor,
  where: Where,
  name: string,
  options: Record<string, string> = {},
): APIChatInputApplicationCommandGuildInteraction {
  return {
    ...base(actor, where),
    type: InteractionType.ApplicationCommand,
    data: {
      id: snowflake(),
      name,
      type: ApplicationCommandType.ChatInput,
      guild_id: where.guildId,
      options: Object.entries(options).map(
        ([n, value]): APIInteractionDataOptionBase<ApplicationCommandOptionType.String, string> => ({
          name: n,
          type: ApplicationCommandOptionType.String,
          value,
        }),
      ),
    },
  } as APIChatInputApplicationCommandGuildInteraction;
}

/** A click on a button of a message the bot sent earlier. */
export function buttonClick(
  actor: Actor,
  where: Where,
  customId: string,
): APIMessageComponentButtonInteraction {
  return {
    ...base(actor, where),
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message: {
      id: snowflake(),
      channel_id: where.channelId,
      author: discordUser('Guildhall', APPLICATION_ID),
      content: 'Sign-ups are open',
      timestamp: '2026-11-20T18:00:00.000000+00:00',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: 1, label: 'Join', custom_id: customId }],
        },
      ],
    },
  } as unknown as APIMessageComponentButtonInteraction;
}

/** A modal submitted with text inputs in Label wrappers (type 18), as current clients send. */
export function modalSubmit(
  actor: Actor,
  where: Where,
  customId: string,
  fields: Record<string, string>,
): APIModalSubmitGuildInteraction {
  return {
    ...base(actor, where),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value], i) => ({
        type: 18,
        id: i + 1,
        component: { type: ComponentType.TextInput, id: i + 10, custom_id: id, value },
      })),
    },
  } as unknown as APIModalSubmitGuildInteraction;
}

/** A test application's Ed25519 key pair: the hex public key for DISCORD_PUBLIC_KEY, and a signer. */
export function signingKeys() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    publicKeyHex: raw.toString('hex'),
    /** The two headers Discord sends with a body signed at `timestamp` (epoch seconds; now by default). */
    sign(body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
      const signature = crypto.sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      return {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      };
    },
  };
}
