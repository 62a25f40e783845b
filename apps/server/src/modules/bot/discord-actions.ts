import { DiscordAPIError, RateLimitError, REST, Routes } from 'discord.js';
import type {
  APIAllowedMentions,
  APIEmbed,
  APIGuildScheduledEvent,
  APIMessage,
  RESTPatchAPIGuildScheduledEventJSONBody,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord-api-types/v10';
import type { Config } from '../../config';
import { discordApiBase } from '../../core/outbound/discord-api';
import { checkDiscordMessage, type DiscordEmbed } from '../../core/outbound/discord-message';
import { type ChannelActions, createChannelActions } from './discord-channels';
import type { MessageComponents } from './feature';

/** Discord's JSON error codes the bot turns into outcomes instead of exceptions. */
export const DiscordErrorCode = {
  UnknownInteraction: 10062,
  AlreadyAcknowledged: 40060,
  CannotDmUser: 50007,
  MissingPermissions: 50013,
  UnknownMessage: 10008,
  UnknownScheduledEvent: 10070,
} as const;

/** Past this wait, a 429 is reported (RATE_LIMITED) rather than waited out. */
export const LONG_RATE_LIMIT_MS = 10_000;

/** The bot's messages carry player text: they ping nobody. */
export const NO_MENTIONS: APIAllowedMentions = { parse: [] };

/** How a send ended: delivered, or one of the failures a caller must show or record. */
export type SendOutcome =
  | { ok: true; messageId: string }
  | {
      ok: false;
      code:
        | 'CANNOT_DM'
        | 'MISSING_PERMISSIONS'
        | 'UNKNOWN_INTERACTION'
        | 'UNKNOWN_MESSAGE'
        | 'UNKNOWN_SCHEDULED_EVENT'
        | 'RATE_LIMITED'
        | 'DISCORD_ERROR';
      message: string;
      /** Discord's HTTP status (a 5xx may pass; a 4xx will not). */
      status?: number;
    };

export type DiscordFailure = Extract<SendOutcome, { ok: false }>;
/** How a call about a server's Scheduled Event ended. */
export type ScheduledEventOutcome = { ok: true; event: APIGuildScheduledEvent } | DiscordFailure;

export interface OutgoingMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: MessageComponents;
  /** With `enforce_nonce`: a resend within minutes answers the message already sent (safe retries). */
  nonce?: string;
}

/** A message Discord would refuse (over its limits) never leaves: the caller's bug, thrown. */
export function assertWithinLimits(message: OutgoingMessage): void {
  const problems = checkDiscordMessage({
    content: message.content,
    embeds: message.embeds as DiscordEmbed[] | undefined,
  });
  if ((message.components?.length ?? 0) > 5)
    problems.push({ path: 'components', length: message.components!.length, limit: 5 });
  message.components?.forEach((row, i) => {
    if (row.components.length > 5)
      problems.push({ path: `components.${i}.components`, length: row.components.length, limit: 5 });
  });
  if (problems.length > 0)
    throw new Error(
      `message over Discord's limits: ${problems.map((p) => `${p.path} ${p.length}/${p.limit}`).join(', ')}`,
    );
}

/** discord.js's REST client pointed at DISCORD_API_BASE_URL (its version split off, as discord.js wants). */
export function createBotRest(config: Pick<Config, 'DISCORD_API_BASE_URL' | 'DISCORD_TOKEN'>): REST {
  const versioned = discordApiBase(config.DISCORD_API_BASE_URL);
  const m = /^(.*)\/v(\d+)$/.exec(versioned)!;
  // A short 429 is waited out; a long one fails fast (RateLimitError) so a user is told instead of kept waiting.
  const rest = new REST({
    api: m[1]!,
    version: m[2]!,
    rejectOnRateLimit: (limit) => limit.retryAfter > LONG_RATE_LIMIT_MS,
  });
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  return rest;
}

const failureCodes: Record<number, DiscordFailure['code']> = {
  [DiscordErrorCode.CannotDmUser]: 'CANNOT_DM',
  [DiscordErrorCode.MissingPermissions]: 'MISSING_PERMISSIONS',
  [DiscordErrorCode.UnknownInteraction]: 'UNKNOWN_INTERACTION',
  [DiscordErrorCode.UnknownMessage]: 'UNKNOWN_MESSAGE',
  [DiscordErrorCode.UnknownScheduledEvent]: 'UNKNOWN_SCHEDULED_EVENT',
};

/** Discord's refusals become values; a network failure (Discord unreachable) stays an exception. */
function outcomeOf(err: unknown): DiscordFailure {
  if (err instanceof RateLimitError) return { ok: false, code: 'RATE_LIMITED', message: err.message };
  if (err instanceof DiscordAPIError) {
    const code = (typeof err.code === 'number' && failureCodes[err.code]) || 'DISCORD_ERROR';
    return { ok: false, code, message: err.message, status: err.status };
  }
  throw err;
}

/** What handlers may do on Discord beyond answering their interaction. */
export interface DiscordActions {
  /** Posts to a channel; mentions in it ping nobody. */
  postMessage(channelId: string, message: OutgoingMessage): Promise<SendOutcome>;
  /** Opens the DM channel and posts there; a user who blocks DMs is `CANNOT_DM`, not an exception. */
  sendDm(userId: string, message: OutgoingMessage): Promise<SendOutcome>;
  /** Another message after the first answer (interaction token, 15 minutes). */
  followUp(message: OutgoingMessage & { ephemeral?: boolean }): Promise<SendOutcome>;
  /** Edits the first answer. */
  editOriginal(message: OutgoingMessage): Promise<SendOutcome>;
  /** Edits a message the bot posted; a deleted one is `UNKNOWN_MESSAGE`. */
  editMessage(channelId: string, messageId: string, message: OutgoingMessage): Promise<SendOutcome>;
  deleteMessage(channelId: string, messageId: string): Promise<{ ok: true } | DiscordFailure>;
  createScheduledEvent(
    guildId: string,
    body: RESTPostAPIGuildScheduledEventJSONBody,
  ): Promise<ScheduledEventOutcome>;
  /** A Scheduled Event deleted in Discord is `UNKNOWN_SCHEDULED_EVENT`. */
  editScheduledEvent(
    guildId: string,
    eventId: string,
    body: RESTPatchAPIGuildScheduledEventJSONBody,
  ): Promise<ScheduledEventOutcome>;
  deleteScheduledEvent(guildId: string, eventId: string): Promise<{ ok: true } | DiscordFailure>;
  /** Creates, edits and deletes channels, reads their messages, posts files. */
  channels: ChannelActions;
}

export function createDiscordActions(
  rest: REST,
  interaction?: { applicationId: string; token: string },
): DiscordActions {
  const body = (m: OutgoingMessage): RESTPostAPIChannelMessageJSONBody => {
    assertWithinLimits(m);
    return { ...m, allowed_mentions: NO_MENTIONS, ...(m.nonce ? { enforce_nonce: true } : {}) };
  };
  const call = async <T>(run: () => Promise<unknown>, ok: (v: unknown) => T): Promise<T | DiscordFailure> => {
    try {
      return ok(await run());
    } catch (err) {
      return outcomeOf(err);
    }
  };
  const scheduled = (v: unknown) => ({ ok: true as const, event: v as APIGuildScheduledEvent });
  const send = async (run: () => Promise<unknown>): Promise<SendOutcome> => {
    try {
      const msg = (await run()) as APIMessage;
      return { ok: true, messageId: msg.id };
    } catch (err) {
      return outcomeOf(err);
    }
  };
  const needInteraction = () => {
    if (!interaction) throw new Error('follow-ups need an interaction');
    return interaction;
  };
  return {
    channels: createChannelActions(rest),
    postMessage: (channelId, message) =>
      send(() => rest.post(Routes.channelMessages(channelId), { body: body(message) })),
    async sendDm(userId, message) {
      return send(async () => {
        const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
          id: string;
        };
        return rest.post(Routes.channelMessages(channel.id), { body: body(message) });
      });
    },
    followUp({ ephemeral, ...message }) {
      const { applicationId, token } = needInteraction();
      return send(() =>
        rest.post(Routes.webhook(applicationId, token), {
          body: { ...body(message), ...(ephemeral === false ? {} : { flags: 64 }) },
          auth: false,
        }),
      );
    },
    editOriginal(message) {
      const { applicationId, token } = needInteraction();
      return send(() =>
        rest.patch(Routes.webhookMessage(applicationId, token, '@original'), {
          body: body(message),
          auth: false,
        }),
      );
    },
    editMessage: (channelId, messageId, message) =>
      send(() => rest.patch(Routes.channelMessage(channelId, messageId), { body: body(message) })),
    deleteMessage: (channelId, messageId) =>
      call(
        () => rest.delete(Routes.channelMessage(channelId, messageId)),
        () => ({ ok: true as const }),
      ),
    createScheduledEvent: (guildId, payload) =>
      call(() => rest.post(Routes.guildScheduledEvents(guildId), { body: payload }), scheduled),
    editScheduledEvent: (guildId, eventId, payload) =>
      call(() => rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body: payload }), scheduled),
    deleteScheduledEvent: (guildId, eventId) =>
      call(
        () => rest.delete(Routes.guildScheduledEvent(guildId, eventId)),
        () => ({ ok: true as const }),
      ),
  };
}
