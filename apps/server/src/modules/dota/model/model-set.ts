import {
  DOTA_HEROES,
  DOTA_MAX_HERO_ID,
  type TDotaDraftState,
  type TDotaModelKey,
  type TDotaReason,
  type TDotaSuggestion,
} from '@guildhall/contracts';
import type { DotaEstimate, DotaMatchup, DotaModelSet, DotaPersonalAdvantage } from '../types';
import type { Calibration } from './evaluate';

/** Arrays are indexed by hero id (sparse ids: sized by the largest id), matrices `[a * SIZE + b]`. */
export const SIZE = DOTA_MAX_HERO_ID + 1;
const Z95 = 1.959964;

/** What a built model holds: every term with its standard error and games, and how it was built. */
export interface DotaModelData {
  key: TDotaModelKey;
  builtAt: string;
  matches: number;
  radiantBias: number;
  radiantBiasSe: number;
  /** Prior scales (log-odds sd) the counters and synergies were shrunk with. */
  counterSd: number;
  synergySd: number;
  strength: Float64Array;
  strengthSe: Float64Array;
  strengthGames: Float64Array;
  /** `counter[a * SIZE + b]`: a against b (antisymmetric). */
  counter: Float64Array;
  counterSe: Float64Array;
  counterGames: Float64Array;
  /** `synergy[a * SIZE + b]`: a with b (symmetric). */
  synergy: Float64Array;
  synergySe: Float64Array;
  synergyGames: Float64Array;
  /** Reliability on held-out matches, when the build kept some back. */
  calibration: Calibration | null;
}

/**
 * Position → the hero roles (OpenDota's) that play it: 1 carry, 2 mid, 3 offlane, 4 soft
 * support, 5 hard support. A heuristic: OpenDota publishes roles, not positions.
 */
const POSITION_ROLES: Record<number, readonly string[]> = {
  1: ['Carry'],
  2: ['Carry', 'Nuker', 'Escape'],
  3: ['Initiator', 'Durable'],
  4: ['Support', 'Initiator', 'Disabler'],
  5: ['Support'],
};

const positionMask = (() => {
  const masks = new Map<number, Uint8Array>();
  for (const [pos, roles] of Object.entries(POSITION_ROLES)) {
    const mask = new Uint8Array(SIZE);
    for (const h of DOTA_HEROES) if (h.roles.some((r) => roles.includes(r))) mask[h.id] = 1;
    masks.set(Number(pos), mask);
  }
  return masks;
})();

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const validId = (id: number) => Number.isInteger(id) && id >= 1 && id <= DOTA_MAX_HERO_ID;

export class DotaModel implements DotaModelSet {
  readonly key: TDotaModelKey;
  readonly builtAt: string;
  readonly matches: number;
  readonly radiantBias: number;
  constructor(readonly data: DotaModelData) {
    this.key = data.key;
    this.builtAt = data.builtAt;
    this.matches = data.matches;
    this.radiantBias = data.radiantBias;
  }

  private estimate(value: number, se: number, games: number): DotaEstimate {
    return { value, low: value - Z95 * se, high: value + Z95 * se, games };
  }

  /** Heroes the model has seen, by id. */
  heroIds(): number[] {
    const ids: number[] = [];
    for (let id = 1; id < SIZE; id++) if (this.data.strengthGames[id]! > 0) ids.push(id);
    return ids;
  }

  strength(heroId: number): DotaEstimate | null {
    if (!validId(heroId) || !(this.data.strengthGames[heroId]! > 0)) return null;
    const d = this.data;
    return this.estimate(d.strength[heroId]!, d.strengthSe[heroId]!, d.strengthGames[heroId]!);
  }

  matchups(heroId: number, kind: 'counter' | 'synergy'): DotaMatchup[] {
    if (!validId(heroId) || !(this.data.strengthGames[heroId]! > 0)) return [];
    const d = this.data;
    const [v, se, g] =
      kind === 'counter'
        ? [d.counter, d.counterSe, d.counterGames]
        : [d.synergy, d.synergySe, d.synergyGames];
    const out: DotaMatchup[] = [];
    for (let other = 1; other < SIZE; other++) {
      if (other === heroId || !(d.strengthGames[other]! > 0)) continue;
      const i = heroId * SIZE + other;
      out.push({ heroId, otherId: other, kind, estimate: this.estimate(v[i]!, se[i]!, g[i]!) });
    }
    return out.sort((a, b) => b.estimate.value - a.estimate.value || a.otherId - b.otherId);
  }

  /** Log-odds of `side` beating `other`, the Radiant bias left out (the heroes' terms only). */
  draftLogit(side: readonly number[], other: readonly number[]): number {
    const d = this.data;
    let e = 0;
    for (let i = 0; i < side.length; i++) {
      const a = side[i]!;
      e += d.strength[a]!;
      for (const o of other) e += d.counter[a * SIZE + o]!;
      for (let j = i + 1; j < side.length; j++) e += d.synergy[a * SIZE + side[j]!]!;
    }
    for (let i = 0; i < other.length; i++) {
      const a = other[i]!;
      e -= d.strength[a]!;
      for (let j = i + 1; j < other.length; j++) e -= d.synergy[a * SIZE + other[j]!]!;
    }
    return e;
  }

  winProbability(radiant: readonly number[], dire: readonly number[]): number {
    const r = radiant.filter(validId);
    const di = dire.filter(validId);
    return sigmoid(this.data.radiantBias + this.draftLogit(r, di));
  }

  /**
   * Every candidate (a hero the model knows, not picked or banned, playing the position when
   * one is asked), best first. The side is not known, so the Radiant bias is left out.
   *
   * Baseline = P(win) of the draft as it stands, without the candidate: σ(η₀). Adding the
   * candidate adds log-odds terms t_k (its strength, its counter against each enemy, its synergy
   * with each ally, the player's personal edge), T = Σ t_k, and the win probability becomes
   * σ(η₀ + T). Each reason's delta is t_k · (σ(η₀ + T) − σ(η₀)) / T: the Aumann–Shapley split of
   * the change along the straight path from η₀ (for a function of a sum, every term's share of
   * the path integral is its size times the mean slope). It is exact (the deltas sum to the
   * change), does not depend on the order of the terms, keeps each term's sign, and is bounded
   * (the mean slope is at most ¼); as T → 0 the slope is σ'(η₀).
   */
  suggest(state: TDotaDraftState, personal: readonly DotaPersonalAdvantage[] = []): TDotaSuggestion[] {
    const d = this.data;
    const allies = state.allies.filter(validId);
    const enemies = state.enemies.filter(validId);
    if (allies.length >= 5) return [];
    const taken = new Uint8Array(SIZE);
    for (const h of [...allies, ...enemies, ...state.bans]) if (validId(h)) taken[h] = 1;
    const mine = new Map<number, DotaPersonalAdvantage>();
    for (const p of personal) if (validId(p.heroId)) mine.set(p.heroId, p);
    const mask = state.position === undefined ? null : positionMask.get(state.position)!;
    const eta0 = this.draftLogit(allies, enemies);
    const p0 = sigmoid(eta0);
    const slope0 = p0 * (1 - p0);
    const out: TDotaSuggestion[] = [];
    const terms: number[] = [];
    for (let h = 1; h < SIZE; h++) {
      if (taken[h] || !(d.strengthGames[h]! > 0) || (mask && !mask[h])) continue;
      const reasons: TDotaReason[] = [
        { kind: 'strength', heroId: null, delta: 0, games: d.strengthGames[h]! },
      ];
      terms.length = 0;
      terms.push(d.strength[h]!);
      for (const e of enemies) {
        terms.push(d.counter[h * SIZE + e]!);
        reasons.push({ kind: 'counter', heroId: e, delta: 0, games: d.counterGames[h * SIZE + e]! });
      }
      for (const a of allies) {
        terms.push(d.synergy[h * SIZE + a]!);
        reasons.push({ kind: 'synergy', heroId: a, delta: 0, games: d.synergyGames[h * SIZE + a]! });
      }
      const p = mine.get(h);
      if (p) {
        terms.push(p.score);
        reasons.push({ kind: 'personal', heroId: null, delta: 0, games: p.games });
      }
      let total = 0;
      for (const t of terms) total += t;
      const p1 = sigmoid(eta0 + total);
      const change = p1 - p0;
      const slope = Math.abs(total) > 1e-12 ? change / total : slope0;
      let sum = 0;
      let largest = 0;
      for (let k = 0; k < terms.length; k++) {
        const delta = terms[k]! * slope;
        reasons[k]!.delta = delta;
        sum += delta;
        if (Math.abs(delta) > Math.abs(reasons[largest]!.delta)) largest = k;
      }
      // Floating-point rounding left over goes to the largest share, so the sum is the change.
      reasons[largest]!.delta += change - sum;
      out.push({ heroId: h, winProbability: p1, reasons });
    }
    return out.sort((a, b) => b.winProbability - a.winProbability || a.heroId - b.heroId);
  }

  /** The baseline the suggestion deltas are measured from (see `suggest`). */
  baseline(state: Pick<TDotaDraftState, 'allies' | 'enemies'>): number {
    return sigmoid(this.draftLogit(state.allies.filter(validId), state.enemies.filter(validId)));
  }
}
