import { describe, expect, it } from 'vitest';
import { buildKeyModel } from '../src/modules/dota/model/build-key';
import { selectRows } from '../src/modules/dota/model/design';
import { SIZE } from '../src/modules/dota/model/model-set';
import { generateColumns } from '../src/modules/dota/synthetic/generate';
import { denseTruth, makeTruth, TRUTH_SIZE } from '../src/modules/dota/synthetic/truth';
import {
  LATEST_PATCH,
  testModel,
  testTruth,
  truthCorrelations,
  UNUSED_HERO_IDS,
} from './dota-model-fixtures';

describe('dota model fit', () => {
  it('estimates move toward the truth as matches grow', () => {
    const small = truthCorrelations(testModel(15_000), testTruth());
    const large = truthCorrelations(testModel(120_000), testTruth());
    expect(large.strength).toBeGreaterThan(small.strength);
    expect(large.counter).toBeGreaterThan(small.counter + 0.1);
    expect(large.synergy).toBeGreaterThan(small.synergy + 0.05);
    expect(large.strength).toBeGreaterThan(0.9);
    // Realistic drafts (positions, popularity from ~0.7 % to ~29 % of matches) leave many pairs thin at this size.
    expect(large.counter).toBeGreaterThan(0.35);
  });

  it('recovers the Radiant bias, and the truth mostly lies inside the 95 % intervals', () => {
    const model = testModel(120_000);
    const truth = denseTruth(testTruth());
    expect(model.radiantBias).toBeGreaterThan(testTruth().radiantBias - 0.03);
    expect(model.radiantBias).toBeLessThan(testTruth().radiantBias + 0.03);
    let inside = 0;
    let total = 0;
    for (const id of testTruth().heroIds) {
      const s = model.strength(id)!;
      total++;
      if (truth.strength[id]! >= s.low && truth.strength[id]! <= s.high) inside++;
    }
    expect(inside / total).toBeGreaterThan(0.8);
  });

  it('shrinks thin pairs toward zero, with their game counts and wider intervals', () => {
    const model = testModel(15_000);
    const d = model.data;
    const ids = model.heroIds();
    let thin = { games: Number.POSITIVE_INFINITY, a: 0, b: 0 };
    let thick = { games: 0, a: 0, b: 0 };
    for (const a of ids)
      for (const b of ids) {
        if (a >= b) continue;
        const g = d.counterGames[a * SIZE + b]!;
        if (g < thin.games) thin = { games: g, a, b };
        if (g > thick.games) thick = { games: g, a, b };
      }
    const thinE = model.matchups(thin.a, 'counter').find((m) => m.otherId === thin.b)!.estimate;
    const thickE = model.matchups(thick.a, 'counter').find((m) => m.otherId === thick.b)!.estimate;
    expect(thinE.games).toBe(thin.games);
    expect(thickE.games).toBe(thick.games);
    expect(thinE.high - thinE.low).toBeGreaterThan(thickE.high - thickE.low);
    expect(Math.abs(thinE.value)).toBeLessThan(thinE.high - thinE.low);
    // Counter of a against b is minus that of b against a.
    expect(model.matchups(thin.b, 'counter').find((m) => m.otherId === thin.a)!.estimate.value).toBeCloseTo(
      -thinE.value,
      12,
    );
  });

  it('respects sparse hero ids: unused ids are unknown, never suggested, and do not break predictions', () => {
    const model = testModel(15_000);
    for (const id of UNUSED_HERO_IDS) {
      expect(model.strength(id)).toBeNull();
      expect(model.matchups(id, 'counter')).toEqual([]);
    }
    expect(model.strength(0)).toBeNull();
    expect(model.strength(SIZE)).toBeNull();
    const ids = new Set(model.suggest({ allies: [], enemies: [], bans: [] }).map((s) => s.heroId));
    for (const id of UNUSED_HERO_IDS) expect(ids.has(id)).toBe(false);
    expect(ids.has(145)).toBe(true); // Kez, among the last ids
    const p = model.winProbability([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it('reports calibration on held-out matches', () => {
    const cal = testModel(120_000).data.calibration!;
    expect(cal.matches).toBeGreaterThan(10_000);
    expect(cal.bins).toHaveLength(10);
    expect(cal.ece).toBeLessThan(0.03);
    expect(cal.auc).toBeGreaterThan(0.55);
    for (let i = 1; i < cal.bins.length; i++)
      expect(cal.bins[i]!.predicted).toBeGreaterThan(cal.bins[i - 1]!.predicted);
  });

  it('a bracket model shrinks toward its patch model', () => {
    const truth = makeTruth({ seed: 'br' });
    const { columns } = generateColumns(truth, { matches: 40_000, seed: 'br' });
    const parent = buildKeyModel(columns, selectRows(columns, LATEST_PATCH, 0), {
      patch: LATEST_PATCH,
      bracket: 0,
    });
    const rows = selectRows(columns, LATEST_PATCH, 4);
    const alone = buildKeyModel(columns, rows, { patch: LATEST_PATCH, bracket: 4 }).model;
    const nested = buildKeyModel(columns, rows, { patch: LATEST_PATCH, bracket: 4 }, {}, parent).model;
    let dAlone = 0;
    let dNested = 0;
    for (const a of truth.heroIds)
      for (const b of truth.heroIds) {
        const i = a * TRUTH_SIZE + b;
        dAlone += (alone.data.counter[i]! - parent.model.data.counter[i]!) ** 2;
        dNested += (nested.data.counter[i]! - parent.model.data.counter[i]!) ** 2;
      }
    expect(dNested).toBeLessThan(dAlone / 2);
    expect(nested.key).toEqual({ patch: LATEST_PATCH, bracket: 4 });
    expect(nested.matches).toBeGreaterThan(0.85 * rows.length);
    expect(nested.matches).toBeLessThan(rows.length);
  });
});
