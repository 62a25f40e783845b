import type { TDotaModelKey } from '@guildhall/contracts';
import type { MatchColumns } from '../types';
import { buildDesign, type Design } from './design';
import { calibration } from './evaluate';
import {
  centreUnderPicks,
  type Fit,
  type FitOptions,
  fitDesign,
  PLAIN_STRENGTH_SD,
  pairCount,
  pairIndex,
} from './fit';
import { DotaModel, type DotaModelData, SIZE } from './model-set';

export interface KeyBuildOptions {
  /** Share of the matches kept back to measure calibration (0 = none). Default 0.1. */
  holdout?: number;
  /** Above this many matches, priors and a starting point come from a subsample first. */
  subsample?: number;
  fit?: FitOptions;
  now?: () => Date;
  /**
   * Refit every row (held-out ones included) after measuring calibration. Off by default: the
   * model served is then exactly the one the calibration describes, and the build costs one fit.
   */
  refit?: boolean;
  /** Internal: the fit the terms shrink toward. */
  parent?: Fit;
}

/**
 * Held-out rows: a fixed hash of the match's row in the columns, so every key (a patch's every-rank
 * model and its brackets) holds out the same matches, and a rebuild the same ones again.
 */
const heldOut = (i: number, share: number) => (Math.imul(i + 1, 2654435761) >>> 0) / 4294967296 < share;

/** Maps a fit's parameters (or its prior means) onto another design's heroes (by id). */
function carry(from: Pick<Fit, 'heroIds' | 'k' | 'theta'>, to: Design): Float64Array {
  const k = to.k;
  const q = pairCount(k);
  const theta = new Float64Array(1 + k + 2 * q);
  const index = new Map<number, number>();
  for (let i = 0; i < from.heroIds.length; i++) index.set(from.heroIds[i]!, i);
  const fk = from.k;
  const fq = pairCount(fk);
  theta[0] = from.theta[0]!;
  const at = Array.from(to.heroIds, (id) => index.get(id) ?? -1);
  for (let a = 0; a < k; a++) {
    const fa = at[a]!;
    if (fa >= 0) theta[1 + a] = from.theta[1 + fa]!;
    for (let b = a + 1; b < k; b++) {
      const fb = at[b]!;
      if (fa < 0 || fb < 0) continue;
      const [lo, hi, sign] = fa < fb ? [fa, fb, 1] : [fb, fa, -1];
      const fp = pairIndex(fk, lo, hi);
      const p = pairIndex(k, a, b);
      theta[1 + k + p] = sign * from.theta[1 + fk + fp]!;
      theta[1 + k + q + p] = from.theta[1 + fk + fq + fp]!;
    }
  }
  return theta;
}

function rowsWhere(rows: Uint32Array, keep: (i: number) => boolean): Uint32Array {
  let n = 0;
  for (let i = 0; i < rows.length; i++) if (keep(i)) n++;
  const out = new Uint32Array(n);
  let j = 0;
  for (let i = 0; i < rows.length; i++) if (keep(i)) out[j++] = rows[i]!;
  return out;
}

/** A fit of the rows, through a subsample first when there are many (priors by empirical Bayes there). */
function fitRows(
  cols: MatchColumns,
  rows: Uint32Array,
  opts: KeyBuildOptions,
  warm?: Fit,
): { fit: Fit; design: Design } {
  const design = buildDesign(cols, rows);
  const sub = opts.subsample ?? 1_000_000;
  let fitOpts: FitOptions = { ...opts.fit };
  if (opts.parent) fitOpts.priorMean = carry(opts.parent, design);
  // Every-rank fits learn their own structure (a bracket shrinks toward its parent, which has it).
  if (!opts.parent && fitOpts.structure === undefined) fitOpts.structure = true;
  if (warm) {
    fitOpts.warm = carry(warm, design);
    // More rows under the prior the warm fit settled on.
    if (!opts.parent)
      fitOpts = { ...fitOpts, structure: false, ...structureOf(warm, design, fitOpts.strengthSd) };
  } else if (opts.parent) fitOpts.warm = fitOpts.priorMean;
  if (!warm && rows.length > 2 * sub) {
    const stride = rows.length / sub;
    const few = rowsWhere(rows, (i) => Math.floor(i / stride) !== Math.floor((i + 1) / stride));
    const fewDesign = buildDesign(cols, few);
    const first = fitDesign(fewDesign, {
      ...opts.fit,
      structure: fitOpts.structure,
      ...(opts.parent ? { priorMean: carry(opts.parent, fewDesign) } : {}),
    });
    fitOpts = {
      ...fitOpts,
      structure: false,
      counterSd: fitOpts.counterSd ?? first.counterSd,
      synergySd: fitOpts.synergySd ?? first.synergySd,
      warm: carry(first, design),
      ...structureOf(first, design, fitOpts.strengthSd),
    };
  }
  return { fit: fitDesign(design, fitOpts), design };
}

/** A fit's low-rank prior means (when it found structure), to fit more rows under the same prior. */
function structureOf(
  fit: Fit,
  design: Design,
  strengthSd?: number,
): Pick<FitOptions, 'priorMean' | 'structure' | 'strengthSd'> {
  if (fit.structureRanks[0] === 0 && fit.structureRanks[1] === 0) return {};
  // The prior mean is the structure's only: the strengths keep their plain prior.
  return {
    priorMean: carry({ ...fit, theta: fit.mean }, design),
    structure: false,
    strengthSd: strengthSd ?? PLAIN_STRENGTH_SD,
  };
}

/** A key's model, and the fits under it (a bracket's fits shrink toward its patch's). */
export interface KeyBuild {
  model: DotaModel;
  /** The fit of the training rows (held-out ones left out), and of every row. */
  trainFit: Fit | null;
  fit: Fit;
}

/**
 * The model of one key from its rows: a fit of the training rows and its calibration on the
 * held-out ones (and with `refit`, then the fit of every row, warm from the first). With `parent` (the every-rank
 * build of the same patch), the terms shrink toward the parent's instead of toward zero.
 */
export function buildKeyModel(
  cols: MatchColumns,
  rows: Uint32Array,
  key: TDotaModelKey,
  opts: KeyBuildOptions = {},
  parent?: KeyBuild,
): KeyBuild {
  const share = opts.holdout ?? 0.1;
  let cal = null;
  let trainFit: Fit | null = null;
  let warm: Fit | undefined;
  const withParent = (o: KeyBuildOptions, p: Fit | null | undefined): KeyBuildOptions =>
    p ? { ...o, parent: p } : o;
  if (share > 0 && rows.length >= 200) {
    const train = rowsWhere(rows, (i) => !heldOut(rows[i]!, share));
    const test = rowsWhere(rows, (i) => heldOut(rows[i]!, share));
    const first = fitRows(cols, train, withParent(opts, parent?.trainFit ?? parent?.fit));
    trainFit = first.fit;
    const trained = toModel(first.fit, first.design, key, opts);
    cal = calibration(...predict(trained, cols, test));
    if (!opts.refit) {
      trained.data.calibration = cal;
      return { model: trained, trainFit, fit: first.fit };
    }
    warm = first.fit;
    // The final fit keeps the held-out fit's prior scales and structure (they rest on 90 % of the same data).
    opts = { ...opts, fit: { ...opts.fit, counterSd: first.fit.counterSd, synergySd: first.fit.synergySd } };
  }
  const { fit, design } = fitRows(cols, rows, withParent(opts, parent?.fit), warm);
  const model = toModel(fit, design, key, opts);
  model.data.calibration = cal;
  return { model, trainFit, fit };
}

/** The model's Radiant win probability for each row, and the outcomes. */
export function predict(model: DotaModel, cols: MatchColumns, rows: Uint32Array): [Float64Array, Uint8Array] {
  const p = new Float64Array(rows.length);
  const y = new Uint8Array(rows.length);
  const d = model.data;
  for (let r = 0; r < rows.length; r++) {
    const b = 10 * rows[r]!;
    let e = d.radiantBias;
    for (let i = 0; i < 5; i++) {
      const a = cols.heroes[b + i]!;
      const o = cols.heroes[b + 5 + i]!;
      e += d.strength[a]! - d.strength[o]!;
      for (let j = 0; j < 5; j++) e += d.counter[a * SIZE + cols.heroes[b + 5 + j]!]!;
      for (let j = i + 1; j < 5; j++)
        e += d.synergy[a * SIZE + cols.heroes[b + j]!]! - d.synergy[o * SIZE + cols.heroes[b + 5 + j]!]!;
    }
    p[r] = 1 / (1 + Math.exp(-e));
    y[r] = cols.radiantWin[rows[r]!]!;
  }
  return [p, y];
}

function toModel(fit: Fit, d: Design, key: TDotaModelKey, opts: KeyBuildOptions): DotaModel {
  const k = fit.k;
  const q = pairCount(k);
  const se = (j: number) => 1 / Math.sqrt(fit.curvature[j]! + fit.lambda[j]!);
  const theta = centreUnderPicks(k, fit.theta, d.games);
  const data: DotaModelData = {
    key,
    builtAt: (opts.now?.() ?? new Date()).toISOString(),
    matches: d.m,
    radiantBias: theta[0]!,
    radiantBiasSe: se(0),
    counterSd: fit.counterSd,
    synergySd: fit.synergySd,
    strength: new Float64Array(SIZE),
    strengthSe: new Float64Array(SIZE),
    strengthGames: new Float64Array(SIZE),
    counter: new Float64Array(SIZE * SIZE),
    counterSe: new Float64Array(SIZE * SIZE),
    counterGames: new Float64Array(SIZE * SIZE),
    synergy: new Float64Array(SIZE * SIZE),
    synergySe: new Float64Array(SIZE * SIZE),
    synergyGames: new Float64Array(SIZE * SIZE),
    calibration: null,
  };
  const ids = fit.heroIds;
  for (let a = 0; a < k; a++) {
    const A = ids[a]!;
    data.strength[A] = theta[1 + a]!;
    data.strengthSe[A] = se(1 + a);
    data.strengthGames[A] = d.games[a]!;
    for (let b = a + 1; b < k; b++) {
      const B = ids[b]!;
      const p = pairIndex(k, a, b);
      const c = theta[1 + k + p]!;
      const y = theta[1 + k + q + p]!;
      const cse = se(1 + k + p);
      const yse = se(1 + k + q + p);
      const cg = d.against[a * k + b]! + d.against[b * k + a]!;
      const yg = d.together[a * k + b]!;
      data.counter[A * SIZE + B] = c;
      data.counter[B * SIZE + A] = -c;
      data.counterSe[A * SIZE + B] = data.counterSe[B * SIZE + A] = cse;
      data.counterGames[A * SIZE + B] = data.counterGames[B * SIZE + A] = cg;
      data.synergy[A * SIZE + B] = data.synergy[B * SIZE + A] = y;
      data.synergySe[A * SIZE + B] = data.synergySe[B * SIZE + A] = yse;
      data.synergyGames[A * SIZE + B] = data.synergyGames[B * SIZE + A] = yg;
    }
  }
  return new DotaModel(data);
}
