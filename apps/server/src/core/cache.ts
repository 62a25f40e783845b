import crypto from 'node:crypto';
import { Redis } from 'ioredis';

export interface CachedBody {
  body: string;
  etag: string;
}

/**
 * Read-model cache for public dashboard reads: bodies are kept serialised with their ETag.
 * Each process keeps its own copy; with Redis, invalidations are broadcast so every API
 * process drops the same keys at once.
 */
export interface ReadCache {
  get(key: string): CachedBody | undefined;
  /** Serialises the value (once) and remembers it with its ETag. */
  put(key: string, value: unknown): CachedBody;
  /** Drops every key starting with the prefix, here and in every other process. */
  invalidate(prefix: string): void;
  close(): Promise<void>;
}

export const etagOf = (body: string) => `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;

export function createReadCache(opts: {
  ttlMs: number;
  maxEntries?: number;
  redisUrl?: string;
  prefix?: string;
}): ReadCache {
  const entries = new Map<string, CachedBody & { expires: number }>();
  const maxEntries = opts.maxEntries ?? 5000;
  const channel = `${opts.prefix ?? 'guildhall'}:cache-invalidate`;
  let pub: Redis | undefined;
  let sub: Redis | undefined;

  const dropLocal = (prefix: string) => {
    for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
  };

  if (opts.redisUrl) {
    pub = new Redis(opts.redisUrl, { lazyConnect: false });
    sub = new Redis(opts.redisUrl, { lazyConnect: false });
    sub.subscribe(channel).catch(() => {});
    sub.on('message', (_ch, prefix: string) => dropLocal(prefix));
    pub.on('error', () => {});
    sub.on('error', () => {});
  }

  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.expires < Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return hit;
    },
    put(key, value) {
      const body = JSON.stringify(value);
      const cached = { body, etag: etagOf(body) };
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { ...cached, expires: Date.now() + opts.ttlMs });
      return cached;
    },
    invalidate(prefix) {
      dropLocal(prefix);
      pub?.publish(channel, prefix).catch(() => {});
    },
    async close() {
      pub?.disconnect();
      sub?.disconnect();
    },
  };
}
