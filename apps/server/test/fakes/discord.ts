import { type FakeResponse, FakeServer, json, type SeenRequest } from './server';

/**
 * Discord's Execute Webhook (`POST /api/webhooks/{id}/{token}?wait=true`), answering with a
 * message object, and its documented failures: 429 with `retry_after` (seconds, float) and
 * the `Retry-After` header, 401 "Invalid Webhook Token" (50027), 404 "Unknown Webhook"
 * (10015), 5xx.
 */

export interface DeliveredMessage {
  webhookId: string;
  token: string;
  body: {
    username?: string;
    embeds?: {
      title: string;
      description: string;
      color: number;
      timestamp?: string;
      footer?: { text: string };
    }[];
  };
}

export const rateLimited = (seconds: number, global = false): FakeResponse =>
  json({ message: 'You are being rate limited.', retry_after: seconds, global }, 429, {
    'retry-after': String(Math.ceil(seconds)),
    'x-ratelimit-scope': global ? 'global' : 'shared',
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': String(seconds),
  });

export const unknownWebhook = (): FakeResponse => json({ message: 'Unknown Webhook', code: 10015 }, 404);
export const invalidToken = (): FakeResponse => json({ message: 'Invalid Webhook Token', code: 50027 }, 401);

export class FakeDiscord extends FakeServer {
  readonly delivered: DeliveredMessage[] = [];

  constructor() {
    super((req) => this.execute(req));
  }

  private execute(req: SeenRequest): FakeResponse {
    const m = /^\/api\/webhooks\/(\d+)\/([\w-]+)$/.exec(req.path);
    if (req.method !== 'POST' || !m) return json({ message: '404: Not Found', code: 0 }, 404);
    const body = JSON.parse(req.body) as DeliveredMessage['body'];
    this.delivered.push({ webhookId: m[1]!, token: m[2]!, body });
    const id = String(BigInt(m[1]!) + 1n);
    return json({
      id,
      type: 0,
      content: '',
      channel_id: '1100000000000000000',
      author: {
        bot: true,
        id: m[1],
        username: body.username ?? 'Captain Hook',
        avatar: null,
        discriminator: '0000',
      },
      attachments: [],
      embeds: (body.embeds ?? []).map((e) => ({ type: 'rich', ...e })),
      mentions: [],
      mention_roles: [],
      pinned: false,
      mention_everyone: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      components: [],
      webhook_id: m[1],
    });
  }

  /** Requests to one webhook. */
  static to(webhookId: string) {
    return (req: SeenRequest) => req.path.startsWith(`/api/webhooks/${webhookId}/`);
  }

  /** Messages that reached one webhook. */
  messagesTo(webhookId: string) {
    return this.delivered.filter((d) => d.webhookId === webhookId);
  }
}

/** A webhook URL as Discord hands it out. */
export const webhookUrl = (id: string, token = 'Xk3v9q_TfakeTOKENforTests-abcdefghijklmnopqrstuvwxyz0123') =>
  `https://discord.com/api/webhooks/${id}/${token}`;
