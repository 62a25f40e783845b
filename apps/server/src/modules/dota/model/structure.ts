/**
 * Structure shared across pairs: heroes counter and pair with others for reasons few in number
 * (mobility against lockdown, illusions against area damage, save against burst), so the
 * counter matrix and the synergy matrix are partly low-rank. A rare pair's own games say little,
 * but its two heroes' traits, learnt from every other pair they are in, say more.
 *
 * Given a first fit, this finds the low-rank matrix L closest to the pairs' estimates (each
 * pair's unshrunk estimate z = θ (h + λ) / h, weighted by 1 / (1/h + τ²): its sampling variance
 * plus the spread around L), by weighted alternating least squares on the full k × k matrix,
 * then (anti)symmetrised. The rank is chosen by cross-validation over pairs (folds of pairs held
 * out, their z predicted from the others; ranks tried upward until one predicts worse than the
 * last): rank 0, i.e. no structure and the plain prior toward zero, wins when the structure does
 * not predict held-out pairs. The fit then shrinks each pair
 * toward L instead of toward zero (its prior mean), with the spread around L set by empirical
 * Bayes. Only matrices of k × k are touched: no pass over the matches.
 */
export interface LowRank {
  rank: number;
  /** Packed per pair a<b (row-major), like the fit's parameters. */
  values: Float64Array;
}

/** Ranks tried; antisymmetric structure comes in pairs of dimensions. */
const RANKS = [0, 2, 4, 6, 8, 12];
const FOLDS = 3;
const ITERATIONS = 25;

/** Fold of a pair (a fixed hash, so a rebuild chooses the same way). */
const foldOf = (p: number) => ((Math.imul(p + 1, 2654435761) >>> 0) % 65521) % FOLDS;

export function lowRankMean(
  k: number,
  /** Packed penalised estimates of one block (q values), and their data curvatures and prior precision. */
  theta: Float64Array,
  h: Float64Array,
  lambda: number,
  /** −1: antisymmetric (counters), +1: symmetric (synergies). */
  sign: 1 | -1,
): LowRank {
  const q = theta.length;
  const z = new Float64Array(k * k);
  const w = new Float64Array(k * k);
  const tau2 = 1 / lambda;
  const pairOf = new Int32Array(k * k).fill(-1);
  let p = 0;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, p++) {
      const hp = h[p]!;
      if (hp < 1) continue;
      const raw = (theta[p]! * (hp + lambda)) / hp;
      const weight = 1 / (1 / hp + tau2);
      z[a * k + b] = raw;
      z[b * k + a] = sign * raw;
      w[a * k + b] = w[b * k + a] = weight;
      pairOf[a * k + b] = pairOf[b * k + a] = p;
    }
  const maxRank = Math.min(RANKS.at(-1)!, Math.floor(k / 3));
  const ranks = RANKS.filter((r) => r <= maxRank);
  // Ranks in increasing order, stopping at the first that predicts held-out pairs worse than
  // the one before (thin data stops at 2, after three small factorisations).
  let best = 0;
  let bestError = Number.POSITIVE_INFINITY;
  const wTrain = new Float64Array(k * k);
  for (let ri = 0; ri < ranks.length; ri++) {
    const r = ranks[ri]!;
    let error = 0;
    for (let f = 0; f < FOLDS; f++) {
      for (let i = 0; i < k * k; i++) wTrain[i] = pairOf[i]! >= 0 && foldOf(pairOf[i]!) !== f ? w[i]! : 0;
      const L = r === 0 ? null : factorise(k, z, wTrain, r);
      for (let a = 0; a < k; a++)
        for (let b = a + 1; b < k; b++) {
          const i = a * k + b;
          if (pairOf[i]! < 0 || foldOf(pairOf[i]!) !== f) continue;
          const l = L ? (L[i]! + sign * L[b * k + a]!) / 2 : 0;
          error += w[i]! * (z[i]! - l) ** 2;
        }
    }
    if (error >= bestError) break;
    bestError = error;
    best = ri;
  }
  const rank = ranks[best] ?? 0;
  const values = new Float64Array(q);
  if (rank === 0) return { rank, values };
  const L = factorise(k, z, w, rank);
  p = 0;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, p++) values[p] = (L[a * k + b]! + sign * L[b * k + a]!) / 2;
  return { rank, values };
}

/** Weighted rank-r approximation U Vᵀ of z (k × k, weights w; zero weight = missing), by ALS with a light ridge. */
function factorise(k: number, z: Float64Array, w: Float64Array, r: number): Float64Array {
  const U = new Float64Array(k * r);
  const V = new Float64Array(k * r);
  // A fixed, spread-out start (no randomness: same input, same answer).
  for (let i = 0; i < k * r; i++) {
    U[i] = 0.01 * Math.sin(1.7 * i + 0.3);
    V[i] = 0.01 * Math.cos(2.3 * i + 0.7);
  }
  let total = 0;
  for (let i = 0; i < k * k; i++) total += w[i]!;
  const ridge = (1e-3 * total) / k;
  const A = new Float64Array(r * r);
  const rhs = new Float64Array(r);
  const solveRows = (X: Float64Array, Y: Float64Array, transpose: boolean) => {
    for (let a = 0; a < k; a++) {
      A.fill(0);
      rhs.fill(0);
      for (let b = 0; b < k; b++) {
        const i = transpose ? b * k + a : a * k + b;
        const wi = w[i]!;
        if (wi === 0) continue;
        const zi = z[i]!;
        const yb = b * r;
        for (let s = 0; s < r; s++) {
          const ys = wi * Y[yb + s]!;
          rhs[s] = rhs[s]! + ys * zi;
          for (let t = 0; t <= s; t++) A[s * r + t] = A[s * r + t]! + ys * Y[yb + t]!;
        }
      }
      for (let s = 0; s < r; s++) A[s * r + s] = A[s * r + s]! + ridge;
      choleskySolve(A, rhs, r, X, a * r);
    }
  };
  for (let it = 0; it < ITERATIONS; it++) {
    solveRows(U, V, false);
    solveRows(V, U, true);
  }
  const L = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let t = 0; t < r; t++) s += U[a * r + t]! * V[b * r + t]!;
      L[a * k + b] = s;
    }
  return L;
}

/** Solves A x = b (A symmetric positive definite, lower triangle filled) into out[at…at+r). */
function choleskySolve(A: Float64Array, b: Float64Array, r: number, out: Float64Array, at: number): void {
  for (let j = 0; j < r; j++) {
    let s = A[j * r + j]!;
    for (let l = 0; l < j; l++) s -= A[j * r + l]! ** 2;
    const d = Math.sqrt(Math.max(s, 1e-300));
    A[j * r + j] = d;
    for (let i = j + 1; i < r; i++) {
      let t = A[i * r + j]!;
      for (let l = 0; l < j; l++) t -= A[i * r + l]! * A[j * r + l]!;
      A[i * r + j] = t / d;
    }
  }
  const y = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    let s = b[i]!;
    for (let l = 0; l < i; l++) s -= A[i * r + l]! * y[l]!;
    y[i] = s / A[i * r + i]!;
  }
  for (let i = r - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let l = i + 1; l < r; l++) s -= A[l * r + i]! * out[at + l]!;
    out[at + i] = s / A[i * r + i]!;
  }
}
