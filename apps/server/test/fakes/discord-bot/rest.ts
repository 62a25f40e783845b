import type {
  APIApplicationCommand,
  APIInteractionResponse,
  APIMessage,
  RESTGetAPIGatewayBotResult,
  RESTPostAPIChannelMessageJSONBody,
  RESTPutAPIApplicationGuildCommandsJSONBody,
} from 'discord-api-types/v10';
import { type FakeResponse, FakeServer, json, type SeenRequest } from '../server';
import { FakeGuildChannels, parseMessageBody, type SentFile } from './channels';
import { APPLICATION_ID, BOT_TOKEN, discordUser, snowflake } from './interactions';

/** Discord's JSON errors, with the status each comes with. */
export const discordErrors = {
  unauthorized: (): FakeResponse => json({ message: '401: Unauthorized', code: 0 }, 401),
  unknownInteraction: (): FakeResponse => json({ message: 'Unknown interaction', code: 10062 }, 404),
  alreadyAcknowledged: (): FakeResponse =>
    json({ message: 'Interaction has already been acknowledged.', code: 40060 }, 400),
  cannotDm: (): FakeResponse => json({ message: 'Cannot send messages to this user', code: 50007 }, 403),
  missingPermissions: (): FakeResponse => json({ message: 'Missing Permissions', code: 50013 }, 403),
  invalidFormBody: (field: string): FakeResponse =>
    json(
      {
        message: 'Invalid Form Body',
        code: 50035,
        errors: {
          [field]: {
            _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
          },
        },
      },
      400,
    ),
};

/**
 * A 429 as Discord sends it on a route bucket: `retry_after` in seconds with decimals in the
 * body, `Retry-After` in whole seconds and the `X-RateLimit-*` headers. discord.js waits the
 * `Retry-After` and sends the request again.
 */
export function rateLimited(seconds: number, bucket = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0'): FakeResponse {
  return json({ message: 'You are being rate limited.', retry_after: seconds, global: false }, 429, {
    'retry-after': String(Math.ceil(seconds)),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(1_780_000_000 + seconds),
    'x-ratelimit-reset-after': String(seconds),
    'x-ratelimit-bucket': bucket,
    'x-ratelimit-scope': 'user',
  });
}

export interface InteractionCallback {
  interactionId: string;
  token: string;
  body: APIInteractionResponse;
}

export interface PostedMessage {
  channelId: string;
  body: RESTPostAPIChannelMessageJSONBody;
  /** Files attached (multipart), e.g. a ticket transcript. */
  files?: SentFile[];
}

const V = '/api/v10';

/**
 * Discord's REST API as the bot uses it, on loopback: gateway discovery, per-server command
 * bulk overwrite, interaction callbacks, follow-ups and edits of the first answer, channel
 * messages and DM channels, with Discord's error shapes (10062 for an interaction token it
 * never issued or that expired, 40060 for a second answer, 50007 for users who close their
 * DMs, 50013 for channels the bot may not post in). 429s are injected with `inject`.
 */
export class FakeDiscordRest extends FakeServer {
  gatewayUrl = 'ws://127.0.0.1:9';
  readonly callbacks: InteractionCallback[] = [];
  readonly followUps: { token: string; body: RESTPostAPIChannelMessageJSONBody; edit: boolean }[] = [];
  readonly posted: PostedMessage[] = [];
  readonly commandsByGuild = new Map<string, APIApplicationCommand[]>();
  /** Interaction tokens issued (dispatched or signed) and not yet expired. */
  private readonly live = new Map<string, string>();
  private readonly answered = new Set<string>();
  private readonly dmChannels = new Map<string, string>();
  /** Users whose privacy settings refuse DMs from the bot. */
  readonly closedDms = new Set<string>();
  /** Channels where the bot lacks Send Messages. */
  readonly noPermission = new Set<string>();
  private waiters: (() => boolean)[] = [];
  /** Servers' channels and their messages (create, edit, delete, overwrites, history). */
  readonly guildChannels = new FakeGuildChannels();

  constructor() {
    super((req) => this.route(req));
    this.onAnswered = () => {
      this.waiters = this.waiters.filter((settled) => !settled());
    };
  }

  /** Discord issued this interaction: its callback is accepted (once) until `expire`. */
  issue(interaction: { id: string; token: string }): void {
    this.live.set(interaction.id, interaction.token);
  }

  /** The 3 seconds passed: the callback now answers 10062. */
  expire(interactionId: string): void {
    this.live.delete(interactionId);
  }

  /**
   * A latch: resolves with `check()`'s first defined value, checked now and after every answered
   * request (the fake's requests and records are complete by then).
   */
  until<T>(check: () => T | undefined): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) =>
      this.waiters.push(() => {
        const v = check();
        if (v !== undefined) resolve(v);
        return v !== undefined;
      }),
    );
  }

  /** Resolves with the first answered request matching (one already answered included). */
  waitFor(match: (r: SeenRequest) => boolean): Promise<SeenRequest> {
    return this.until(() => this.requests.find(match));
  }

  /** The callback of one interaction, once the bot sent it (and Discord accepted it). */
  callbackOf(interactionId: string): Promise<InteractionCallback> {
    return this.until(() => this.callbacks.find((c) => c.interactionId === interactionId));
  }

  private route(req: SeenRequest): FakeResponse {
    const auth = req.headers.authorization;
    const botAuth = auth === `Bot ${BOT_TOKEN}`;
    const p = req.path;
    const at = (method: string | undefined, pattern: RegExp) =>
      method === undefined || req.method === method ? pattern.exec(p) : null;
    if (req.method === 'GET' && p === `${V}/gateway/bot`) {
      if (!botAuth) return discordErrors.unauthorized();
      const body: RESTGetAPIGatewayBotResult = {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      };
      return json(body);
    }
    const overwrite = at('PUT', /^\/api\/v10\/applications\/(\d+)\/guilds\/(\d+)\/commands$/);
    if (overwrite) {
      const m = overwrite;
      if (!botAuth) return discordErrors.unauthorized();
      if (m[1] !== APPLICATION_ID) return json({ message: 'Unknown Application', code: 10002 }, 404);
      const body = JSON.parse(req.body) as RESTPutAPIApplicationGuildCommandsJSONBody;
      if (!Array.isArray(body) || body.length > 100) return discordErrors.invalidFormBody('_root');
      const bad = body.findIndex(
        (c) =>
          !/^[-_'\p{L}\p{N}]{1,32}$/u.test(c.name) ||
          ('description' in c ? (c.description ?? '') : '').length > 100,
      );
      if (bad >= 0) return discordErrors.invalidFormBody(`${bad}.name`);
      const commands = body.map(
        (c) =>
          ({
            ...c,
            id: snowflake(),
            application_id: APPLICATION_ID,
            guild_id: m![2],
            version: snowflake(),
            type: 1,
            default_member_permissions: c.default_member_permissions ?? null,
          }) as APIApplicationCommand,
      );
      this.commandsByGuild.set(m[2]!, commands);
      return json(commands);
    }
    const callback = at('POST', /^\/api\/v10\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (callback) {
      const [, id, token] = callback;
      if (this.live.get(id!) !== token) return discordErrors.unknownInteraction();
      if (this.answered.has(id!)) return discordErrors.alreadyAcknowledged();
      this.answered.add(id!);
      this.callbacks.push({ interactionId: id!, token: token!, body: JSON.parse(req.body) });
      return { status: 204 };
    }
    const webhook = at(undefined, /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/);
    if (webhook) {
      const [, appId, token, original] = webhook;
      const known = [...this.live.values()].includes(token!);
      if (appId !== APPLICATION_ID || !known) return json({ message: 'Unknown Webhook', code: 10015 }, 404);
      const body = JSON.parse(req.body) as RESTPostAPIChannelMessageJSONBody;
      if ((body.content ?? '').length > 2000) return discordErrors.invalidFormBody('content');
      this.followUps.push({ token: token!, body, edit: !!original });
      return json(message('1100000000000000000', body));
    }
    if (req.method === 'POST' && p === `${V}/users/@me/channels`) {
      if (!botAuth) return discordErrors.unauthorized();
      const { recipient_id: userId } = JSON.parse(req.body) as { recipient_id: string };
      let channelId = this.dmChannels.get(userId);
      if (!channelId) {
        channelId = snowflake();
        this.dmChannels.set(userId, channelId);
      }
      return json({
        id: channelId,
        type: 1,
        last_message_id: null,
        recipients: [discordUser('member', userId)],
      });
    }
    const channel = at('POST', /^\/api\/v10\/channels\/(\d+)\/messages$/);
    if (channel) {
      if (!botAuth) return discordErrors.unauthorized();
      const channelId = channel[1]!;
      const dmUser = [...this.dmChannels].find(([, c]) => c === channelId)?.[0];
      if (dmUser && this.closedDms.has(dmUser)) return discordErrors.cannotDm();
      if (this.noPermission.has(channelId)) return discordErrors.missingPermissions();
      const { body, files } = parseMessageBody(req);
      if ((body.content ?? '').length > 2000) return discordErrors.invalidFormBody('content');
      this.posted.push({ channelId, body, ...(files.length > 0 ? { files } : {}) });
      if (this.guildChannels.channels.has(channelId))
        return json(this.guildChannels.botPost(channelId, body, files));
      return json(message(channelId, body));
    }
    const channelRoute =
      p.startsWith(V) && botAuth ? this.guildChannels.route(req, p.slice(V.length)) : undefined;
    if (channelRoute) return channelRoute;
    return json({ message: '404: Not Found', code: 0 }, 404);
  }

  /** Requests to one route, by method and a path pattern under /api/v10. */
  static route(method: string, pattern: RegExp) {
    return (req: SeenRequest) => req.method === method && pattern.test(req.path.slice(V.length));
  }
}

function message(channelId: string, body: RESTPostAPIChannelMessageJSONBody): APIMessage {
  return {
    id: snowflake(),
    channel_id: channelId,
    author: { ...discordUser('Guildhall', APPLICATION_ID), bot: true },
    content: body.content ?? '',
    timestamp: '2026-11-20T18:00:00.000000+00:00',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    pinned: false,
    type: 0,
    flags: 0,
  } as unknown as APIMessage;
}
