import type { TDotaDraftState, TDotaModelKey, TDotaReason, TDotaSuggestion } from '@guildhall/contracts';
import { DOTA_HEROES } from '@guildhall/contracts';
import type {
  DotaEstimate,
  DotaMatch,
  DotaMatchup,
  DotaModelSet,
  DotaPersonalAdvantage,
  DotaServices,
} from '../src/modules/dota/types';

/**
 * A DotaServices double over a small hand-made model: a few heroes with strengths, counters
 * and synergies in log-odds, whose suggestions decompose exactly into their reasons. Each test
 * builds its own and may read the calls it received.
 */

export const AXE = 2;
export const CRYSTAL_MAIDEN = 5;
export const JUGGERNAUT = 8;
export const PUDGE = 14;
export const LION = 26;
export const ANTI_MAGE = 1;
export const SNIPER = 35;

const est = (value: number, games: number): DotaEstimate => {
  const half = 1.96 / Math.sqrt(Math.max(games, 1) / 4);
  return { value, low: value - half, high: value + half, games };
};

export interface HandModel {
  strengths: Record<number, [number, number]>;
  /** `[a, b]` → how much a beats b, and games. */
  counters: [number, number, number, number][];
  synergies: [number, number, number, number][];
}

export const handModel: HandModel = {
  strengths: {
    [AXE]: [0.12, 5200],
    [CRYSTAL_MAIDEN]: [-0.05, 4100],
    [JUGGERNAUT]: [0.04, 6100],
    [PUDGE]: [-0.1, 8800],
    [LION]: [0.02, 4700],
    [ANTI_MAGE]: [-0.02, 3900],
    [SNIPER]: [-0.07, 3000],
  },
  counters: [
    [AXE, ANTI_MAGE, 0.18, 900],
    [AXE, SNIPER, 0.09, 420],
    [LION, ANTI_MAGE, 0.11, 610],
    [PUDGE, SNIPER, 0.14, 380],
    [ANTI_MAGE, CRYSTAL_MAIDEN, 0.08, 540],
    [JUGGERNAUT, AXE, 0.06, 700],
    [SNIPER, AXE, -0.09, 420],
    [ANTI_MAGE, AXE, -0.18, 900],
  ],
  synergies: [
    [AXE, LION, 0.07, 1300],
    [AXE, CRYSTAL_MAIDEN, 0.05, 980],
    [JUGGERNAUT, CRYSTAL_MAIDEN, 0.06, 1200],
    [PUDGE, SNIPER, -0.04, 300],
  ],
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function makeModelSet(model: HandModel, key: TDotaModelKey, matches = 250_000): DotaModelSet {
  const strength = (id: number) => {
    const s = model.strengths[id];
    return s ? est(s[0], s[1]) : null;
  };
  const counter = (a: number, b: number) => model.counters.find((c) => c[0] === a && c[1] === b);
  const synergy = (a: number, b: number) =>
    model.synergies.find((s) => (s[0] === a && s[1] === b) || (s[0] === b && s[1] === a));
  return {
    key,
    builtAt: '2026-11-30T04:00:00.000Z',
    matches,
    radiantBias: 0.08,
    strength,
    matchups(heroId, kind): DotaMatchup[] {
      if (kind === 'counter') {
        // A counter read from the other side is the same term with its sign turned.
        const direct = model.counters.filter((c) => c[0] === heroId);
        const mirrored = model.counters
          .filter((c) => c[1] === heroId && !direct.some((d) => d[1] === c[0]))
          .map((c): [number, number, number, number] => [heroId, c[0], -c[2], c[3]]);
        return [...direct, ...mirrored].map((c) => ({
          heroId,
          otherId: c[1],
          kind,
          estimate: est(c[2], c[3]),
        }));
      }
      return model.synergies
        .filter((s) => s[0] === heroId || s[1] === heroId)
        .map((s) => ({ heroId, otherId: s[0] === heroId ? s[1] : s[0], kind, estimate: est(s[2], s[3]) }));
    },
    suggest(state: TDotaDraftState, personal?: readonly DotaPersonalAdvantage[]): TDotaSuggestion[] {
      const taken = new Set([...state.allies, ...state.enemies, ...state.bans]);
      const out: TDotaSuggestion[] = [];
      for (const id of Object.keys(model.strengths).map(Number)) {
        if (taken.has(id)) continue;
        const terms: { kind: TDotaReason['kind']; heroId: number | null; value: number; games: number }[] =
          [];
        const s = strength(id)!;
        terms.push({ kind: 'strength', heroId: null, value: s.value, games: s.games });
        for (const e of state.enemies) {
          const c = counter(id, e);
          if (c) terms.push({ kind: 'counter', heroId: e, value: c[2], games: c[3] });
        }
        for (const a of state.allies) {
          const y = synergy(id, a);
          if (y) terms.push({ kind: 'synergy', heroId: a, value: y[2], games: y[3] });
        }
        const mine = personal?.find((p) => p.heroId === id);
        if (mine) terms.push({ kind: 'personal', heroId: null, value: mine.score, games: mine.games });
        const logit = terms.reduce((a, t) => a + t.value, 0);
        const p = sigmoid(logit);
        const reasons = terms.map((t) => ({
          kind: t.kind,
          heroId: t.heroId,
          delta: logit === 0 ? 0 : ((p - 0.5) * t.value) / logit,
          games: t.games,
        }));
        out.push({ heroId: id, winProbability: p, reasons });
      }
      return out.sort((a, b) => b.winProbability - a.winProbability);
    },
    winProbability(radiant, dire) {
      const sum = (ids: readonly number[]) => ids.reduce((a, id) => a + (strength(id)?.value ?? 0), 0);
      return sigmoid(0.08 + sum(radiant) - sum(dire));
    },
  };
}

export const sampleMatches: DotaMatch[] = [
  {
    matchId: 8_012_345_678,
    startTime: 1_764_500_000,
    duration: 2410,
    patch: 60,
    avgRankTier: 54,
    lobbyType: 7,
    gameMode: 22,
    radiantWin: true,
    radiant: [AXE, LION, JUGGERNAUT, CRYSTAL_MAIDEN, PUDGE],
    dire: [ANTI_MAGE, SNIPER, 3, 4, 6],
  },
  {
    matchId: 8_012_345_001,
    startTime: 1_764_400_000,
    duration: 1980,
    patch: 60,
    avgRankTier: null,
    lobbyType: 0,
    gameMode: 22,
    radiantWin: false,
    radiant: [ANTI_MAGE, 7, 9, 10, 11],
    dire: [AXE, 12, 13, 15, 16],
  },
];

export interface FakeServices extends DotaServices {
  calls: { method: string; communityId?: string; args: unknown }[];
}

/** A double whose model exists for the communities given (every community when none is). */
export function fakeDotaServices(
  opts: {
    communities?: string[];
    personal?: Record<number, DotaPersonalAdvantage[]>;
    model?: HandModel;
  } = {},
): FakeServices {
  const calls: FakeServices['calls'] = [];
  const has = (cid: string) => !opts.communities || opts.communities.includes(cid);
  return {
    calls,
    heroes: async () => DOTA_HEROES.map((h) => ({ ...h, roles: [...h.roles] })),
    async models(communityId, key) {
      calls.push({ method: 'models', communityId, args: key });
      if (!has(communityId)) return null;
      return makeModelSet(opts.model ?? handModel, { patch: key?.patch ?? 60, bracket: key?.bracket ?? 0 });
    },
    async personal(communityId, accountId, key) {
      calls.push({ method: 'personal', communityId, args: { accountId, key } });
      return opts.personal?.[accountId] ?? [];
    },
    async matches(communityId, query) {
      calls.push({ method: 'matches', communityId, args: query });
      return sampleMatches
        .filter((m) => query.beforeMatchId === undefined || m.matchId < query.beforeMatchId)
        .filter((m) => query.heroId === undefined || [...m.radiant, ...m.dire].includes(query.heroId))
        .slice(0, query.limit);
    },
  };
}
