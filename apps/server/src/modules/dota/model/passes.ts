import type { Design } from './design';

/**
 * The two passes over a key's matches that the fit repeats. A match's Radiant log-odds is
 *   bias + Σ_R s − Σ_D s + Σ_{r∈R, d∈D} C[r,d] + Σ_{pairs in R} Y − Σ_{pairs in D} Y
 * (C antisymmetric, Y symmetric, both dense k×k); `linearPass` evaluates it for every match
 * (or, given a direction instead of the parameters, the change of it), `scatterPass` sends each
 * match's residual (or weight) back to its 56 terms.
 */
export interface Dense {
  bias: number;
  s: Float64Array;
  c: Float64Array;
  y: Float64Array;
}

export function linearPass(d: Design, p: Dense, out: Float64Array): void {
  const { heroes, m, k } = d;
  const s = p.s;
  const c = p.c;
  const y = p.y;
  const bias = p.bias;
  for (let i = 0; i < m; i++) {
    const b = 10 * i;
    const r0 = heroes[b]!;
    const r1 = heroes[b + 1]!;
    const r2 = heroes[b + 2]!;
    const r3 = heroes[b + 3]!;
    const r4 = heroes[b + 4]!;
    const d0 = heroes[b + 5]!;
    const d1 = heroes[b + 6]!;
    const d2 = heroes[b + 7]!;
    const d3 = heroes[b + 8]!;
    const d4 = heroes[b + 9]!;
    let e = bias + s[r0]! + s[r1]! + s[r2]! + s[r3]! + s[r4]! - s[d0]! - s[d1]! - s[d2]! - s[d3]! - s[d4]!;
    let row = r0 * k;
    e += c[row + d0]! + c[row + d1]! + c[row + d2]! + c[row + d3]! + c[row + d4]!;
    e += y[row + r1]! + y[row + r2]! + y[row + r3]! + y[row + r4]!;
    row = r1 * k;
    e += c[row + d0]! + c[row + d1]! + c[row + d2]! + c[row + d3]! + c[row + d4]!;
    e += y[row + r2]! + y[row + r3]! + y[row + r4]!;
    row = r2 * k;
    e += c[row + d0]! + c[row + d1]! + c[row + d2]! + c[row + d3]! + c[row + d4]!;
    e += y[row + r3]! + y[row + r4]!;
    row = r3 * k;
    e += c[row + d0]! + c[row + d1]! + c[row + d2]! + c[row + d3]! + c[row + d4]!;
    e += y[row + r4]!;
    row = r4 * k;
    e += c[row + d0]! + c[row + d1]! + c[row + d2]! + c[row + d3]! + c[row + d4]!;
    row = d0 * k;
    e -= y[row + d1]! + y[row + d2]! + y[row + d3]! + y[row + d4]!;
    row = d1 * k;
    e -= y[row + d2]! + y[row + d3]! + y[row + d4]!;
    row = d2 * k;
    e -= y[row + d3]! + y[row + d4]!;
    e -= y[d3 * k + d4]!;
    out[i] = e;
  }
}

/**
 * Adds each match's value `v(i)` to its terms: bias, +s for Radiant heroes and −s for Dire ones,
 * +C[r,d], +Y for Radiant pairs and −Y for Dire pairs (`sign = -1` in `weights` mode keeps every
 * sign positive, for curvatures). Y is written at [first, second] in draft order: fold it.
 */
export function scatterPass(d: Design, v: Float64Array, out: Dense, positive: boolean): void {
  const { heroes, m, k } = d;
  const s = out.s;
  const c = out.c;
  const y = out.y;
  const neg = positive ? 1 : -1;
  let bias = 0;
  for (let i = 0; i < m; i++) {
    const e = v[i]!;
    if (e === 0) continue;
    const ne = neg * e;
    bias += e;
    const b = 10 * i;
    const r0 = heroes[b]!;
    const r1 = heroes[b + 1]!;
    const r2 = heroes[b + 2]!;
    const r3 = heroes[b + 3]!;
    const r4 = heroes[b + 4]!;
    const d0 = heroes[b + 5]!;
    const d1 = heroes[b + 6]!;
    const d2 = heroes[b + 7]!;
    const d3 = heroes[b + 8]!;
    const d4 = heroes[b + 9]!;
    s[r0] = s[r0]! + e;
    s[r1] = s[r1]! + e;
    s[r2] = s[r2]! + e;
    s[r3] = s[r3]! + e;
    s[r4] = s[r4]! + e;
    s[d0] = s[d0]! + ne;
    s[d1] = s[d1]! + ne;
    s[d2] = s[d2]! + ne;
    s[d3] = s[d3]! + ne;
    s[d4] = s[d4]! + ne;
    let row = r0 * k;
    c[row + d0] = c[row + d0]! + e;
    c[row + d1] = c[row + d1]! + e;
    c[row + d2] = c[row + d2]! + e;
    c[row + d3] = c[row + d3]! + e;
    c[row + d4] = c[row + d4]! + e;
    y[row + r1] = y[row + r1]! + e;
    y[row + r2] = y[row + r2]! + e;
    y[row + r3] = y[row + r3]! + e;
    y[row + r4] = y[row + r4]! + e;
    row = r1 * k;
    c[row + d0] = c[row + d0]! + e;
    c[row + d1] = c[row + d1]! + e;
    c[row + d2] = c[row + d2]! + e;
    c[row + d3] = c[row + d3]! + e;
    c[row + d4] = c[row + d4]! + e;
    y[row + r2] = y[row + r2]! + e;
    y[row + r3] = y[row + r3]! + e;
    y[row + r4] = y[row + r4]! + e;
    row = r2 * k;
    c[row + d0] = c[row + d0]! + e;
    c[row + d1] = c[row + d1]! + e;
    c[row + d2] = c[row + d2]! + e;
    c[row + d3] = c[row + d3]! + e;
    c[row + d4] = c[row + d4]! + e;
    y[row + r3] = y[row + r3]! + e;
    y[row + r4] = y[row + r4]! + e;
    row = r3 * k;
    c[row + d0] = c[row + d0]! + e;
    c[row + d1] = c[row + d1]! + e;
    c[row + d2] = c[row + d2]! + e;
    c[row + d3] = c[row + d3]! + e;
    c[row + d4] = c[row + d4]! + e;
    y[row + r4] = y[row + r4]! + e;
    row = r4 * k;
    c[row + d0] = c[row + d0]! + e;
    c[row + d1] = c[row + d1]! + e;
    c[row + d2] = c[row + d2]! + e;
    c[row + d3] = c[row + d3]! + e;
    c[row + d4] = c[row + d4]! + e;
    row = d0 * k;
    y[row + d1] = y[row + d1]! + ne;
    y[row + d2] = y[row + d2]! + ne;
    y[row + d3] = y[row + d3]! + ne;
    y[row + d4] = y[row + d4]! + ne;
    row = d1 * k;
    y[row + d2] = y[row + d2]! + ne;
    y[row + d3] = y[row + d3]! + ne;
    y[row + d4] = y[row + d4]! + ne;
    row = d2 * k;
    y[row + d3] = y[row + d3]! + ne;
    y[row + d4] = y[row + d4]! + ne;
    y[d3 * k + d4] = y[d3 * k + d4]! + ne;
  }
  out.bias += bias;
}

export function emptyDense(k: number): Dense {
  return { bias: 0, s: new Float64Array(k), c: new Float64Array(k * k), y: new Float64Array(k * k) };
}
