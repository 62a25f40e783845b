import type {
  APIGuildChannel,
  APIMessage,
  APIOverwrite,
  GuildChannelType,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIGuildChannelJSONBody,
} from 'discord-api-types/v10';
import { type FakeResponse, json, type SeenRequest } from '../server';
import { APPLICATION_ID, discordUser, snowflake } from './interactions';

/** Discord's answers for channel management that the shared error list lacks. */
export const channelErrors = {
  unknownChannel: (): FakeResponse => json({ message: 'Unknown Channel', code: 10003 }, 404),
  maxGuildChannels: (): FakeResponse =>
    json({ message: 'Maximum number of guild channels reached (500)', code: 30013 }, 400),
  categoryFull: (): FakeResponse =>
    json(
      {
        message: 'Invalid Form Body',
        code: 50035,
        errors: {
          parent_id: {
            _errors: [
              {
                code: 'CHANNEL_PARENT_MAX_CHANNELS',
                message: 'Maximum number of channels in category reached (50)',
              },
            ],
          },
        },
      },
      400,
    ),
  invalid: (field: string, code: string, message: string): FakeResponse =>
    json(
      { message: 'Invalid Form Body', code: 50035, errors: { [field]: { _errors: [{ code, message }] } } },
      400,
    ),
};

export type FakeChannel = APIGuildChannel<GuildChannelType> & { topic?: string | null };

export interface SentFile {
  name: string;
  content: string;
}

/** A message body as the bot sent it: JSON, or multipart with `payload_json` and `files[n]`. */
export function parseMessageBody(req: SeenRequest): {
  body: RESTPostAPIChannelMessageJSONBody;
  files: SentFile[];
} {
  const type = req.headers['content-type'] ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!type.startsWith('multipart/form-data') || !boundary) return { body: JSON.parse(req.body), files: [] };
  let body: RESTPostAPIChannelMessageJSONBody = {};
  const files: SentFile[] = [];
  for (const part of req.body.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    const filename = /filename="([^"]+)"/.exec(headers)?.[1];
    if (name === 'payload_json') body = JSON.parse(content);
    else if (filename) files.push({ name: filename, content });
  }
  return { body, files };
}

const PERMISSION_BITS = /^\d{1,20}$/;

/**
 * A server's channels as Discord keeps them: categories (≤ 50 children each), text channels
 * with their permission overwrites, and each channel's messages (newest first when read, as
 * Discord pages them). Missing Manage Channels answers 50013.
 */
export class FakeGuildChannels {
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, APIMessage[]>();
  readonly deleted: FakeChannel[] = [];
  /** Servers where the bot lacks Manage Channels. */
  readonly noManageChannels = new Set<string>();

  inGuild(guildId: string): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.guild_id === guildId);
  }

  /** A channel that already exists (made by the server's admins). */
  add(guildId: string, c: { name: string; type: 0 | 4; parentId?: string }): FakeChannel {
    const channel = {
      id: snowflake(),
      guild_id: guildId,
      name: c.name,
      type: c.type,
      position: this.inGuild(guildId).length,
      parent_id: c.parentId ?? null,
      permission_overwrites: [],
      flags: 0,
      nsfw: false,
      topic: null,
    } as unknown as FakeChannel;
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Someone writes in a channel (the transcript reads it back). */
  say(channelId: string, author: { id: string; name: string }, content: string): APIMessage {
    return this.record(channelId, { ...discordUser(author.name, author.id) }, content, []);
  }

  record(
    channelId: string,
    author: ReturnType<typeof discordUser> & { bot?: boolean },
    content: string,
    files: SentFile[],
    body: RESTPostAPIChannelMessageJSONBody = {},
  ): APIMessage {
    const m = {
      id: snowflake(),
      channel_id: channelId,
      author,
      content,
      timestamp: '2026-11-20T18:00:00.000000+00:00',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: files.map((f, i) => ({
        id: String(i),
        filename: f.name,
        size: Buffer.byteLength(f.content),
        url: `https://cdn.discordapp.com/attachments/${channelId}/${i}/${f.name}`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${i}/${f.name}`,
      })),
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: 0,
      flags: 0,
    } as unknown as APIMessage;
    const list = this.messages.get(channelId) ?? [];
    list.push(m);
    this.messages.set(channelId, list);
    return m;
  }

  botPost(channelId: string, body: RESTPostAPIChannelMessageJSONBody, files: SentFile[]): APIMessage {
    return this.record(
      channelId,
      { ...discordUser('Guildhall', APPLICATION_ID), bot: true },
      body.content ?? '',
      files,
      body,
    );
  }

  /** The routes below `/api/v10` it answers, or undefined for others. */
  route(req: SeenRequest, path: string): FakeResponse | undefined {
    const guild = /^\/guilds\/(\d+)\/channels$/.exec(path);
    if (guild) {
      const guildId = guild[1]!;
      if (req.method === 'GET') return json(this.inGuild(guildId));
      if (req.method !== 'POST') return undefined;
      if (this.noManageChannels.has(guildId))
        return json({ message: 'Missing Permissions', code: 50013 }, 403);
      const body = JSON.parse(req.body) as RESTPostAPIGuildChannelJSONBody & { topic?: string | null };
      if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100)
        return channelErrors.invalid('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      if ((body.topic ?? '').length > 1024)
        return channelErrors.invalid('topic', 'BASE_TYPE_MAX_LENGTH', 'Must be 1024 or fewer in length.');
      const overwrites = (body.permission_overwrites ?? []) as APIOverwrite[];
      const bad = overwrites.findIndex(
        (o) =>
          !/^\d{17,20}$/.test(o.id) ||
          (o.type !== 0 && o.type !== 1) ||
          !PERMISSION_BITS.test(o.allow ?? '0') ||
          !PERMISSION_BITS.test(o.deny ?? '0'),
      );
      if (bad >= 0)
        return channelErrors.invalid(
          `permission_overwrites.${bad}`,
          'BASE_TYPE_INVALID',
          'Invalid overwrite.',
        );
      if (this.inGuild(guildId).length >= 500) return channelErrors.maxGuildChannels();
      if (body.parent_id) {
        const parent = this.channels.get(String(body.parent_id));
        if (parent?.type !== 4 || parent.guild_id !== guildId)
          return channelErrors.invalid('parent_id', 'CHANNEL_PARENT_INVALID', 'Category does not exist.');
        if (this.inGuild(guildId).filter((c) => c.parent_id === parent.id).length >= 50)
          return channelErrors.categoryFull();
      }
      const created = this.add(guildId, {
        name: body.type === 4 ? body.name : body.name.toLowerCase().replace(/\s+/g, '-'),
        type: (body.type ?? 0) as 0 | 4,
        parentId:
          body.parent_id === undefined || body.parent_id === null ? undefined : String(body.parent_id),
      });
      Object.assign(created, {
        topic: body.topic ?? null,
        permission_overwrites: overwrites.map((o) => ({
          id: o.id,
          type: o.type,
          allow: o.allow ?? '0',
          deny: o.deny ?? '0',
        })),
      });
      return json(created, 201);
    }
    const perm = /^\/channels\/(\d+)\/permissions\/(\d+)$/.exec(path);
    if (perm && req.method === 'PUT') {
      const channel = this.channels.get(perm[1]!);
      if (!channel) return channelErrors.unknownChannel();
      if (this.noManageChannels.has(channel.guild_id!))
        return json({ message: 'Missing Permissions', code: 50013 }, 403);
      const o = JSON.parse(req.body) as Omit<APIOverwrite, 'id'>;
      const rest = channel.permission_overwrites!.filter((x) => x.id !== perm[2]);
      channel.permission_overwrites = [
        ...rest,
        { id: perm[2]!, type: o.type, allow: o.allow ?? '0', deny: o.deny ?? '0' },
      ];
      return { status: 204 };
    }
    const msgs = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (msgs && req.method === 'GET') {
      if (!this.channels.has(msgs[1]!)) return channelErrors.unknownChannel();
      const limit = Math.min(100, Number(req.query.get('limit') ?? 50));
      const before = req.query.get('before');
      let list = [...(this.messages.get(msgs[1]!) ?? [])].reverse();
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
      return json(list.slice(0, limit));
    }
    const one = /^\/channels\/(\d+)$/.exec(path);
    if (one && (req.method === 'PATCH' || req.method === 'DELETE')) {
      const channel = this.channels.get(one[1]!);
      if (!channel) return channelErrors.unknownChannel();
      if (this.noManageChannels.has(channel.guild_id!))
        return json({ message: 'Missing Permissions', code: 50013 }, 403);
      if (req.method === 'DELETE') {
        this.channels.delete(channel.id);
        this.deleted.push(channel);
        return json(channel);
      }
      const patch = JSON.parse(req.body) as { name?: string; topic?: string; parent_id?: string | null };
      if (patch.name !== undefined) channel.name = patch.name;
      if (patch.topic !== undefined) channel.topic = patch.topic;
      if (patch.parent_id !== undefined) channel.parent_id = patch.parent_id;
      return json(channel);
    }
    return undefined;
  }
}
