import { DOTA_MAX_HERO_ID } from '@guildhall/contracts';
import { buildKeyModel } from '../src/modules/dota/model/build-key';
import { selectRows } from '../src/modules/dota/model/design';
import type { DotaModel } from '../src/modules/dota/model/model-set';
import type { LoadMatchColumns } from '../src/modules/dota/model/registry';
import { generateColumns } from '../src/modules/dota/synthetic/generate';
import { type DotaTruth, denseTruth, makeTruth, TRUTH_SIZE } from '../src/modules/dota/synthetic/truth';
import type { MatchColumns } from '../src/modules/dota/types';

/** Shared, read-only fixtures of the dota model tests: a truth, its matches and a fitted model. */
export const LATEST_PATCH = 60;

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Correlations of a model's terms with the truth's (every pair of heroes in use once). */
export function truthCorrelations(model: DotaModel, truth: DotaTruth) {
  const t = denseTruth(truth);
  const S = TRUTH_SIZE;
  const ids = truth.heroIds;
  const es: number[] = [];
  const ts: number[] = [];
  const ec: number[] = [];
  const tc: number[] = [];
  const ey: number[] = [];
  const ty: number[] = [];
  for (const a of ids) {
    es.push(model.data.strength[a]!);
    ts.push(t.strength[a]!);
    for (const b of ids) {
      if (b <= a) continue;
      ec.push(model.data.counter[a * S + b]!);
      tc.push(t.counter[a * S + b]!);
      ey.push(model.data.synergy[a * S + b]!);
      ty.push(t.synergy[a * S + b]!);
    }
  }
  return { strength: pearson(es, ts), counter: pearson(ec, tc), synergy: pearson(ey, ty) };
}

export function columnsLoader(columns: MatchColumns): LoadMatchColumns {
  return async () => columns;
}

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

export const testTruth = () => once('truth', () => makeTruth({ seed: 'tests' }));

export const testMatches = (n: number, seed = 'm') =>
  once(`matches:${n}:${seed}`, () => generateColumns(testTruth(), { matches: n, seed }));

export const testModel = (n: number) =>
  once(`model:${n}`, () => {
    const { columns } = testMatches(n);
    return buildKeyModel(columns, selectRows(columns, LATEST_PATCH, 0), { patch: LATEST_PATCH, bracket: 0 })
      .model;
  });

export const UNUSED_HERO_IDS = [
  24, 115, 116, 117, 118, 122, 124, 125, 127, 130, 132, 133, 134, 139, 146, 154,
];
export { DOTA_MAX_HERO_ID };
