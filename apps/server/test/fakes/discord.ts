import { type FakeResponse, FakeServer, json, type SeenRequest } from './server';

/**
 * Discord's Execute Webhook on the versioned API (`POST /api/v10/webhooks/{id}/{token}?wait=true`),
 * answering with a message object and the `X-RateLimit-*` headers, and its documented
 * failures: 429 with `retry_after` (seconds, float, as from v8 on), the precise
 * `X-RateLimit-Reset-After` and the rounded-up `Retry-After`; 400 "Invalid Form Body" (50035)
 * for a message over the limits; 401 "Invalid Webhook Token" (50027); 404 "Unknown Webhook"
 * (10015); 5xx. The unversioned `/api/webhooks/…` is not served: it is v6, with milliseconds.
 */

export interface DeliveredMessage {
  webhookId: string;
  token: string;
  body: {
    username?: string;
    content?: string;
    allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[] };
    embeds?: {
      title: string;
      description: string;
      color: number;
      timestamp?: string;
      fields?: { name: string; value: string }[];
      footer?: { text: string };
      author?: { name: string };
    }[];
  };
}

/** The bucket hash Discord names webhook executions with. */
const BUCKET = '8bd1d3b3a1a0ac0b3b8e1c7d4a6f8e11';

/**
 * A 429 as Discord sends it: the body's `retry_after` in seconds with decimals, the same in
 * `X-RateLimit-Reset-After`, and `Retry-After` rounded up to whole seconds. A global limit
 * carries `X-RateLimit-Global` and no per-route headers.
 */
export const rateLimited = (seconds: number, global = false): FakeResponse =>
  json(
    { message: 'You are being rate limited.', retry_after: seconds, global },
    429,
    global
      ? {
          'retry-after': String(Math.ceil(seconds)),
          'x-ratelimit-global': 'true',
          'x-ratelimit-scope': 'global',
        }
      : {
          'retry-after': String(Math.ceil(seconds)),
          'x-ratelimit-scope': 'shared',
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Date.now() / 1000 + seconds),
          'x-ratelimit-reset-after': String(seconds),
          'x-ratelimit-bucket': BUCKET,
        },
  );

/** A message delivered by the last request the bucket allowed: it refills in `seconds`. */
export const spentBucket = (webhookId: string, seconds: number): FakeResponse => ({
  ...created(webhookId, {}),
  headers: {
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Date.now() / 1000 + seconds),
    'x-ratelimit-reset-after': String(seconds),
    'x-ratelimit-bucket': BUCKET,
  },
});

export const unknownWebhook = (): FakeResponse => json({ message: 'Unknown Webhook', code: 10015 }, 404);
export const invalidToken = (): FakeResponse => json({ message: 'Invalid Webhook Token', code: 50027 }, 401);

export class FakeDiscord extends FakeServer {
  readonly delivered: DeliveredMessage[] = [];

  constructor() {
    super((req) => this.execute(req));
  }

  private execute(req: SeenRequest): FakeResponse {
    const m = /^\/api\/v10\/webhooks\/(\d+)\/([\w-]+)$/.exec(req.path);
    if (req.method !== 'POST' || !m) return json({ message: '404: Not Found', code: 0 }, 404);
    const body = JSON.parse(req.body) as DeliveredMessage['body'];
    const over = overLimits(body);
    if (over)
      return json(
        {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { [over]: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
        },
        400,
      );
    this.delivered.push({ webhookId: m[1]!, token: m[2]!, body });
    return {
      ...created(m[1]!, body),
      headers: {
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '4',
        'x-ratelimit-reset': String(Date.now() / 1000 + 2),
        'x-ratelimit-reset-after': '2',
        'x-ratelimit-bucket': BUCKET,
      },
    };
  }

  /** Requests to one webhook. */
  static to(webhookId: string) {
    return (req: SeenRequest) => req.path.startsWith(`/api/v10/webhooks/${webhookId}/`);
  }

  /** Messages that reached one webhook. */
  messagesTo(webhookId: string) {
    return this.delivered.filter((d) => d.webhookId === webhookId);
  }
}

/** The first limit of Discord's a message breaks, as Discord names the field. */
function overLimits(body: DeliveredMessage['body']): string | undefined {
  if ((body.content ?? '').length > 2000) return 'content';
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) return 'embeds';
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const parts: [string, string | undefined, number][] = [
      ['title', e.title, 256],
      ['description', e.description, 4096],
      ['footer.text', e.footer?.text, 2048],
      ['author.name', e.author?.name, 256],
      ...(e.fields ?? []).flatMap((f, j): [string, string, number][] => [
        [`fields.${j}.name`, f.name, 256],
        [`fields.${j}.value`, f.value, 1024],
      ]),
    ];
    if ((e.fields ?? []).length > 25) return `embeds.${i}.fields`;
    for (const [name, text, limit] of parts) {
      if ((text ?? '').length > limit) return `embeds.${i}.${name}`;
      total += (text ?? '').length;
    }
  }
  return total > 6000 ? 'embeds' : undefined;
}

function created(webhookId: string, body: DeliveredMessage['body']): FakeResponse {
  return json({
    id: String(BigInt(webhookId) + 1n),
    type: 0,
    content: '',
    channel_id: '1100000000000000000',
    author: {
      bot: true,
      id: webhookId,
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
    webhook_id: webhookId,
  });
}

/** A webhook URL as Discord hands it out. */
export const webhookUrl = (id: string, token = 'Xk3v9q_TfakeTOKENforTests-abcdefghijklmnopqrstuvwxyz0123') =>
  `https://discord.com/api/webhooks/${id}/${token}`;
