import { DOTA_PATCHES } from '@guildhall/contracts';
import type { DotaPlayerMatch, MatchColumns } from '../types';
import { type AliasTable, aliasTable, createRng } from './prng';
import { type DenseTruth, type DotaTruth, denseTruth, TRUTH_SIZE, truthLogit } from './truth';

/**
 * Draws matches from a truth the way ranked all-pick drafts go (see the README's "Synthetic
 * truth" for the sources):
 * - ten picks, the sides taking turns 1-2-2-2-2-1 (a random side first);
 * - role queue: each team fills positions 1–5 once; which of its open positions picks next is
 *   drawn with the truth's `positionOrder` odds (supports early, carry and mid late);
 * - the drafter considers `draftCandidates` heroes of that position, drawn by popularity, and
 *   takes one with odds rising with its counters against the enemies and synergies with the
 *   allies picked so far (drafters counter-pick and pick partners: what biases raw deltas).
 * The winner is drawn from the truth's log-odds plus the teams' skill difference and any tracked
 * player's own edge.
 */
/** OpenDota's `/publicMatches` row (teams as arrays, the post-2024 encoding). */
export interface PublicMatchRow {
  match_id: number;
  match_seq_num: number;
  radiant_win: boolean;
  start_time: number;
  duration: number;
  lobby_type: number;
  game_mode: number;
  avg_rank_tier: number | null;
  num_rank_tier: number;
  cluster: number;
  radiant_team: number[];
  dire_team: number[];
}

export interface GenerateOptions {
  matches: number;
  seed: string | number;
  /** OpenDota patch numbers the matches are spread over (default: the newest). */
  patches?: number[];
}

const PICK_SIDES = [0, 1, 1, 0, 0, 1, 1, 0, 0, 1];
const CLUSTERS = [
  111, 112, 113, 121, 122, 123, 131, 132, 133, 135, 136, 137, 138, 151, 152, 153, 181, 182, 183, 184, 185,
  186, 187, 188, 191, 192, 200, 204, 223, 224, 225,
];
const FIRST_MATCH_ID = 8_100_000_000;

export interface MatchSink {
  /** Called per match with the ten heroes at `heroes[0..9]` (radiant first). */
  (m: {
    index: number;
    heroes: Uint8Array;
    radiantWin: boolean;
    bracket: number;
    avgRankTier: number | null;
    patch: number;
    startTime: number;
    matchId: number;
    /** The truth's Radiant win probability from the draft alone. */
    truthP: number;
    tracked: { player: number; side: 0 | 1; heroId: number } | null;
  }): void;
}

interface PatchWindow {
  id: number;
  start: number;
  end: number;
}

function patchWindows(ids: number[] | undefined): PatchWindow[] {
  const chosen = ids?.length ? ids : [DOTA_PATCHES.at(-1)!.id];
  return chosen.map((id) => {
    const i = DOTA_PATCHES.findIndex((p) => p.id === id);
    if (i < 0) throw new Error(`unknown patch ${id}`);
    const start = Math.ceil(Date.parse(DOTA_PATCHES[i]!.date) / 1000);
    const next = DOTA_PATCHES[i + 1];
    const end = next ? Math.floor(Date.parse(next.date) / 1000) : start + 90 * 86400;
    return { id, start, end };
  });
}

/** Runs the generator, handing each match to `sink` (the ten heroes are in a reused buffer). */
export function drawMatches(truth: DotaTruth, opts: GenerateOptions, sink: MatchSink): void {
  const t: DenseTruth = denseTruth(truth);
  const rng = createRng(`matches:${opts.seed}`);
  const ids = truth.heroIds;
  // Per position, the heroes its drafter considers, by popularity in that position.
  const byPosition: AliasTable[] = [0, 1, 2, 3, 4].map((p) =>
    aliasTable(ids.map((id) => truth.popularity[id]! * (truth.positions[id]?.[p] ?? 0))),
  );
  const order = truth.positionOrder;
  const candidates = truth.draftCandidates;
  const bracketPick = aliasTable([
    truth.unknownRankShare,
    ...truth.bracketWeights.map((w) => w * (1 - truth.unknownRankShare)),
  ]);
  const windows = patchWindows(opts.patches);
  const tracked = truth.trackedPlayers;
  const trackedShare = tracked.reduce((s, p) => s + p.share, 0);
  if (trackedShare > 1) throw new Error('tracked players share more than every match');
  const pools = tracked.map((p) => aliasTable(p.pool.map((h) => h.weight)));
  const heroes = new Uint8Array(10);
  const taken = new Uint8Array(TRUTH_SIZE);
  // Per side, the positions still open (bit p = position p + 1).
  const open = [0, 0];
  const kappa = truth.draftAwareness;
  const cand = new Int32Array(candidates);
  const score = new Float64Array(candidates);
  let matchId = FIRST_MATCH_ID;
  for (let index = 0; index < opts.matches; index++) {
    taken.fill(0);
    open[0] = 31;
    open[1] = 31;
    let nR = 0;
    let nD = 0;
    // Which tracked player (if any) is in this match, on which side.
    let tp = -1;
    let tpSide: 0 | 1 = 0;
    let tpHero = 0;
    let roll = rng.next();
    for (let p = 0; p < tracked.length; p++) {
      roll -= tracked[p]!.share;
      if (roll < 0) {
        tp = p;
        tpSide = rng.next() < 0.5 ? 0 : 1;
        break;
      }
    }
    const flip = rng.next() < 0.5 ? 1 : 0;
    for (let k = 0; k < 10; k++) {
      const side = PICK_SIDES[k]! ^ flip;
      const own = side === 0 ? 0 : 5;
      const other = side === 0 ? 5 : 0;
      const nOwn = side === 0 ? nR : nD;
      const nOther = side === 0 ? nD : nR;
      let chosen = -1;
      let position = -1;
      if (tp >= 0 && side === tpSide && nOwn === 0) {
        // The tracked player takes their team's first pick from their own pool, in the hero's main position.
        for (let tries = 0; tries < 20 && chosen < 0; tries++) {
          const h = tracked[tp]!.pool[pools[tp]!.draw(rng)]!.heroId;
          if (!taken[h]) chosen = h;
        }
        tpHero = chosen;
        if (chosen >= 0) position = mainPosition(truth.positions[chosen] ?? [], open[side]!);
      }
      if (position < 0) position = nextPosition(order, open[side]!, rng.next());
      open[side] = open[side]! & ~(1 << position);
      if (chosen < 0) {
        const pool = byPosition[position]!;
        let best = 0;
        for (let c = 0; c < candidates; c++) {
          let h: number;
          do h = ids[pool.draw(rng)]!;
          while (taken[h]);
          cand[c] = h;
          let s = 0;
          for (let j = 0; j < nOther; j++) s += t.counter[h * TRUTH_SIZE + heroes[other + j]!]!;
          for (let j = 0; j < nOwn; j++) s += t.synergy[h * TRUTH_SIZE + heroes[own + j]!]!;
          score[c] = kappa * s;
          if (score[c]! > best || c === 0) best = score[c]!;
        }
        let total = 0;
        for (let c = 0; c < candidates; c++) {
          score[c] = Math.exp(score[c]! - best);
          total += score[c]!;
        }
        let u = rng.next() * total;
        chosen = cand[candidates - 1]!;
        for (let c = 0; c < candidates; c++) {
          u -= score[c]!;
          if (u < 0) {
            chosen = cand[c]!;
            break;
          }
        }
      }
      taken[chosen] = 1;
      heroes[own + nOwn] = chosen;
      if (side === 0) nR++;
      else nD++;
    }
    const b = bracketPick.draw(rng);
    const bracket = b; // 0 = unknown rank
    const avgRankTier = b === 0 ? null : b * 10 + 1 + rng.int(5);
    const eta = truthLogit(t, heroes, 0, bracket);
    let full = eta + truth.skillSd * rng.normal();
    if (tp >= 0) {
      const edge = tracked[tp]!.pool.find((h) => h.heroId === tpHero)?.edge ?? 0;
      full += tpSide === 0 ? edge : -edge;
    }
    const radiantWin = rng.next() < 1 / (1 + Math.exp(-full));
    const w = windows[rng.int(windows.length)]!;
    const startTime = w.start + rng.int(Math.max(1, w.end - w.start));
    matchId += 1 + rng.int(40);
    sink({
      index,
      heroes,
      radiantWin,
      bracket,
      avgRankTier,
      patch: w.id,
      startTime,
      matchId,
      truthP: 1 / (1 + Math.exp(-eta)),
      tracked: tp >= 0 ? { player: tp, side: tpSide, heroId: tpHero } : null,
    });
  }
}

/** Which open position (bit mask) picks next: odds ∝ `order[p]`; `u` uniform in [0, 1). */
function nextPosition(order: readonly number[], open: number, u: number): number {
  let total = 0;
  for (let p = 0; p < 5; p++) if (open & (1 << p)) total += order[p]!;
  let x = u * total;
  let last = -1;
  for (let p = 0; p < 5; p++) {
    if (!(open & (1 << p))) continue;
    last = p;
    x -= order[p]!;
    if (x < 0) return p;
  }
  return last;
}

/** The open position a hero is played in most. */
function mainPosition(shares: readonly number[], open: number): number {
  let best = -1;
  for (let p = 0; p < 5; p++)
    if (open & (1 << p) && (best < 0 || (shares[p] ?? 0) > (shares[best] ?? 0))) best = p;
  return best;
}

export interface GeneratedColumns {
  columns: MatchColumns;
  /** The truth's draft-only Radiant win probability per match. */
  truthP: Float64Array;
  /** Every tracked player's matches. */
  playerMatches: DotaPlayerMatch[];
}

/** The fast path for tests and benches: matches straight into `MatchColumns`. */
export function generateColumns(truth: DotaTruth, opts: GenerateOptions): GeneratedColumns {
  const n = opts.matches;
  const columns: MatchColumns = {
    n,
    heroes: new Uint8Array(10 * n),
    radiantWin: new Uint8Array(n),
    bracket: new Uint8Array(n),
    patch: new Uint16Array(n),
    startTime: new Uint32Array(n),
  };
  const truthP = new Float64Array(n);
  const playerMatches: DotaPlayerMatch[] = [];
  drawMatches(truth, opts, (m) => {
    columns.heroes.set(m.heroes, 10 * m.index);
    columns.radiantWin[m.index] = m.radiantWin ? 1 : 0;
    columns.bracket[m.index] = m.bracket;
    columns.patch[m.index] = m.patch;
    columns.startTime[m.index] = m.startTime;
    truthP[m.index] = m.truthP;
    if (m.tracked) playerMatches.push(playerMatch(truth, m));
  });
  return { columns, truthP, playerMatches };
}

function playerMatch(truth: DotaTruth, m: Parameters<MatchSink>[0]): DotaPlayerMatch {
  return {
    accountId: truth.trackedPlayers[m.tracked!.player]!.accountId,
    matchId: m.matchId,
    heroId: m.tracked!.heroId,
    isRadiant: m.tracked!.side === 0,
    radiantWin: m.radiantWin,
    radiant: Array.from(m.heroes.subarray(0, 5)),
    dire: Array.from(m.heroes.subarray(5, 10)),
    startTime: m.startTime,
    patch: m.patch,
  };
}

/**
 * Matches as OpenDota's `/publicMatches` rows, each handed to `emit` with the tracked player's
 * match when there is one. The same seed draws the same matches as `generateColumns` (the
 * fields the models ignore come from a stream of their own).
 */
export function generatePublicMatches(
  truth: DotaTruth,
  opts: GenerateOptions,
  emit: (row: PublicMatchRow, player: DotaPlayerMatch | null) => void,
): void {
  const extra = createRng(`extras:${opts.seed}`);
  drawMatches(truth, opts, (m) => {
    const row: PublicMatchRow = {
      match_id: m.matchId,
      match_seq_num: m.matchId + 1_000_000_000 + Math.floor(m.index / 3),
      radiant_win: m.radiantWin,
      start_time: m.startTime,
      duration: Math.round(Math.min(5400, Math.max(900, 2350 + 520 * extra.normal()))),
      lobby_type: extra.next() < 0.85 ? 7 : 0,
      game_mode: extra.next() < 0.9 ? 22 : 23,
      avg_rank_tier: m.avgRankTier,
      num_rank_tier: m.avgRankTier === null ? 0 : 1 + extra.int(10),
      cluster: CLUSTERS[extra.int(CLUSTERS.length)]!,
      radiant_team: Array.from(m.heroes.subarray(0, 5)),
      dire_team: Array.from(m.heroes.subarray(5, 10)),
    };
    emit(row, m.tracked ? playerMatch(truth, m) : null);
  });
}
