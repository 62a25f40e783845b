/**
 * Dota models against a known truth: matches drawn from the synthetic generator, the models
 * built as `dota build-models` builds them (every-rank, then each bracket shrunk toward it),
 * then compared with the truth they came from. Prints one JSON line:
 *
 *   DOTA_BENCH_MATCHES=1000000 node --import tsx bench/dota-models.bench.ts
 *
 * - r of estimated vs true strengths, counters (each pair once) and synergies, for the joint
 *   model and for two raw win-rate baselines: `draftgap` (each pair's rate against what the two
 *   solo rates predict, DraftGap's scheme) and `naive` (a hero's rate against / with another
 *   minus its own rate, what many counter-pick sites show);
 * - on fresh held-out matches (DOTA_BENCH_TEST, default 200,000; each scored by its bracket's
 *   model): ROC AUC of the model, of the truth's own draft probabilities and of the baselines,
 *   and the expected calibration error (10 equal-count bins).
 * Targets (issue 13): counter r ≥ 0.72, strength r ≥ 0.93, AUC within 0.01 of the truth's,
 * calibration error ≤ 0.01, counter r at least 0.08 above raw deltas.
 */
import { loadavg } from 'node:os';
import { buildModelSets } from '../apps/server/src/modules/dota/model/build';
import { predict } from '../apps/server/src/modules/dota/model/build-key';
import { calibration } from '../apps/server/src/modules/dota/model/evaluate';
import type { DotaModel } from '../apps/server/src/modules/dota/model/model-set';
import { type RawDeltas, rawDeltas, rawPredict } from '../apps/server/src/modules/dota/model/raw-deltas';
import { generateColumns } from '../apps/server/src/modules/dota/synthetic/generate';
import { denseTruth, makeTruth, TRUTH_SIZE as S } from '../apps/server/src/modules/dota/synthetic/truth';

const N = Number(process.env.DOTA_BENCH_MATCHES ?? 1_000_000);
const TEST = Number(process.env.DOTA_BENCH_TEST ?? 200_000);
const SEED = process.env.DOTA_BENCH_SEED ?? 'bench';
const truth = makeTruth({ seed: SEED });
const dt = denseTruth(truth);

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y, 0) / n;
  const mb = b.reduce((x, y) => x + y, 0) / n;
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

const ids = truth.heroIds;
const pairs: [number, number][] = [];
for (const a of ids) for (const b of ids) if (a < b) pairs.push([a, b]);
const trueS = ids.map((a) => dt.strength[a]!);
const trueC = pairs.map(([a, b]) => dt.counter[a * S + b]!);
const trueY = pairs.map(([a, b]) => dt.synergy[a * S + b]!);

/** Correlations of strengths, counters (antisymmetrised) and synergies (symmetrised) with the truth. */
function correlations(t: { strength: Float64Array; counter: Float64Array; synergy: Float64Array }) {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    strength: r(
      pearson(
        ids.map((a) => t.strength[a]!),
        trueS,
      ),
    ),
    counter: r(
      pearson(
        pairs.map(([a, b]) => (t.counter[a * S + b]! - t.counter[b * S + a]!) / 2),
        trueC,
      ),
    ),
    synergy: r(
      pearson(
        pairs.map(([a, b]) => (t.synergy[a * S + b]! + t.synergy[b * S + a]!) / 2),
        trueY,
      ),
    ),
  };
}

const t0 = performance.now();
const train = generateColumns(truth, { matches: N, seed: `${SEED}:train` });
const test = generateColumns(truth, { matches: TEST, seed: `${SEED}:test` });
const generateSeconds = (performance.now() - t0) / 1000;

const t1 = performance.now();
// `refit`: the served models rest on all N matches, as the baselines do (their calibration on the
// held-out tenth is measured first).
// DOTA_BENCH_STRUCTURE=0: without the low-rank structure of counters and synergies (the model before it).
const structure = process.env.DOTA_BENCH_STRUCTURE !== '0';
const models = buildModelSets(train.columns, { refit: true, fit: structure ? {} : { structure: false } });
const buildSeconds = (performance.now() - t1) / 1000;
const pooled = models.find((m) => m.key.bracket === 0)!;

const all = Uint32Array.from({ length: N }, (_, i) => i);
const draftgap = rawDeltas(train.columns, all, { kind: 'draftgap' });
const naive = rawDeltas(train.columns, all, { kind: 'naive' });

// Held-out: each match scored by its bracket's model (the every-rank one when its bracket has none).
const n = test.columns.n;
const p = new Float64Array(n);
const y = new Uint8Array(n);
for (let b = 0; b <= 8; b++) {
  const rows = Uint32Array.from({ length: n }, (_, i) => i).filter((i) => test.columns.bracket[i] === b);
  const m: DotaModel = models.find((x) => x.key.bracket === b) ?? pooled;
  const [pp, yy] = predict(m, test.columns, rows);
  rows.forEach((r, j) => {
    p[r] = pp[j]!;
    y[r] = yy[j]!;
  });
}
const allTest = Uint32Array.from({ length: n }, (_, i) => i);
const model = calibration(p, y);
const pooledCal = calibration(predict(pooled, test.columns, allTest)[0], y);
const truthCal = calibration(test.truthP, y);
const baseline = (raw: RawDeltas) => {
  const c = calibration(rawPredict(raw, test.columns, allTest), y);
  return { auc: round(c.auc), ece: round(c.ece) };
};
function round(x: number) {
  return Math.round(x * 1e4) / 1e4;
}

const modelR = correlations(pooled.data);
// Realised pick rates: the share of matches each hero is in (real pubs: ~1.5 % to ~34 %).
const inMatches = new Float64Array(S);
for (let i = 0; i < 10 * N; i++) {
  const h = train.columns.heroes[i]!;
  inMatches[h] = inMatches[h]! + 1;
}
const rates = ids.map((a) => inMatches[a]! / N).sort((a, b) => a - b);
const draftgapR = correlations(draftgap);
const naiveR = correlations(naive);
process.stdout.write(
  `${JSON.stringify({
    bench: 'dota-models',
    matches: N,
    heldOut: n,
    structure,
    pickRate: { min: round(rates[0]!), median: round(rates[rates.length >> 1]!), max: round(rates.at(-1)!) },
    models: models.map((m) => `${m.key.patch}/${m.key.bracket}`).length,
    buildSeconds: round(buildSeconds),
    generateSeconds: round(generateSeconds),
    model: {
      ...modelR,
      auc: round(model.auc),
      aucEveryRankOnly: round(pooledCal.auc),
      ece: round(model.ece),
    },
    truth: { auc: round(truthCal.auc), ece: round(truthCal.ece) },
    draftgap: { ...draftgapR, ...baseline(draftgap) },
    naive: { ...naiveR, ...baseline(naive) },
    aucGap: round(truthCal.auc - model.auc),
    counterGainOverDraftgap: round(modelR.counter - draftgapR.counter),
    counterGainOverNaive: round(modelR.counter - naiveR.counter),
    priors: { counterSd: round(pooled.data.counterSd), synergySd: round(pooled.data.synergySd) },
    loadavg: loadavg()[0],
  })}\n`,
);
