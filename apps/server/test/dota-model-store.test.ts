import { afterEach, describe, expect, it } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { buildKeyModel } from '../src/modules/dota/model/build-key';
import { selectRows } from '../src/modules/dota/model/design';
import { DOTA_BUILD_MODELS_JOB, dotaModelJobs } from '../src/modules/dota/model/jobs';
import {
  buildModels,
  createModelRegistry,
  MODELS_BUILT_CHANNEL,
  resolveKey,
} from '../src/modules/dota/model/registry';
import { decodeModel, encodeModel, ModelFormatError } from '../src/modules/dota/model/serialize';
import { createModelStore } from '../src/modules/dota/model/store';
import { trackedPlayers } from '../src/modules/dota/synthetic/cli';
import { generateColumns } from '../src/modules/dota/synthetic/generate';
import { makeTruth } from '../src/modules/dota/synthetic/truth';
import type { MatchColumns } from '../src/modules/dota/types';
import { columnsLoader, LATEST_PATCH, testMatches } from './dota-model-fixtures';
import { createTestContext, makeCommunity, type TestContext, testRedisUrl } from './helpers';

/** Matches over two patches (59: few, 60: more), as the data helper's loader would answer them. */
function twoPatches(seed: string): {
  columns: MatchColumns;
  players: ReturnType<typeof generateColumns>['playerMatches'];
} {
  const truth = makeTruth({ seed, trackedPlayers: trackedPlayers(seed, 1, 0.05) });
  const a = generateColumns(truth, { matches: 3_000, seed: `${seed}a`, patches: [59] });
  const b = generateColumns(truth, { matches: 12_000, seed: `${seed}b`, patches: [60] });
  const n = a.columns.n + b.columns.n;
  const cat = <T extends Uint8Array | Uint16Array | Uint32Array>(x: T, y: T, make: (n: number) => T) => {
    const out = make(x.length + y.length);
    out.set(x, 0);
    out.set(y, x.length);
    return out;
  };
  return {
    columns: {
      n,
      heroes: cat(a.columns.heroes, b.columns.heroes, (k) => new Uint8Array(k)),
      radiantWin: cat(a.columns.radiantWin, b.columns.radiantWin, (k) => new Uint8Array(k)),
      bracket: cat(a.columns.bracket, b.columns.bracket, (k) => new Uint8Array(k)),
      patch: cat(a.columns.patch, b.columns.patch, (k) => new Uint16Array(k)),
      startTime: cat(a.columns.startTime, b.columns.startTime, (k) => new Uint32Array(k)),
    },
    players: [...a.playerMatches, ...b.playerMatches],
  };
}

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('dota model serialisation', () => {
  it('round-trips: same bytes, same predictions and suggestions', () => {
    const { columns } = testMatches(15_000);
    const model = buildKeyModel(columns, selectRows(columns, LATEST_PATCH, 0), {
      patch: LATEST_PATCH,
      bracket: 0,
    }).model;
    const bytes = encodeModel(model);
    const back = decodeModel(bytes);
    expect(encodeModel(back).equals(bytes)).toBe(true);
    expect(back.key).toEqual(model.key);
    expect(back.data.calibration).toEqual(model.data.calibration);
    expect(back.winProbability([1, 2, 3], [4, 5])).toBe(model.winProbability([1, 2, 3], [4, 5]));
    const state = { allies: [2], enemies: [1, 8], bans: [] };
    expect(back.suggest(state)).toEqual(model.suggest(state));
    // From an unaligned slice of a larger buffer too.
    const shifted = Buffer.concat([Buffer.from([1, 2, 3]), bytes]).subarray(3);
    expect(decodeModel(shifted).strength(1)).toEqual(model.strength(1));
  });

  it('refuses what is not a model', () => {
    const bytes = encodeModel(testModelQuick());
    expect(() => decodeModel(Buffer.from('not a model at all'))).toThrow(ModelFormatError);
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 8))).toThrow(/expected/);
    const badVersion = Buffer.from(bytes);
    badVersion.writeUInt32LE(99, 4);
    expect(() => decodeModel(badVersion)).toThrow(/format 99/);
  });
});

function testModelQuick() {
  const { columns } = testMatches(15_000);
  return buildKeyModel(
    columns,
    selectRows(columns, LATEST_PATCH, 0),
    { patch: LATEST_PATCH, bracket: 0 },
    { holdout: 0 },
  ).model;
}

describe('dota model registry', () => {
  it('builds every key with enough matches, stores them, and answers by key', async () => {
    t = await createTestContext();
    const community = await makeCommunity(t.ctx, { game: 'dota' });
    const { columns, players } = twoPatches('reg');
    const summary = await buildModels(t.ctx, community.id, columnsLoader(columns), {
      minBracketMatches: 2_000,
    });
    const keys = summary.keys.map((k) => `${k.patch}/${k.bracket}`);
    expect(keys).toContain('59/0');
    expect(keys).toContain('60/0');
    expect(keys.filter((k) => k.startsWith('60/')).length).toBeGreaterThan(1);
    expect(summary.matches).toBe(columns.n);
    const stored = await t.ctx.store.list(`dota/models/community=${community.id}/`);
    expect(stored.length).toBe(summary.keys.length + 1);

    const registry = createModelRegistry(t.ctx, {
      playerMatches: async (_c, id) => players.filter((p) => p.accountId === id),
    });
    try {
      const latest = await registry.models(community.id);
      expect(latest!.key).toEqual({ patch: 60, bracket: 0 });
      // Built from the rows not held out for calibration (about 90 %).
      expect(latest!.matches).toBeGreaterThan(10_000);
      expect(latest!.matches).toBeLessThan(12_000);
      expect((await registry.models(community.id, { patch: 59 }))!.key).toEqual({ patch: 59, bracket: 0 });
      const bracket = summary.keys.find((k) => k.patch === 60 && k.bracket > 0)!;
      expect((await registry.models(community.id, { bracket: bracket.bracket }))!.key).toEqual({
        patch: 60,
        bracket: bracket.bracket,
      });
      // A bracket without its own model: the patch's every-rank model.
      const missing = [1, 2, 3, 4, 5, 6, 7, 8].find(
        (b) => !summary.keys.some((k) => k.patch === 59 && k.bracket === b),
      )!;
      expect((await registry.models(community.id, { patch: 59, bracket: missing }))!.key).toEqual({
        patch: 59,
        bracket: 0,
      });
      expect(await registry.models(community.id, { patch: 12 })).toBeNull();
      expect(await registry.models('00000000-0000-4000-8000-000000000000')).toBeNull();
      // Cached: the same instance.
      expect(await registry.models(community.id)).toBe(latest);
      // The tracked player's planted edge shows through the injected match reader.
      const edge = trackedPlayers('reg', 1, 0.05)[0]!;
      const pas = await registry.personal(community.id, edge.accountId);
      expect(pas.every((p) => p.games >= 10)).toBe(true);
      expect(await registry.personal(community.id, 999)).toEqual([]);
    } finally {
      await registry.close();
    }
  });

  it('a finished build reaches every registry (pub/sub), which drops its copies', async () => {
    t = await createTestContext({ redis: true });
    const community = await makeCommunity(t.ctx, { game: 'dota' });
    const first = twoPatches('v1');
    await buildModels(t.ctx, community.id, columnsLoader(first.columns));
    const registry = createModelRegistry(t.ctx, { playerMatches: async () => [] });
    try {
      const before = await registry.models(community.id);
      expect(before!.matches).toBeGreaterThan(10_000);
      let heard!: () => void;
      const built = new Promise<void>((resolve) => {
        heard = resolve;
      });
      const unsubscribe = await t.ctx.pubsub.subscribe(MODELS_BUILT_CHANNEL, (id) => {
        if (id === community.id) heard();
      });
      const second = generateColumns(makeTruth({ seed: 'v2' }), { matches: 5_000, seed: 'v2' });
      await buildModels(t.ctx, community.id, columnsLoader(second.columns));
      await built;
      await unsubscribe();
      const after = await registry.models(community.id);
      expect(after).not.toBe(before);
      expect(after!.matches).toBeGreaterThan(4_000);
      expect(after!.matches).toBeLessThan(5_000);
      // Patch 59 is gone from the new build, and from the store.
      expect(await registry.models(community.id, { patch: 59 })).toBeNull();
      const stored = await t.ctx.store.list(`dota/models/community=${community.id}/patch=59/`);
      expect(stored).toEqual([]);
    } finally {
      await registry.close();
    }
  });

  it.runIf(testRedisUrl)('reads models from Redis when the object store lost them', async () => {
    t = await createTestContext({ redis: true });
    const community = await makeCommunity(t.ctx, { game: 'dota' });
    const { columns } = twoPatches('redis');
    await buildModels(t.ctx, community.id, columnsLoader(columns));
    for (const o of await t.ctx.store.list(`dota/models/community=${community.id}/`))
      await t.ctx.store.delete(o.key);
    const registry = createModelRegistry(t.ctx, { playerMatches: async () => [] });
    try {
      expect((await registry.models(community.id))!.matches).toBeGreaterThan(10_000);
    } finally {
      await registry.close();
    }
  });

  it('without Redis the object store is the only copy', async () => {
    t = await createTestContext();
    const community = await makeCommunity(t.ctx, { game: 'dota' });
    const { columns } = twoPatches('disk');
    await buildModels(t.ctx, community.id, columnsLoader(columns));
    for (const o of await t.ctx.store.list(`dota/models/community=${community.id}/`))
      await t.ctx.store.delete(o.key);
    const store = createModelStore(t.ctx);
    try {
      expect(await store.readIndex(community.id)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('the dota-build-models job builds through the queue with the injected loader', async () => {
    t = await createTestContext();
    const community = await makeCommunity(t.ctx, { game: 'dota' });
    const { columns } = twoPatches('job');
    t.ctx.queue.register(dotaModelJobs(t.ctx, { loadColumns: columnsLoader(columns) }));
    await t.ctx.queue.start({ worker: true, scheduler: false });
    const runId = await t.ctx.queue.enqueue(
      DOTA_BUILD_MODELS_JOB,
      { communityId: community.id },
      { trigger: 'manual' },
    );
    const run = await waitForRun(t.ctx.jobRuns, runId, 300_000);
    expect(run.status).toBe('succeeded');
    expect((run.result as { matches: number }).matches).toBe(columns.n);
    const store = createModelStore(t.ctx);
    try {
      expect((await store.readIndex(community.id))!.keys.length).toBeGreaterThan(1);
    } finally {
      await store.close();
    }
    await expect(t.ctx.queue.enqueue(DOTA_BUILD_MODELS_JOB, { communityId: 'nope' })).rejects.toThrow();
  });

  it('resolveKey: newest patch by default, bracket fallback, unknown patch null', () => {
    const index = {
      builtAt: 'x',
      keys: [
        { patch: 58, bracket: 0, matches: 1, builtAt: 'x' },
        { patch: 60, bracket: 0, matches: 1, builtAt: 'x' },
        { patch: 60, bracket: 3, matches: 1, builtAt: 'x' },
      ],
    };
    expect(resolveKey(index)).toEqual({ patch: 60, bracket: 0 });
    expect(resolveKey(index, { bracket: 3 })).toEqual({ patch: 60, bracket: 3 });
    expect(resolveKey(index, { bracket: 4 })).toEqual({ patch: 60, bracket: 0 });
    expect(resolveKey(index, { patch: 58, bracket: 3 })).toEqual({ patch: 58, bracket: 0 });
    expect(resolveKey(index, { patch: 59 })).toBeNull();
    expect(resolveKey({ builtAt: 'x', keys: [] })).toBeNull();
  });
});
