import { DiscordAPIError, RateLimitError, type REST, Routes } from 'discord.js';
import type {
  APIChannel,
  APIGuildChannel,
  APIMessage,
  APIOverwrite,
  GuildChannelType,
  OverwriteType,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { assertWithinLimits, NO_MENTIONS, type OutgoingMessage } from './discord-actions';

/** Discord's JSON error codes met when managing channels. */
export const ChannelErrorCode = {
  UnknownChannel: 10003,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  MaxGuildChannels: 30013,
  InvalidFormBody: 50035,
} as const;

/** How a channel call ended; the failures a caller shows to the user instead of crashing. */
export type ChannelResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      code:
        | 'MISSING_PERMISSIONS'
        | 'RATE_LIMITED'
        | 'UNKNOWN_CHANNEL'
        | 'CATEGORY_FULL'
        | 'GUILD_FULL'
        | 'DISCORD_ERROR';
      message: string;
      /** For RATE_LIMITED: how long Discord asks to wait. */
      retryAfterMs?: number;
    };

export type GuildChannel = APIGuildChannel<GuildChannelType>;

export interface NewChannel {
  name: string;
  /** 0 text, 4 category. */
  type: 0 | 4;
  topic?: string;
  parentId?: string;
  overwrites?: { id: string; type: OverwriteType; allow?: bigint; deny?: bigint }[];
}

export interface FileAttachment {
  name: string;
  data: Buffer;
}

/** Channel management for modules that open and close channels (tickets). */
export interface ChannelActions {
  listGuildChannels(guildId: string): Promise<ChannelResult<GuildChannel[]>>;
  createChannel(guildId: string, channel: NewChannel): Promise<ChannelResult<GuildChannel>>;
  editChannel(
    channelId: string,
    patch: { name?: string; topic?: string; parentId?: string | null },
  ): Promise<ChannelResult<GuildChannel>>;
  deleteChannel(channelId: string): Promise<ChannelResult<void>>;
  /** Sets one role's (type 0) or member's (type 1) overwrite on a channel. */
  setOverwrite(
    channelId: string,
    overwrite: { id: string; type: OverwriteType; allow?: bigint; deny?: bigint },
  ): Promise<ChannelResult<void>>;
  /** Every message of a channel, oldest first, paging 100 at a time (up to `max`). */
  fetchMessages(channelId: string, max?: number): Promise<ChannelResult<APIMessage[]>>;
  /** A message with files attached (a transcript); mentions in it ping nobody. */
  postWithFiles(
    channelId: string,
    message: OutgoingMessage,
    files: FileAttachment[],
  ): Promise<ChannelResult<APIMessage>>;
}

function failure(err: unknown): ChannelResult<never> {
  if (err instanceof RateLimitError)
    return { ok: false, code: 'RATE_LIMITED', message: err.message, retryAfterMs: err.retryAfter };
  if (err instanceof DiscordAPIError) {
    const raw = err.rawError as { errors?: { parent_id?: unknown } } | undefined;
    const code =
      err.code === ChannelErrorCode.MissingPermissions || err.code === ChannelErrorCode.MissingAccess
        ? 'MISSING_PERMISSIONS'
        : err.code === ChannelErrorCode.UnknownChannel
          ? 'UNKNOWN_CHANNEL'
          : err.code === ChannelErrorCode.MaxGuildChannels
            ? 'GUILD_FULL'
            : err.code === ChannelErrorCode.InvalidFormBody && raw?.errors?.parent_id
              ? 'CATEGORY_FULL'
              : 'DISCORD_ERROR';
    return { ok: false, code, message: err.message };
  }
  throw err;
}

async function attempt<T>(run: () => Promise<T>): Promise<ChannelResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    return failure(err);
  }
}

const overwriteBody = (o: NonNullable<NewChannel['overwrites']>[number]): APIOverwrite => ({
  id: o.id,
  type: o.type,
  allow: String(o.allow ?? 0n),
  deny: String(o.deny ?? 0n),
});

export function createChannelActions(rest: REST): ChannelActions {
  return {
    listGuildChannels: (guildId) =>
      attempt(async () => (await rest.get(Routes.guildChannels(guildId))) as GuildChannel[]),
    createChannel: (guildId, c) =>
      attempt(
        async () =>
          (await rest.post(Routes.guildChannels(guildId), {
            body: {
              name: c.name,
              type: c.type,
              ...(c.topic ? { topic: c.topic } : {}),
              ...(c.parentId ? { parent_id: c.parentId } : {}),
              permission_overwrites: (c.overwrites ?? []).map(overwriteBody),
            },
          })) as GuildChannel,
      ),
    editChannel: (channelId, patch) =>
      attempt(
        async () =>
          (await rest.patch(Routes.channel(channelId), {
            body: {
              ...(patch.name !== undefined ? { name: patch.name } : {}),
              ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
              ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
            },
          })) as GuildChannel,
      ),
    deleteChannel: (channelId) =>
      attempt(async () => {
        (await rest.delete(Routes.channel(channelId))) as APIChannel;
      }),
    setOverwrite: (channelId, o) =>
      attempt(async () => {
        const { allow, deny, type } = overwriteBody(o);
        await rest.put(Routes.channelPermission(channelId, o.id), { body: { allow, deny, type } });
      }),
    fetchMessages: (channelId, max = 1000) =>
      attempt(async () => {
        const all: APIMessage[] = [];
        let before: string | undefined;
        while (all.length < max) {
          const query = new URLSearchParams({ limit: '100', ...(before ? { before } : {}) });
          const page = (await rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
          all.push(...page);
          if (page.length < 100) break;
          before = page[page.length - 1]!.id;
        }
        // Discord pages newest first.
        return all.slice(0, max).reverse();
      }),
    postWithFiles: (channelId, message, files) =>
      attempt(async () => {
        assertWithinLimits(message);
        const body: RESTPostAPIChannelMessageJSONBody = {
          ...message,
          allowed_mentions: NO_MENTIONS,
          attachments: files.map((f, i) => ({ id: String(i), filename: f.name })),
        };
        return (await rest.post(Routes.channelMessages(channelId), { body, files })) as APIMessage;
      }),
  };
}
