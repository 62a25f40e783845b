import { type TDotaModelKey, zDotaModelKey } from '@guildhall/contracts';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { AppContext } from '../../../core/context';
import type { DotaModel } from './model-set';
import { decodeModel, encodeModel } from './serialize';

/**
 * Where built models live: the object store (a folder under the data directory, or S3) always,
 * `dota/models/community=<id>/patch=<p>/bracket=<b>.bin` and the community's index
 * `dota/models/community=<id>/index.json` (written last, so a reader never meets an index naming
 * a model not written yet); and Redis too when configured (`<prefix>:dota:model:<id>:<p>:<b>`,
 * `<prefix>:dota:models:<id>`), so API processes read a fresh build without touching the disk.
 */
export const zModelIndex = z.object({
  builtAt: z.string(),
  keys: z.array(zDotaModelKey.extend({ matches: z.number().int().nonnegative(), builtAt: z.string() })),
});
export type ModelIndex = z.infer<typeof zModelIndex>;

const base = (communityId: string) => `dota/models/community=${communityId}`;
const objectKey = (communityId: string, k: TDotaModelKey) =>
  `${base(communityId)}/patch=${k.patch}/bracket=${k.bracket}.bin`;
const indexKey = (communityId: string) => `${base(communityId)}/index.json`;

export interface ModelStore {
  readIndex(communityId: string): Promise<ModelIndex | null>;
  read(communityId: string, key: TDotaModelKey): Promise<DotaModel | null>;
  /** Writes the models, then the index naming exactly them; drops models of keys no longer built. */
  writeAll(communityId: string, models: readonly DotaModel[]): Promise<ModelIndex>;
  close(): Promise<void>;
}

const REDIS_TTL_SECONDS = 30 * 86400;

export function createModelStore(ctx: Pick<AppContext, 'store' | 'config' | 'log'>): ModelStore {
  const url = ctx.config.REDIS_URL;
  const redis = url ? new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true }) : undefined;
  redis?.on('error', (err) => ctx.log.warn({ err }, 'dota model cache: redis error'));
  const prefix = `${ctx.config.REDIS_PREFIX}:dota`;
  const rIndex = (c: string) => `${prefix}:models:${c}`;
  const rModel = (c: string, k: TDotaModelKey) => `${prefix}:model:${c}:${k.patch}:${k.bracket}`;

  /** Redis is a cache: when it fails, the object store answers. */
  async function fromRedis<T>(work: (r: Redis) => Promise<T>): Promise<T | undefined> {
    if (!redis) return undefined;
    try {
      return await work(redis);
    } catch (err) {
      ctx.log.warn({ err }, 'dota model cache: redis unavailable, reading the object store');
      return undefined;
    }
  }

  return {
    async readIndex(communityId) {
      const cached = await fromRedis((r) => r.get(rIndex(communityId)));
      const text = cached ?? (await ctx.store.get(indexKey(communityId)))?.toString('utf8');
      if (!text) return null;
      const index = zModelIndex.parse(JSON.parse(text));
      if (!cached) await fromRedis((r) => r.set(rIndex(communityId), text, 'EX', REDIS_TTL_SECONDS));
      return index;
    },
    async read(communityId, key) {
      const cached = await fromRedis((r) => r.getBuffer(rModel(communityId, key)));
      if (cached) return decodeModel(cached);
      const bytes = await ctx.store.get(objectKey(communityId, key));
      if (!bytes) return null;
      await fromRedis((r) => r.set(rModel(communityId, key), bytes, 'EX', REDIS_TTL_SECONDS));
      return decodeModel(bytes);
    },
    async writeAll(communityId, models) {
      const previous = await this.readIndex(communityId).catch(() => null);
      for (const m of models) {
        const bytes = encodeModel(m);
        await ctx.store.put(objectKey(communityId, m.key), bytes);
        await fromRedis((r) => r.set(rModel(communityId, m.key), bytes, 'EX', REDIS_TTL_SECONDS));
      }
      const index: ModelIndex = {
        builtAt: new Date().toISOString(),
        keys: models.map((m) => ({ ...m.key, matches: m.matches, builtAt: m.builtAt })),
      };
      const text = JSON.stringify(index);
      await ctx.store.put(indexKey(communityId), text);
      await fromRedis((r) => r.set(rIndex(communityId), text, 'EX', REDIS_TTL_SECONDS));
      const kept = new Set(models.map((m) => `${m.key.patch}:${m.key.bracket}`));
      for (const k of previous?.keys ?? []) {
        if (kept.has(`${k.patch}:${k.bracket}`)) continue;
        await ctx.store.delete(objectKey(communityId, k));
        await fromRedis((r) => r.del(rModel(communityId, k)));
      }
      return index;
    },
    async close() {
      redis?.disconnect();
    },
  };
}
