import type {
  APIApplicationCommand,
  APIGuild,
  APIGuildMember,
  APIGuildScheduledEvent,
  APIInteractionResponse,
  APIMessage,
  RESTGetAPIGatewayBotResult,
  RESTPatchAPIGuildScheduledEventJSONBody,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIGuildScheduledEventJSONBody,
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
  unknownMessage: (): FakeResponse => json({ message: 'Unknown Message', code: 10008 }, 404),
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
  /** Servers the bot is in, with their roles and members (GET /guilds/:id, GET /guilds/:id/members/:user). */
  readonly guilds = new Map<string, { guild: APIGuild; members: Map<string, APIGuildMember> }>();
  /** Messages by id, as last posted or edited (channel messages and DMs). */
  readonly messages = new Map<string, APIMessage>();
  /** Message edits, in order. */
  readonly edits: { channelId: string; messageId: string; body: RESTPostAPIChannelMessageJSONBody }[] = [];
  /** Each guild's native Scheduled Events by id. */
  readonly scheduledEvents = new Map<string, APIGuildScheduledEvent>();
  /** `${channelId}:${nonce}` → the message it created (`enforce_nonce` dedupe). */
  private readonly nonces = new Map<string, APIMessage>();
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
      // Discord answers a repeated nonce (with enforce_nonce) with the message it already made.
      const nonceKey =
        body.enforce_nonce && body.nonce !== undefined ? `${channelId}:${body.nonce}` : undefined;
      const again = nonceKey ? this.nonces.get(nonceKey) : undefined;
      if (again) return json(again);
      this.posted.push({ channelId, body, ...(files.length > 0 ? { files } : {}) });
      const created = this.guildChannels.channels.has(channelId)
        ? this.guildChannels.botPost(channelId, body, files)
        : message(channelId, body);
      this.messages.set(created.id, created);
      if (nonceKey) this.nonces.set(nonceKey, created);
      return json(created);
    }
    const oneMessage = at(undefined, /^\/api\/v10\/channels\/(\d+)\/messages\/(\d+)$/);
    if (oneMessage && (req.method === 'PATCH' || req.method === 'DELETE')) {
      if (!botAuth) return discordErrors.unauthorized();
      const [, channelId, messageId] = oneMessage;
      const existing = this.messages.get(messageId!);
      if (!existing || existing.channel_id !== channelId) return discordErrors.unknownMessage();
      if (req.method === 'DELETE') {
        this.messages.delete(messageId!);
        return { status: 204 };
      }
      const body = JSON.parse(req.body) as RESTPostAPIChannelMessageJSONBody;
      if ((body.content ?? '').length > 2000) return discordErrors.invalidFormBody('content');
      this.edits.push({ channelId: channelId!, messageId: messageId!, body });
      const edited = {
        ...existing,
        ...(body.content !== undefined ? { content: body.content } : {}),
        ...(body.embeds !== undefined ? { embeds: body.embeds } : {}),
        edited_timestamp: '2026-11-20T18:05:00.000000+00:00',
      } as APIMessage;
      this.messages.set(messageId!, edited);
      return json(edited);
    }
    const events = at(undefined, /^\/api\/v10\/guilds\/(\d+)\/scheduled-events(?:\/(\d+))?$/);
    if (events) {
      if (!botAuth) return discordErrors.unauthorized();
      return this.scheduledEventRoute(req, events[1]!, events[2]);
    }
    const guild = at('GET', /^\/api\/v10\/guilds\/(\d+)(?:\/members\/(\d+))?$/);
    if (guild) {
      if (!botAuth) return discordErrors.unauthorized();
      const known = this.guilds.get(guild[1]!);
      // A server the bot is not in reads as "Missing Access", as Discord answers it.
      if (!known) return json({ message: 'Missing Access', code: 50001 }, 403);
      if (!guild[2]) return json(known.guild);
      const member = known.members.get(guild[2]);
      return member ? json(member) : json({ message: 'Unknown Member', code: 10007 }, 404);
    }
    const channelRoute =
      p.startsWith(V) && botAuth ? this.guildChannels.route(req, p.slice(V.length)) : undefined;
    if (channelRoute) return channelRoute;
    return json({ message: '404: Not Found', code: 0 }, 404);
  }

  /**
   * Guild Scheduled Events as Discord checks them: name 1–100, description ≤1000, EXTERNAL
   * needs `entity_metadata.location` and `scheduled_end_time` (and no channel), the end after
   * the start, only GUILD_ONLY privacy, status moves scheduled → active → completed or
   * scheduled → canceled; an unknown id is 10070.
   */
  private scheduledEventRoute(req: SeenRequest, guildId: string, id: string | undefined): FakeResponse {
    const inGuild = (e: APIGuildScheduledEvent | undefined) => (e && e.guild_id === guildId ? e : undefined);
    if (!id && req.method === 'GET')
      return json([...this.scheduledEvents.values()].filter((e) => e.guild_id === guildId));
    if (!id && req.method === 'POST') {
      const body = JSON.parse(req.body) as RESTPostAPIGuildScheduledEventJSONBody;
      const problem = scheduledEventProblem(body);
      if (problem) return discordErrors.invalidFormBody(problem);
      const created: APIGuildScheduledEvent = {
        id: snowflake(),
        guild_id: guildId,
        channel_id: null,
        creator_id: APPLICATION_ID,
        name: body.name,
        description: body.description ?? null,
        scheduled_start_time: body.scheduled_start_time,
        scheduled_end_time: body.scheduled_end_time ?? null,
        privacy_level: body.privacy_level,
        status: 1,
        entity_type: body.entity_type,
        entity_id: null,
        entity_metadata: body.entity_metadata ?? null,
        user_count: 0,
        image: null,
        recurrence_rule: null,
      } as APIGuildScheduledEvent;
      this.scheduledEvents.set(created.id, created);
      return json(created);
    }
    const existing = inGuild(id ? this.scheduledEvents.get(id) : undefined);
    if (!existing) return json({ message: 'Unknown Guild Scheduled Event', code: 10070 }, 404);
    if (req.method === 'GET') return json(existing);
    if (req.method === 'DELETE') {
      this.scheduledEvents.delete(existing.id);
      return { status: 204 };
    }
    if (req.method === 'PATCH') {
      const body = JSON.parse(req.body) as RESTPatchAPIGuildScheduledEventJSONBody;
      const moves: Record<number, number[]> = { 1: [2, 4], 2: [3] };
      if (existing.status >= 3) return discordErrors.invalidFormBody('status');
      if (
        body.status !== undefined &&
        body.status !== existing.status &&
        !moves[existing.status]?.includes(body.status)
      )
        return discordErrors.invalidFormBody('status');
      const merged = { ...existing, ...body } as APIGuildScheduledEvent;
      const problem = scheduledEventProblem(merged as unknown as RESTPostAPIGuildScheduledEventJSONBody);
      if (problem) return discordErrors.invalidFormBody(problem);
      this.scheduledEvents.set(existing.id, merged);
      return json(merged);
    }
    return json({ message: '405: Method Not Allowed', code: 0 }, 405);
  }

  /** Requests to one route, by method and a path pattern under /api/v10. */
  static route(method: string, pattern: RegExp) {
    return (req: SeenRequest) => req.method === method && pattern.test(req.path.slice(V.length));
  }
}

function scheduledEventProblem(b: RESTPostAPIGuildScheduledEventJSONBody): string | undefined {
  if (!b.name || b.name.length > 100) return 'name';
  if ((b.description ?? '').length > 1000) return 'description';
  if (b.privacy_level !== 2) return 'privacy_level';
  if (!b.scheduled_start_time || Number.isNaN(Date.parse(b.scheduled_start_time)))
    return 'scheduled_start_time';
  if (b.entity_type === 3) {
    const location = b.entity_metadata?.location ?? '';
    if (location.length < 1 || location.length > 100) return 'entity_metadata.location';
    if (!b.scheduled_end_time) return 'scheduled_end_time';
    if (b.channel_id) return 'channel_id';
  }
  if (b.scheduled_end_time && Date.parse(b.scheduled_end_time) <= Date.parse(b.scheduled_start_time))
    return 'scheduled_end_time';
  return undefined;
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
