import { DOTA_HEROES, DOTA_MAX_HERO_ID } from '@guildhall/contracts';
import { createRng, type Rng } from './prng';

/**
 * The known truth synthetic matches are drawn from: per hero a strength (log-odds, with a
 * drift across rank brackets), a popularity and the positions (1 carry … 5 hard support) it is
 * played in, a counter matrix (antisymmetric) and a synergy matrix (symmetric), both centred
 * under the pick distribution (so a hero's average counter and synergy against a random
 * opponent or partner is zero, and its whole main effect is its strength), the Radiant bias,
 * the spread of the players' skill, how drafters order and choose their picks, and tracked
 * players with a planted edge on some heroes (for the personal advantage score).
 */
export interface DotaTruth {
  seed: string;
  /** Hero ids in use (sparse). */
  heroIds: number[];
  /**
   * Share of all picks per hero id (index = hero id; 0 for unused ids; sums to 1): what the
   * draft would give without any counter or partner picking, from `popularity` and `positions`.
   */
  pickWeight: number[];
  /** How much drafters like each hero, per hero id: within a position, heroes are considered in proportion to `popularity × positions[id][p]`. */
  popularity: number[];
  /**
   * Per hero id, its share of play in positions 1–5 (index 0 = position 1; sums to 1; empty for
   * unused ids). Every team fills the five positions once (ranked role queue).
   */
  positions: number[][];
  /** Per position 1–5, how soon its player picks: the next pick of a team is position p with odds ∝ `positionOrder[p − 1]` among its open positions. */
  positionOrder: number[];
  /** Heroes a drafter considers per pick (drawn by popularity in their position) before choosing by counters and partners. */
  draftCandidates: number;
  /** Strength per hero id at the middle bracket, log-odds. */
  strength: number[];
  /** Strength change from the middle bracket to the top one (linear in the medal). */
  bracketSlope: number[];
  radiantBias: number;
  /** Standard deviation of the Radiant-minus-Dire team skill, log-odds (matchmaking keeps it small). */
  skillSd: number;
  /** How strongly drafters pick counters and partners among the heroes they consider. */
  draftAwareness: number;
  /** Share of matches per medal 1–7 (`avg_rank_tier` tops out at 75) and of unknown rank. */
  bracketWeights: number[];
  unknownRankShare: number;
  /** `counter[a][b]`: a against b beyond strengths; `counter[a][b] = −counter[b][a]`. Indexed by hero id. */
  counter: number[][];
  /** `synergy[a][b]`: a with b beyond strengths; symmetric. Indexed by hero id. */
  synergy: number[][];
  trackedPlayers: TrackedPlayer[];
}

export interface TrackedPlayer {
  accountId: number;
  /** Share of all matches this player is in. */
  share: number;
  /** The heroes they play, with a pick weight and their own edge on it (log-odds). */
  pool: { heroId: number; weight: number; edge: number }[];
}

export interface TruthOptions {
  seed: string | number;
  strengthSd?: number;
  counterSd?: number;
  synergySd?: number;
  radiantBias?: number;
  skillSd?: number;
  draftAwareness?: number;
  /** Log-normal spread of the popularity (default 0.8: real pick rates run from ~1.5 % to over 30 % of matches). */
  popularitySd?: number;
  positionOrder?: number[];
  draftCandidates?: number;
  trackedPlayers?: TrackedPlayer[];
}

const SIZE = DOTA_MAX_HERO_ID + 1;

/** Realistic shares of the seven rank medals of `avg_rank_tier` (Herald … Divine). */
const BRACKET_WEIGHTS = [0.08, 0.15, 0.21, 0.21, 0.16, 0.12, 0.07];

function weightedSd(m: Float64Array, w: Float64Array, ids: number[]): number {
  let s = 0;
  let tw = 0;
  for (const a of ids)
    for (const b of ids) {
      if (a === b) continue;
      const ww = w[a]! * w[b]!;
      s += ww * m[a * SIZE + b]! ** 2;
      tw += ww;
    }
  return Math.sqrt(s / tw);
}

/**
 * Which positions a hero is played in, from OpenDota's role tags (the same reading as the
 * suggestions' position filter: Carry → 1 and mid, Nuker/Escape → mid, Initiator/Durable → 3,
 * Support/Disabler → 4 and 5) plus a random lean per hero and position; positions with under
 * 10 % of a hero's play are dropped, so most heroes have one to three positions, as on
 * Stratz's and OpenDota's per-position tables.
 */
const POSITION_AFFINITY: Record<string, readonly number[]> = {
  Carry: [1.2, 0.5, 0, 0, 0],
  Nuker: [0, 0.7, 0, 0.2, 0],
  Escape: [0.2, 0.5, 0, 0.2, 0],
  Initiator: [0, 0, 0.9, 0.5, 0],
  Durable: [0.2, 0, 1, 0, 0],
  Support: [0, 0, 0, 0.8, 1.1],
  Disabler: [0, 0, 0.1, 0.4, 0.3],
  Pusher: [0.2, 0.2, 0.2, 0, 0],
};

function heroPositions(rng: Rng, roles: readonly string[]): number[] {
  const score = [0, 0, 0, 0, 0].map(() => 0.5 * rng.normal());
  for (const r of roles) {
    const affinity = POSITION_AFFINITY[r] ?? [];
    for (let p = 0; p < affinity.length; p++) score[p] = score[p]! + affinity[p]!;
  }
  const top = Math.max(...score);
  let share = score.map((x) => Math.exp(2.5 * (x - top)));
  let sum = share.reduce((a, b) => a + b, 0);
  share = share.map((x) => (x / sum < 0.1 ? 0 : x));
  sum = share.reduce((a, b) => a + b, 0);
  return share.map((x) => x / sum);
}

/** Latent hero traits: counters and synergies have structure (a low-rank part) plus noise. */
function latent(rng: Rng, dims: number) {
  const v = new Float64Array(SIZE * dims);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return v;
}

export function makeTruth(opts: TruthOptions): DotaTruth {
  const seed = String(opts.seed);
  const rng = createRng(`truth:${seed}`);
  const ids = DOTA_HEROES.map((h) => h.id);
  const strengthSd = opts.strengthSd ?? 0.1;
  const popularitySd = opts.popularitySd ?? 0.8;
  const strength = new Array<number>(SIZE).fill(0);
  const slope = new Array<number>(SIZE).fill(0);
  const popularity = new Array<number>(SIZE).fill(0);
  for (const id of ids) {
    strength[id] = strengthSd * rng.normal();
    slope[id] = 0.05 * rng.normal();
    // Popular heroes are somewhat stronger; pick rates differ twentyfold or more.
    popularity[id] = Math.exp(popularitySd * rng.normal() + 1.5 * strength[id]!);
  }
  const positions: number[][] = Array.from({ length: SIZE }, () => []);
  for (const h of DOTA_HEROES) positions[h.id] = heroPositions(rng, h.roles);
  // Each position is two picks of every ten: a hero's share of picks is its share of each position's pool.
  const weight = new Float64Array(SIZE);
  for (let p = 0; p < 5; p++) {
    let pool = 0;
    for (const id of ids) pool += popularity[id]! * positions[id]![p]!;
    for (const id of ids) weight[id] = weight[id]! + (0.2 * popularity[id]! * positions[id]![p]!) / pool;
  }

  const dims = 3;
  const u = latent(rng, dims);
  const v = latent(rng, dims);
  const counter = new Float64Array(SIZE * SIZE);
  const synergy = new Float64Array(SIZE * SIZE);
  for (const a of ids)
    for (const b of ids) {
      if (b <= a) continue;
      let c = 0;
      let y = 0;
      for (let k = 0; k < dims; k++) {
        c += u[a * dims + k]! * v[b * dims + k]! - u[b * dims + k]! * v[a * dims + k]!;
        y += u[a * dims + k]! * u[b * dims + k]! * (k === 0 ? 1 : -0.5) + v[a * dims + k]! * v[b * dims + k]!;
      }
      c = 0.6 * c + rng.normal();
      y = 0.6 * y + rng.normal();
      counter[a * SIZE + b] = c;
      counter[b * SIZE + a] = -c;
      synergy[a * SIZE + b] = y;
      synergy[b * SIZE + a] = y;
    }
  centreCounter(counter, weight, ids);
  centreSynergy(synergy, weight, ids);
  const cs = (opts.counterSd ?? 0.055) / weightedSd(counter, weight, ids);
  const ys = (opts.synergySd ?? 0.035) / weightedSd(synergy, weight, ids);
  for (let i = 0; i < counter.length; i++) {
    counter[i] = counter[i]! * cs;
    synergy[i] = synergy[i]! * ys;
  }
  const matrix = (m: Float64Array) =>
    Array.from({ length: SIZE }, (_, a) => Array.from(m.subarray(a * SIZE, (a + 1) * SIZE)));
  return {
    seed,
    heroIds: ids,
    pickWeight: Array.from(weight),
    popularity,
    positions,
    // Supports pick first and the cores last, so the enemy cannot answer them (see README).
    positionOrder: opts.positionOrder ?? [1, 1, 1.5, 2.5, 3],
    draftCandidates: opts.draftCandidates ?? 4,
    strength,
    bracketSlope: slope,
    radiantBias: opts.radiantBias ?? 0.08,
    skillSd: opts.skillSd ?? 0.35,
    draftAwareness: opts.draftAwareness ?? 4,
    bracketWeights: BRACKET_WEIGHTS,
    unknownRankShare: 0.04,
    counter: matrix(counter),
    synergy: matrix(synergy),
    trackedPlayers: opts.trackedPlayers ?? [],
  };
}

/** C ← C − r1ᵀ + 1rᵀ with r = C·π: every weighted row sum becomes zero, antisymmetry kept. */
function centreCounter(m: Float64Array, w: Float64Array, ids: number[]) {
  const r = new Float64Array(SIZE);
  for (const a of ids) for (const b of ids) r[a] = r[a]! + w[b]! * m[a * SIZE + b]!;
  for (const a of ids) for (const b of ids) if (a !== b) m[a * SIZE + b] = m[a * SIZE + b]! - r[a]! + r[b]!;
}

/** Double centring under π, repeated (the zero diagonal is restored each time). */
function centreSynergy(m: Float64Array, w: Float64Array, ids: number[]) {
  for (let round = 0; round < 20; round++) {
    const r = new Float64Array(SIZE);
    let mean = 0;
    for (const a of ids) for (const b of ids) r[a] = r[a]! + w[b]! * m[a * SIZE + b]!;
    for (const a of ids) mean += w[a]! * r[a]!;
    for (const a of ids)
      for (const b of ids) m[a * SIZE + b] = a === b ? 0 : m[a * SIZE + b]! - r[a]! - r[b]! + mean;
  }
}

/** Dense views of a truth for fast lookups: `counter[a * SIZE + b]`. */
export interface DenseTruth {
  truth: DotaTruth;
  counter: Float64Array;
  synergy: Float64Array;
  /** Strength per bracket 0–8 (0 = unknown rank: the middle one), `[bracket * SIZE + id]`. */
  strength: Float64Array;
}

export const TRUTH_SIZE = SIZE;

export function denseTruth(truth: DotaTruth): DenseTruth {
  const counter = new Float64Array(SIZE * SIZE);
  const synergy = new Float64Array(SIZE * SIZE);
  for (let a = 0; a < SIZE; a++)
    for (let b = 0; b < SIZE; b++) {
      counter[a * SIZE + b] = truth.counter[a]?.[b] ?? 0;
      synergy[a * SIZE + b] = truth.synergy[a]?.[b] ?? 0;
    }
  const strength = new Float64Array(9 * SIZE);
  for (let br = 0; br <= 8; br++)
    for (const id of truth.heroIds)
      strength[br * SIZE + id] =
        truth.strength[id]! + (br === 0 ? 0 : (truth.bracketSlope[id]! * (br - 4)) / 3);
  return { truth, counter, synergy, strength };
}

/** The truth's own log-odds of a Radiant win for a draft (no player skill, no personal edges). */
export function truthLogit(
  t: DenseTruth,
  heroes: ArrayLike<number>,
  offset: number,
  bracket: number,
): number {
  let eta = t.truth.radiantBias;
  const s = bracket * SIZE;
  for (let i = 0; i < 5; i++) {
    const r = heroes[offset + i]!;
    const d = heroes[offset + 5 + i]!;
    eta += t.strength[s + r]! - t.strength[s + d]!;
    for (let j = 0; j < 5; j++) eta += t.counter[r * SIZE + heroes[offset + 5 + j]!]!;
    for (let j = i + 1; j < 5; j++)
      eta += t.synergy[r * SIZE + heroes[offset + j]!]! - t.synergy[d * SIZE + heroes[offset + 5 + j]!]!;
  }
  return eta;
}
