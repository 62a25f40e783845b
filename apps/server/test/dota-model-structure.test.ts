import { describe, expect, it } from 'vitest';
import { pairCount } from '../src/modules/dota/model/fit';
import { lowRankMean } from '../src/modules/dota/model/structure';
import { createRng } from '../src/modules/dota/synthetic/prng';

/** Pairs a<b of k heroes: a planted matrix plus per-pair noise of known precision h. */
function planted(k: number, rank: number, sign: 1 | -1, seed: string) {
  const rng = createRng(seed);
  const u = Array.from({ length: k * rank }, () => rng.normal());
  const v = Array.from({ length: k * rank }, () => rng.normal());
  const q = pairCount(k);
  const truth = new Float64Array(q);
  const theta = new Float64Array(q);
  const h = new Float64Array(q);
  let p = 0;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, p++) {
      let x = 0;
      for (let s = 0; s < rank; s++)
        x += u[a * rank + s]! * v[b * rank + s]! + sign * u[b * rank + s]! * v[a * rank + s]!;
      truth[p] = 0.01 * x;
      // Sampling precision varies tenfold across pairs, as popular and rare pairs do.
      h[p] = 500 + 4500 * rng.next();
      theta[p] = truth[p]! + rng.normal() / Math.sqrt(h[p]!);
    }
  return { truth, theta, h };
}

function r(x: ArrayLike<number>, y: ArrayLike<number>) {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]! / n;
    my += y[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('low-rank structure of counters and synergies', () => {
  it('finds planted antisymmetric structure and predicts the pairs better than their own noisy estimates', () => {
    const { truth, theta, h } = planted(60, 2, -1, 'st-c');
    const found = lowRankMean(60, theta, h, 1 / 0.05 ** 2, -1);
    expect(found.rank).toBeGreaterThanOrEqual(2);
    expect(r(found.values, truth)).toBeGreaterThan(r(theta, truth) + 0.1);
  });

  it('finds symmetric structure for synergies', () => {
    const { truth, theta, h } = planted(60, 2, 1, 'st-y');
    const found = lowRankMean(60, theta, h, 1 / 0.05 ** 2, 1);
    expect(found.rank).toBeGreaterThan(0);
    expect(r(found.values, truth)).toBeGreaterThan(r(theta, truth) + 0.1);
  });

  it('chooses no structure when the pairs are independent noise', () => {
    const rng = createRng('st-none');
    const q = pairCount(60);
    const theta = Float64Array.from({ length: q }, () => 0.04 * rng.normal());
    const h = new Float64Array(q).fill(2000);
    const found = lowRankMean(60, theta, h, 1 / 0.04 ** 2, -1);
    expect(found.rank).toBe(0);
    expect(found.values.every((x) => x === 0)).toBe(true);
  });
});
