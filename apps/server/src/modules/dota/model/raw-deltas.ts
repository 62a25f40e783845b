import type { MatchColumns } from '../types';
import { SIZE } from './model-set';

/**
 * The baseline most public counter-pickers use: raw win rates, each pair's delta read off its
 * own games against what the two heroes' solo win rates predict (DraftGap's scheme, in natural
 * log-odds): strength r_a = logit of a's win rate; counter Δ(a,b) = logit(a's win rate against b)
 * − (r_a − r_b); synergy Δ(a,b) = logit(win rate of a with b) − (r_a + r_b); every rate shrunk
 * toward its expectation with N₀ pseudo-games (DraftGap's default 1000). A draft's log-odds is
 * the sum of its terms, as in the joint model.
 */
export interface RawDeltas {
  radiantBias: number;
  strength: Float64Array;
  counter: Float64Array;
  synergy: Float64Array;
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * `draftgap`: as above. `naive`: the plainest form many sites show, a hero's win rate against
 * (or with) another minus its own win rate, Δ(a,b) = logit(a's rate against b) − r_a, the other
 * hero's strength not taken out.
 */
export function rawDeltas(
  cols: MatchColumns,
  rows: Uint32Array,
  opts: { pseudoGames?: number; kind?: 'draftgap' | 'naive' } = {},
): RawDeltas {
  const pseudoGames = opts.pseudoGames ?? 1000;
  const naive = opts.kind === 'naive';
  const wins = new Float64Array(SIZE);
  const games = new Float64Array(SIZE);
  const vsWins = new Float64Array(SIZE * SIZE);
  const vsGames = new Float64Array(SIZE * SIZE);
  const withWins = new Float64Array(SIZE * SIZE);
  const withGames = new Float64Array(SIZE * SIZE);
  let radiantWins = 0;
  for (let r = 0; r < rows.length; r++) {
    const b = 10 * rows[r]!;
    const rw = cols.radiantWin[rows[r]!]!;
    radiantWins += rw;
    for (let side = 0; side < 2; side++) {
      const won = side === 0 ? rw : 1 - rw;
      const own = b + 5 * side;
      const other = b + 5 * (1 - side);
      for (let i = 0; i < 5; i++) {
        const a = cols.heroes[own + i]!;
        games[a] = games[a]! + 1;
        wins[a] = wins[a]! + won;
        for (let j = 0; j < 5; j++) {
          const x = a * SIZE + cols.heroes[other + j]!;
          vsGames[x] = vsGames[x]! + 1;
          vsWins[x] = vsWins[x]! + won;
        }
        for (let j = 0; j < 5; j++) {
          if (j === i) continue;
          const x = a * SIZE + cols.heroes[own + j]!;
          withGames[x] = withGames[x]! + 1;
          withWins[x] = withWins[x]! + won;
        }
      }
    }
  }
  const n0 = pseudoGames;
  const strength = new Float64Array(SIZE);
  for (let a = 0; a < SIZE; a++)
    if (games[a]! > 0) strength[a] = logit((wins[a]! + 0.5 * n0) / (games[a]! + n0));
  const counter = new Float64Array(SIZE * SIZE);
  const synergy = new Float64Array(SIZE * SIZE);
  for (let a = 0; a < SIZE; a++)
    for (let b = 0; b < SIZE; b++) {
      if (a === b || !games[a] || !games[b]) continue;
      const x = a * SIZE + b;
      const ec = sigmoid(naive ? strength[a]! : strength[a]! - strength[b]!);
      counter[x] = logit((vsWins[x]! + n0 * ec) / (vsGames[x]! + n0)) - logit(ec);
      const ey = sigmoid(naive ? strength[a]! : strength[a]! + strength[b]!);
      synergy[x] = logit((withWins[x]! + n0 * ey) / (withGames[x]! + n0)) - logit(ey);
    }
  return {
    radiantBias: logit(Math.min(Math.max(radiantWins / Math.max(rows.length, 1), 1e-6), 1 - 1e-6)),
    strength,
    counter,
    synergy,
  };
}

export function rawPredict(raw: RawDeltas, cols: MatchColumns, rows: Uint32Array): Float64Array {
  const p = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const b = 10 * rows[r]!;
    let e = raw.radiantBias;
    for (let i = 0; i < 5; i++) {
      const a = cols.heroes[b + i]!;
      const o = cols.heroes[b + 5 + i]!;
      e += raw.strength[a]! - raw.strength[o]!;
      for (let j = 0; j < 5; j++) e += raw.counter[a * SIZE + cols.heroes[b + 5 + j]!]!;
      for (let j = i + 1; j < 5; j++)
        e += raw.synergy[a * SIZE + cols.heroes[b + j]!]! - raw.synergy[o * SIZE + cols.heroes[b + 5 + j]!]!;
    }
    p[r] = sigmoid(e);
  }
  return p;
}
