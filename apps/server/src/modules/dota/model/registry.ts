import type { TDotaModelKey } from '@guildhall/contracts';
import type { AppContext } from '../../../core/context';
import type { DotaPersonalAdvantage, DotaPlayerMatch, MatchColumns } from '../types';
import { type BuildOptions, buildModelSets } from './build';
import type { DotaModel } from './model-set';
import { personalAdvantages } from './personal';
import { createModelStore, type ModelIndex, type ModelStore } from './store';

/** Pub/sub channel a finished build announces itself on (the message is the community id). */
export const MODELS_BUILT_CHANNEL = 'dota-models-built';

/** The data helper's column reader: the community's stored matches (every patch and rank when the key is empty). */
export type LoadMatchColumns = (
  ctx: AppContext,
  communityId: string,
  key: Partial<TDotaModelKey>,
) => Promise<MatchColumns>;

/** A linked Steam account's matches (the data helper owns that table). */
export type LoadPlayerMatches = (communityId: string, accountId: number) => Promise<DotaPlayerMatch[]>;

export interface ModelRegistry {
  /**
   * The community's model for a key: default the newest patch it has, every rank (bracket 0). A
   * bracket with too few matches to have its own model answers with its patch's every-rank model.
   * Null before the first build or for a patch never built.
   */
  models(communityId: string, key?: Partial<TDotaModelKey>): Promise<DotaModel | null>;
  /** A player's personal advantages under that model; [] when thin or before a build. */
  personal(
    communityId: string,
    accountId: number,
    key?: Partial<TDotaModelKey>,
  ): Promise<DotaPersonalAdvantage[]>;
  /** The keys built for the community, newest build first. */
  index(communityId: string): Promise<ModelIndex | null>;
  /** Drops this process's copies of a community's models (a build elsewhere finished). */
  invalidate(communityId: string): void;
  close(): Promise<void>;
}

interface Entry {
  index: Promise<ModelIndex | null>;
  models: Map<string, Promise<DotaModel | null>>;
}

/** Picks the key to answer with from what the index holds. */
export function resolveKey(index: ModelIndex, key: Partial<TDotaModelKey> = {}): TDotaModelKey | null {
  const patches = [...new Set(index.keys.map((k) => k.patch))].sort((a, b) => b - a);
  const patch = key.patch ?? patches[0];
  if (patch === undefined || !patches.includes(patch)) return null;
  const bracket = key.bracket ?? 0;
  if (index.keys.some((k) => k.patch === patch && k.bracket === bracket)) return { patch, bracket };
  return index.keys.some((k) => k.patch === patch && k.bracket === 0) ? { patch, bracket: 0 } : null;
}

export function createModelRegistry(
  ctx: Pick<AppContext, 'store' | 'config' | 'log' | 'pubsub'>,
  deps: { playerMatches: LoadPlayerMatches; store?: ModelStore },
): ModelRegistry {
  const store = deps.store ?? createModelStore(ctx);
  const cache = new Map<string, Entry>();
  let unsubscribe: Promise<() => Promise<void>> | undefined;
  const subscribed = () => {
    unsubscribe ??= ctx.pubsub.subscribe(MODELS_BUILT_CHANNEL, (communityId) => cache.delete(communityId));
    return unsubscribe;
  };
  const entry = (communityId: string): Entry => {
    let e = cache.get(communityId);
    if (!e) {
      e = { index: store.readIndex(communityId), models: new Map() };
      cache.set(communityId, e);
      // A failed read is not remembered: the next call tries again.
      e.index.catch(() => cache.delete(communityId));
    }
    return e;
  };

  async function models(communityId: string, key?: Partial<TDotaModelKey>): Promise<DotaModel | null> {
    await subscribed();
    const e = entry(communityId);
    const index = await e.index;
    if (!index) return null;
    const k = resolveKey(index, key);
    if (!k) return null;
    const id = `${k.patch}:${k.bracket}`;
    let m = e.models.get(id);
    if (!m) {
      m = store.read(communityId, k);
      e.models.set(id, m);
      m.catch(() => e.models.delete(id));
    }
    return m;
  }

  return {
    models,
    async personal(communityId, accountId, key) {
      const model = await models(communityId, key);
      if (!model) return [];
      return personalAdvantages(model, await deps.playerMatches(communityId, accountId));
    },
    async index(communityId) {
      await subscribed();
      return entry(communityId).index;
    },
    invalidate(communityId) {
      cache.delete(communityId);
    },
    async close() {
      if (unsubscribe) await (await unsubscribe)();
      if (!deps.store) await store.close();
    },
  };
}

export interface BuildSummary {
  communityId: string;
  matches: number;
  keys: { patch: number; bracket: number; matches: number; ece: number | null; auc: number | null }[];
  ms: number;
}

/**
 * Builds every key the community's matches support (see `plannedKeys`), stores them, and tells
 * every process (pub/sub) to drop its copies. The column loader is the data helper's
 * `loadMatchColumns`, injected.
 */
export async function buildModels(
  ctx: Pick<AppContext, 'store' | 'config' | 'log' | 'pubsub'>,
  communityId: string,
  loadColumns: LoadMatchColumns,
  opts: BuildOptions & { modelStore?: ModelStore } = {},
): Promise<BuildSummary> {
  const started = performance.now();
  const columns = await loadColumns(ctx as AppContext, communityId, {});
  const models = buildModelSets(columns, opts);
  const store = opts.modelStore ?? createModelStore(ctx);
  try {
    await store.writeAll(communityId, models);
  } finally {
    if (!opts.modelStore) await store.close();
  }
  await ctx.pubsub.publish(MODELS_BUILT_CHANNEL, communityId);
  const summary: BuildSummary = {
    communityId,
    matches: columns.n,
    keys: models.map((m) => ({
      ...m.key,
      matches: m.matches,
      ece: m.data.calibration?.ece ?? null,
      auc: m.data.calibration?.auc ?? null,
    })),
    ms: Math.round(performance.now() - started),
  };
  ctx.log.info(summary, 'dota models built');
  return summary;
}

/** A build as CLI lines: one per key, the summary last. */
export function buildSummaryLines(s: BuildSummary): string[] {
  const lines = s.keys.map(
    (k) =>
      `patch ${k.patch} bracket ${k.bracket}: ${k.matches} matches` +
      (k.auc === null ? '' : `, held-out AUC ${k.auc.toFixed(3)}, calibration error ${k.ece!.toFixed(4)}`),
  );
  return [
    ...lines,
    `built ${s.keys.length} models from ${s.matches} matches in ${(s.ms / 1000).toFixed(1)} s`,
  ];
}
