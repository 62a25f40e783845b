import type { Design } from './design';
import { type Dense, emptyDense, linearPass, scatterPass } from './passes';
import { lowRankMean } from './structure';

/**
 * The joint fit: a Gaussian-prior (L2) logistic regression of the Radiant win on the bias, every
 * hero's strength, every pair's counter (antisymmetric) and synergy (symmetric), all at once.
 * Minimises  Σ log(1 + e^η) − yη + ½ Σ λ_j θ_j²  with L-BFGS whose starting inverse Hessian is a
 * preconditioner built from the key's counts (Böhning's ¼ bound: the exact bias-and-strength
 * block, the diagonal for the pairs) and an exact line search along each direction (the
 * per-match log-odds and their change are kept, so a line search costs no pass over the terms).
 * The prior scales of counters and synergies are set by empirical Bayes (a moment estimate from
 * the fitted terms and their curvatures), so small samples shrink toward zero by as much as the
 * spread of the real terms warrants.
 */
export interface FitOptions {
  /** Prior sd of the bias and the strengths (weak: they rest on many games). */
  biasSd?: number;
  strengthSd?: number;
  /** Prior sd of counters and synergies; set by empirical Bayes when absent. */
  counterSd?: number;
  synergySd?: number;
  /** Starting point (packed, same design), e.g. a fit of a subset. */
  warm?: Float64Array;
  /**
   * Prior means (packed, same design): a bracket's terms shrink toward the every-rank model's
   * instead of toward zero. The prior scales then bound the deviation from it.
   */
  priorMean?: Float64Array;
  maxIterations?: number;
  /**
   * Shrink counters and synergies toward a low-rank structure learnt from this fit itself
   * (`structure.ts`) instead of toward zero; not with `priorMean`. The prior scales are then
   * the spread around it, by empirical Bayes.
   */
  structure?: boolean;
}

export interface Fit {
  k: number;
  heroIds: Int32Array;
  /** Packed parameters: [bias, s_0…s_{k−1}, counters (a<b, row-major), synergies (a<b)]. */
  theta: Float64Array;
  /** Prior precision per parameter. */
  lambda: Float64Array;
  /** Data curvature Σ p(1−p) x² per parameter at the optimum (the Hessian's diagonal without the prior). */
  curvature: Float64Array;
  counterSd: number;
  synergySd: number;
  /** The prior means the terms were shrunk toward (zeros, a parent's terms, or the low-rank structure). */
  mean: Float64Array;
  /** Ranks of the counter and synergy structure (0: none). */
  structureRanks: [number, number];
  iterations: number;
  /** Mean log-loss on the fitted matches. */
  logLoss: number;
}

/** Prior sd of the strengths without a parent model (weak: they rest on many games). */
export const PLAIN_STRENGTH_SD = 0.5;

export const pairCount = (k: number) => (k * (k - 1)) / 2;

/** Index of pair a<b among the k(k−1)/2 pairs, row-major. */
export const pairIndex = (k: number, a: number, b: number) => (a * (2 * k - a - 1)) / 2 + (b - a - 1);

export function expand(k: number, theta: Float64Array, out: Dense): Dense {
  const q = pairCount(k);
  out.bias = theta[0]!;
  out.s.set(theta.subarray(1, 1 + k));
  const c0 = 1 + k;
  const y0 = c0 + q;
  let p = 0;
  for (let a = 0; a < k; a++) {
    out.c[a * k + a] = 0;
    out.y[a * k + a] = 0;
    for (let b = a + 1; b < k; b++, p++) {
      const c = theta[c0 + p]!;
      out.c[a * k + b] = c;
      out.c[b * k + a] = -c;
      const y = theta[y0 + p]!;
      out.y[a * k + b] = y;
      out.y[b * k + a] = y;
    }
  }
  return out;
}

/** Packs scattered sums: counter(a<b) = C[a,b] − C[b,a], synergy = Y[a,b] + Y[b,a]; `signC` = +1 for curvatures. */
function fold(k: number, g: Dense, out: Float64Array, curvature: boolean): void {
  const q = pairCount(k);
  out[0] = g.bias;
  out.set(g.s, 1);
  const c0 = 1 + k;
  const y0 = c0 + q;
  let p = 0;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, p++) {
      out[c0 + p] = curvature ? g.c[a * k + b]! + g.c[b * k + a]! : g.c[a * k + b]! - g.c[b * k + a]!;
      out[y0 + p] = g.y[a * k + b]! + g.y[b * k + a]!;
    }
}

/** The preconditioner: ¼ XᵀX + Λ, exact on [bias, strengths], diagonal on the pairs. */
class Preconditioner {
  private readonly chol: Float64Array;
  private readonly n: number;
  private readonly diag: Float64Array;
  constructor(d: Design, lambda: Float64Array) {
    const k = d.k;
    const n = k + 1;
    this.n = n;
    const a = new Float64Array(n * n);
    a[0] = 0.25 * d.m + lambda[0]!;
    for (let i = 0; i < k; i++) {
      const cross = 0.25 * (2 * d.radiantGames[i]! - d.games[i]!);
      a[i + 1] = cross;
      a[(i + 1) * n] = cross;
      for (let j = 0; j < k; j++) {
        const v =
          i === j
            ? 0.25 * d.games[i]! + lambda[1 + i]!
            : 0.25 * (d.together[i * k + j]! - d.against[i * k + j]! - d.against[j * k + i]!);
        a[(i + 1) * n + j + 1] = v;
      }
    }
    // Cholesky, lower triangle in place.
    for (let j = 0; j < n; j++) {
      let s = a[j * n + j]!;
      for (let l = 0; l < j; l++) s -= a[j * n + l]! ** 2;
      const djj = Math.sqrt(Math.max(s, 1e-12));
      a[j * n + j] = djj;
      for (let i = j + 1; i < n; i++) {
        let t = a[i * n + j]!;
        for (let l = 0; l < j; l++) t -= a[i * n + l]! * a[j * n + l]!;
        a[i * n + j] = t / djj;
      }
    }
    this.chol = a;
    const q = pairCount(k);
    this.diag = new Float64Array(2 * q);
    let p = 0;
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++, p++) {
        this.diag[p] = 0.25 * (d.against[i * k + j]! + d.against[j * k + i]!) + lambda[n + p]!;
        this.diag[q + p] = 0.25 * d.together[i * k + j]! + lambda[n + q + p]!;
      }
  }
  /** out = P⁻¹ v (in place allowed). */
  solve(v: Float64Array, out: Float64Array): void {
    const n = this.n;
    const L = this.chol;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = v[i]!;
      for (let l = 0; l < i; l++) s -= L[i * n + l]! * z[l]!;
      z[i] = s / L[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let l = i + 1; l < n; l++) s -= L[l * n + i]! * z[l]!;
      z[i] = s / L[i * n + i]!;
    }
    out.set(z, 0);
    for (let p = 0; p < this.diag.length; p++) out[n + p] = v[n + p]! / this.diag[p]!;
  }
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

function priorPrecision(
  k: number,
  o: Required<Pick<FitOptions, 'biasSd' | 'strengthSd'>>,
  cSd: number,
  ySd: number,
) {
  const q = pairCount(k);
  const lambda = new Float64Array(1 + k + 2 * q);
  lambda[0] = 1 / o.biasSd ** 2;
  lambda.fill(1 / o.strengthSd ** 2, 1, 1 + k);
  lambda.fill(1 / cSd ** 2, 1 + k, 1 + k + q);
  lambda.fill(1 / ySd ** 2, 1 + k + q);
  return lambda;
}

interface State {
  d: Design;
  theta: Float64Array;
  mean: Float64Array;
  lambda: Float64Array;
  eta: Float64Array;
  resid: Float64Array;
  grad: Float64Array;
  dense: Dense;
  scratch: Dense;
}

/** Gradient of the penalised loss at the current η (kept in state.grad); answers the loss. */
function gradient(st: State): number {
  const { d, eta, resid, theta, lambda } = st;
  let loss = 0;
  for (let i = 0; i < d.m; i++) {
    const e = eta[i]!;
    const p = 1 / (1 + Math.exp(-e));
    // log(1 + e^η) − yη, stably.
    loss += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - d.y[i]! * e;
    resid[i] = p - d.y[i]!;
  }
  const g = st.scratch;
  zero(g);
  scatterPass(d, resid, g, false);
  fold(d.k, g, st.grad, false);
  const mean = st.mean;
  for (let j = 0; j < theta.length; j++) {
    const dev = theta[j]! - mean[j]!;
    st.grad[j] = st.grad[j]! + lambda[j]! * dev;
    loss += 0.5 * lambda[j]! * dev * dev;
  }
  return loss;
}

function zero(g: Dense) {
  g.bias = 0;
  g.s.fill(0);
  g.c.fill(0);
  g.y.fill(0);
}

/** Exact minimisation of the loss along θ + t·dir, given Δη = X·dir. */
function lineSearch(st: State, dir: Float64Array, deta: Float64Array): number {
  const { d, eta, theta, lambda } = st;
  let A = 0;
  let B = 0;
  for (let j = 0; j < theta.length; j++) {
    A += lambda[j]! * dir[j]! ** 2;
    B += lambda[j]! * (theta[j]! - st.mean[j]!) * dir[j]!;
  }
  let t = 1;
  for (let it = 0; it < 6; it++) {
    let g1 = B + t * A;
    let g2 = A;
    for (let i = 0; i < d.m; i++) {
      const de = deta[i]!;
      const p = 1 / (1 + Math.exp(-(eta[i]! + t * de)));
      g1 += (p - d.y[i]!) * de;
      g2 += p * (1 - p) * de * de;
    }
    const step = g1 / g2;
    const next = Math.min(Math.max(t - step, 0.1 * t), 10 * t + 1);
    if (Math.abs(next - t) < 1e-4 * Math.max(1, t)) {
      t = next;
      break;
    }
    t = next;
  }
  return t;
}

/** L-BFGS with the count-based preconditioner as its starting inverse Hessian. */
function minimise(st: State, maxIterations: number): number {
  const n = st.theta.length;
  const pre = new Preconditioner(st.d, st.lambda);
  const memory = 12;
  const S: Float64Array[] = [];
  const Yv: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const deta = new Float64Array(st.d.m);
  const dirDense = emptyDense(st.d.k);
  const alpha = new Float64Array(memory);
  const prevGrad = new Float64Array(n);
  rebalanceAround(st);
  gradient(st);
  const prevTheta = Float64Array.from(st.theta);
  // Stop when the preconditioned Newton decrement says the loss is within a small fraction
  // of a nat per parameter of its minimum: far below the sampling error of any term.
  const tol = Math.max(1e-2, 1e-4 * n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Two-loop recursion.
    const q = Float64Array.from(st.grad);
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i]! * dot(S[i]!, q);
      const y = Yv[i]!;
      const a = alpha[i]!;
      for (let j = 0; j < n; j++) q[j] = q[j]! - a * y[j]!;
    }
    pre.solve(q, dir);
    const decrement = dot(st.grad, dir);
    if (S.length === 0 && decrement < tol) break;
    for (let i = 0; i < S.length; i++) {
      const b = rho[i]! * dot(Yv[i]!, dir);
      const s = S[i]!;
      const a = alpha[i]! - b;
      for (let j = 0; j < n; j++) dir[j] = dir[j]! + a * s[j]!;
    }
    for (let j = 0; j < n; j++) dir[j] = -dir[j]!;
    let slope = dot(st.grad, dir);
    if (slope >= 0) {
      // Not a descent direction (stale curvature pairs): restart from the preconditioner.
      S.length = 0;
      Yv.length = 0;
      rho.length = 0;
      pre.solve(st.grad, dir);
      for (let j = 0; j < n; j++) dir[j] = -dir[j]!;
      slope = dot(st.grad, dir);
    }
    if (-slope < tol) break;
    expand(st.d.k, dir, dirDense);
    linearPass(st.d, dirDense, deta);
    const t = lineSearch(st, dir, deta);
    const s = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = t * dir[j]!;
      st.theta[j] = st.theta[j]! + s[j]!;
    }
    for (let i = 0; i < st.d.m; i++) st.eta[i] = st.eta[i]! + t * deta[i]!;
    rebalanceAround(st);
    for (let j = 0; j < n; j++) s[j] = st.theta[j]! - prevTheta[j]!;
    prevTheta.set(st.theta);
    prevGrad.set(st.grad);
    gradient(st);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) y[j] = st.grad[j]! - prevGrad[j]!;
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Yv.push(y);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Yv.shift();
        rho.shift();
      }
    }
  }
  return iterations;
}

/**
 * The likelihood cannot tell some terms apart: adding μ to every counter of hero a (and taking
 * 5μ off its strength: it always meets five enemies), adding ν to every synergy of a (and 4ν off
 * its strength), a constant on every strength, or a constant on every synergy, leaves every
 * match's log-odds unchanged. Only the prior decides them, so they are set here exactly (the
 * prior's minimum along those directions, a 2×2 system per hero), with no pass over the data:
 * without it the optimiser crawls along them, since their curvature is the prior's alone.
 */
function rebalance(k: number, theta: Float64Array, lambda: Float64Array): void {
  const q = pairCount(k);
  const c0 = 1 + k;
  const y0 = c0 + q;
  const ls = lambda[1]!;
  const lc = lambda[c0]!;
  const ly = lambda[y0]!;
  const R = new Float64Array(k);
  const T = new Float64Array(k);
  for (let round = 0; round < 3; round++) {
    R.fill(0);
    T.fill(0);
    let p = 0;
    for (let a = 0; a < k; a++)
      for (let b = a + 1; b < k; b++, p++) {
        const c = theta[c0 + p]!;
        R[a] = R[a]! + c;
        R[b] = R[b]! - c;
        const y = theta[y0 + p]!;
        T[a] = T[a]! + y;
        T[b] = T[b]! + y;
      }
    // Per hero: A (μ, ν) = b_a + (λc M, −λy N), A the same for every hero.
    const a11 = 25 * ls + lc * k;
    const a12 = 20 * ls;
    const a22 = 16 * ls + ly * (k - 2);
    const det = a11 * a22 - a12 * a12;
    const inv = (x: number, y: number): [number, number] => [
      (a22 * x - a12 * y) / det,
      (a11 * y - a12 * x) / det,
    ];
    let b1 = 0;
    let b2 = 0;
    for (let a = 0; a < k; a++) {
      b1 += 5 * ls * theta[1 + a]! - lc * R[a]!;
      b2 += 4 * ls * theta[1 + a]! - ly * T[a]!;
    }
    // Σ_a: (M, N) = A⁻¹(Σb + k (λc M, −λy N))  ⇒  (A − k diag(λc, −λy)) (M, N) = Σb.
    const m11 = a11 - k * lc;
    const m22 = a22 + k * ly;
    const mdet = m11 * m22 - a12 * a12;
    const M = (m22 * b1 - a12 * b2) / mdet;
    const N = (m11 * b2 - a12 * b1) / mdet;
    const mu = new Float64Array(k);
    const nu = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      const [x, y] = inv(
        5 * ls * theta[1 + a]! - lc * R[a]! + lc * M,
        4 * ls * theta[1 + a]! - ly * T[a]! - ly * N,
      );
      mu[a] = x;
      nu[a] = y;
      theta[1 + a] = theta[1 + a]! - 5 * x - 4 * y;
    }
    p = 0;
    let ymean = 0;
    for (let a = 0; a < k; a++)
      for (let b = a + 1; b < k; b++, p++) {
        theta[c0 + p] = theta[c0 + p]! + mu[a]! - mu[b]!;
        theta[y0 + p] = theta[y0 + p]! + nu[a]! + nu[b]!;
        ymean += theta[y0 + p]!;
      }
    // A constant on every synergy, or on every strength, cancels between the sides.
    ymean /= q || 1;
    for (let j = y0; j < y0 + q; j++) theta[j] = theta[j]! - ymean;
    let smean = 0;
    for (let a = 0; a < k; a++) smean += theta[1 + a]!;
    smean /= k;
    for (let a = 0; a < k; a++) theta[1 + a] = theta[1 + a]! - smean;
  }
}

/** `rebalance` of the deviation from the prior mean (the flat directions move both alike). */
function rebalanceAround(st: State): void {
  const { theta, mean } = st;
  for (let j = 0; j < theta.length; j++) theta[j] = theta[j]! - mean[j]!;
  rebalance(st.d.k, theta, st.lambda);
  for (let j = 0; j < theta.length; j++) theta[j] = theta[j]! + mean[j]!;
}

/** Data curvature per parameter: Σ p(1−p) x_j² at the current η. */
function curvature(st: State): Float64Array {
  const w = st.resid;
  for (let i = 0; i < st.d.m; i++) {
    const p = 1 / (1 + Math.exp(-st.eta[i]!));
    w[i] = p * (1 - p);
  }
  const g = st.scratch;
  zero(g);
  scatterPass(st.d, w, g, true);
  const out = new Float64Array(st.theta.length);
  fold(st.d.k, g, out, true);
  return out;
}

/**
 * Empirical-Bayes prior scale of one block of terms: each term's unpenalised estimate is about
 * θ̂ (h + λ) / h with variance 1/h; τ² = weighted mean of (estimate² − variance), iterated.
 */
function priorScale(
  theta: Float64Array,
  mean: Float64Array,
  h: Float64Array,
  from: number,
  to: number,
  lambda: number,
  tau: number,
) {
  let t2 = tau * tau;
  for (let it = 0; it < 20; it++) {
    let num = 0;
    let den = 0;
    for (let j = from; j < to; j++) {
      const hj = h[j]!;
      if (hj < 1) continue;
      const v = 1 / hj;
      const raw = ((theta[j]! - mean[j]!) * (hj + lambda)) / hj;
      const w = 1 / (v + t2) ** 2;
      num += w * (raw * raw - v);
      den += w;
    }
    if (den === 0) return tau;
    t2 = Math.min(Math.max(num / den, 0.005 ** 2), 0.5 ** 2);
  }
  return Math.sqrt(t2);
}

export function fitDesign(d: Design, opts: FitOptions = {}): Fit {
  // With prior means (a bracket under its patch), the strengths' spread around them is estimated too.
  const ebStrength = opts.priorMean !== undefined && opts.strengthSd === undefined;
  let sSd = opts.strengthSd ?? (ebStrength ? 0.2 : PLAIN_STRENGTH_SD);
  const base = () => ({ biasSd: opts.biasSd ?? 1, strengthSd: sSd });
  const k = d.k;
  const q = pairCount(k);
  const n = 1 + k + 2 * q;
  let cSd = opts.counterSd ?? 0.06;
  let ySd = opts.synergySd ?? 0.05;
  const eb = opts.counterSd === undefined || opts.synergySd === undefined || ebStrength;
  const theta = opts.warm && opts.warm.length === n ? Float64Array.from(opts.warm) : new Float64Array(n);
  const dense = emptyDense(k);
  const st: State = {
    d,
    theta,
    mean: opts.priorMean && opts.priorMean.length === n ? opts.priorMean : new Float64Array(n),
    lambda: priorPrecision(k, base(), cSd, ySd),
    eta: new Float64Array(d.m),
    resid: new Float64Array(d.m),
    grad: new Float64Array(n),
    dense,
    scratch: emptyDense(k),
  };
  linearPass(d, expand(k, theta, dense), st.eta);
  let loss = gradient(st);
  const maxIterations = opts.maxIterations ?? 100;
  let iterations = minimise(st, maxIterations);
  let h = curvature(st);
  // Prior scales by empirical Bayes: re-estimated from the fit, refitted until they settle.
  const ebRounds = (fixedC?: number, fixedY?: number) => {
    for (let round = 0; round < 3; round++) {
      const nc = fixedC ?? priorScale(theta, st.mean, h, 1 + k, 1 + k + q, 1 / cSd ** 2, cSd);
      const ny = fixedY ?? priorScale(theta, st.mean, h, 1 + k + q, n, 1 / ySd ** 2, ySd);
      const ns = ebStrength ? priorScale(theta, st.mean, h, 1, 1 + k, 1 / sSd ** 2, sSd) : sSd;
      const same = (a: number, b: number) => Math.abs(Math.log(a / b)) < 0.03;
      if (same(nc, cSd) && same(ny, ySd) && same(ns, sSd)) break;
      cSd = nc;
      ySd = ny;
      sSd = ns;
      st.lambda = priorPrecision(k, base(), cSd, ySd);
      gradient(st);
      iterations += minimise(st, maxIterations);
      h = curvature(st);
    }
  };
  if (eb) ebRounds(opts.counterSd, opts.synergySd);
  const ranks: [number, number] = [0, 0];
  if (opts.structure && !opts.priorMean) {
    const lc = lowRankMean(
      k,
      theta.subarray(1 + k, 1 + k + q),
      h.subarray(1 + k, 1 + k + q),
      1 / cSd ** 2,
      -1,
    );
    const ly = lowRankMean(k, theta.subarray(1 + k + q, n), h.subarray(1 + k + q, n), 1 / ySd ** 2, 1);
    ranks[0] = lc.rank;
    ranks[1] = ly.rank;
    if (lc.rank > 0 || ly.rank > 0) {
      const mean = new Float64Array(n);
      mean.set(lc.values, 1 + k);
      mean.set(ly.values, 1 + k + q);
      st.mean = mean;
      // The spread around the structure is smaller than around zero: estimated afresh.
      ebRounds();
    }
  }
  loss = gradient(st);
  let penalty = 0;
  for (let j = 0; j < n; j++) penalty += 0.5 * st.lambda[j]! * (theta[j]! - st.mean[j]!) ** 2;
  return {
    k,
    heroIds: d.heroIds,
    theta,
    lambda: st.lambda,
    curvature: h,
    counterSd: cSd,
    synergySd: ySd,
    mean: st.mean,
    structureRanks: ranks,
    iterations,
    logLoss: d.m ? (loss - penalty) / d.m : 0,
  };
}

/**
 * The same fitted log-odds for every match, in the reported convention: each hero's counters and
 * synergies average zero over the heroes it meets (weighted by how often each is picked), and its
 * strength carries its whole main effect (its edge against the average drafted opponent, with the
 * average drafted partners). Moves only along the flat directions of `rebalance`, so no match's
 * prediction changes.
 */
export function centreUnderPicks(k: number, theta: Float64Array, games: Float64Array): Float64Array {
  const out = Float64Array.from(theta);
  const q = pairCount(k);
  const c0 = 1 + k;
  const y0 = c0 + q;
  let total = 0;
  for (let a = 0; a < k; a++) total += games[a]!;
  if (total === 0) return out;
  const pi = Float64Array.from(games, (g) => g / total);
  const rc = new Float64Array(k);
  const ry = new Float64Array(k);
  let p = 0;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, p++) {
      rc[a] = rc[a]! + pi[b]! * out[c0 + p]!;
      rc[b] = rc[b]! - pi[a]! * out[c0 + p]!;
      ry[a] = ry[a]! + pi[b]! * out[y0 + p]!;
      ry[b] = ry[b]! + pi[a]! * out[y0 + p]!;
    }
  // Counters: C' = C − (μ_a − μ_b) with μ = Cπ; synergies: Y' = Y − (ν_a + ν_b) with ν solving
  // the weighted row sums (zero diagonal): ν_a = (r_a − S) / (1 − 2π_a).
  let A = 0;
  let B = 0;
  for (let a = 0; a < k; a++) {
    A += (pi[a]! * ry[a]!) / (1 - 2 * pi[a]!);
    B += pi[a]! / (1 - 2 * pi[a]!);
  }
  const S = A / (1 + B);
  const nu = Float64Array.from(ry, (r, a) => (r - S) / (1 - 2 * pi[a]!));
  p = 0;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, p++) {
      out[c0 + p] = out[c0 + p]! - (rc[a]! - rc[b]!);
      out[y0 + p] = out[y0 + p]! - (nu[a]! + nu[b]!);
    }
  for (let a = 0; a < k; a++) out[1 + a] = out[1 + a]! + 5 * rc[a]! + 4 * nu[a]!;
  return out;
}
