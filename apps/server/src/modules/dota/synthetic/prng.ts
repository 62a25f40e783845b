import { seedWords } from '@guildhall/telemetry-gen';
/**
 * A small seeded generator (sfc32, seeded from a string by a 128-bit string hash), so the same
 * seed gives the same truth and the same matches on every machine and Node version.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
}

export function createRng(seed: string | number): Rng {
  // State in a typed array: numbers kept in closure variables past 2^31 would be boxed on every step.
  const st = Int32Array.from(seedWords(String(seed)));
  let spare: number | null = null;
  const next = () => {
    const a = st[0]!;
    const b = st[1]!;
    const c = st[2]!;
    const d = (st[3]! + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    st[0] = b ^ (b >>> 9);
    st[1] = (c + (c << 3)) | 0;
    st[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    st[3] = d;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Walker's alias table: draws an index with the given weights in O(1). */
export interface AliasTable {
  draw(rng: Rng): number;
}

export function aliasTable(weights: ArrayLike<number>): AliasTable {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = Array.from({ length: n }, (_, i) => (weights[i]! * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => {
    (p < 1 ? small : large).push(i);
  });
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    if (scaled[l]! < 1) small.push(l);
    else large.push(l);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  return {
    draw(rng) {
      const i = rng.int(n);
      return rng.next() < prob[i]! ? i : alias[i]!;
    },
  };
}
