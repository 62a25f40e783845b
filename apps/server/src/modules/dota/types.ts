import type { TDotaDraftState, TDotaModelKey, TDotaSuggestion } from '@guildhall/contracts';

/**
 * The shapes the dota module's parts agree on: ingestion and import produce `DotaMatch`es and
 * store them; the model build reads them back as `MatchColumns`; GraphQL, the draft rooms and
 * the web pages ask a `DotaModelSet` for strengths, matchups and suggestions.
 */

/** One public match as the models need it (OpenDota's `/publicMatches` row, normalised). */
export interface DotaMatch {
  /** OpenDota's match id (below 2^53). */
  matchId: number;
  /** Unix seconds. */
  startTime: number;
  /** Seconds. */
  duration: number;
  /** OpenDota's patch number, from the start time. */
  patch: number;
  /** `avg_rank_tier` (tens = medal 1–8, units = stars); null when unknown. */
  avgRankTier: number | null;
  lobbyType: number;
  gameMode: number;
  radiantWin: boolean;
  /** Five hero ids each. */
  radiant: number[];
  dire: number[];
}

/** One player's side of a match, for the personal advantage score (a linked Steam account). */
export interface DotaPlayerMatch {
  /** 32-bit Steam account id (OpenDota's `account_id`). */
  accountId: number;
  matchId: number;
  heroId: number;
  isRadiant: boolean;
  radiantWin: boolean;
  /** The whole draft, when known (needed to say what the draft predicted). */
  radiant: number[] | null;
  dire: number[] | null;
  startTime: number;
  patch: number;
}

/**
 * Matches as columns, the way the model build reads them: match i's radiant heroes are
 * `heroes[10 i … 10 i + 4]`, its dire heroes `heroes[10 i + 5 … 10 i + 9]`.
 */
export interface MatchColumns {
  n: number;
  heroes: Uint8Array;
  radiantWin: Uint8Array;
  /** Medal 1–8 of the average rank, 0 when unknown. */
  bracket: Uint8Array;
  patch: Uint16Array;
  startTime: Uint32Array;
}

/** A term's estimate: log-odds, its 95 % interval and the games it rests on. */
export interface DotaEstimate {
  value: number;
  low: number;
  high: number;
  games: number;
}

export interface DotaMatchup {
  heroId: number;
  otherId: number;
  /** counter: `heroId` against `otherId`; synergy: the two on one side. */
  kind: 'counter' | 'synergy';
  estimate: DotaEstimate;
}

/** A player's own edge on a hero beyond what their drafts predicted; absent when the evidence is thin. */
export interface DotaPersonalAdvantage {
  heroId: number;
  /** Log-odds, shrunk by games. */
  score: number;
  games: number;
  wins: number;
  /** Wins the drafts predicted. */
  expectedWins: number;
}

/** One built model (per patch and rank bracket), held in memory as small dense matrices. */
export interface DotaModelSet {
  key: TDotaModelKey;
  builtAt: string;
  matches: number;
  /** The Radiant side's own edge, log-odds. */
  radiantBias: number;
  strength(heroId: number): DotaEstimate | null;
  matchups(heroId: number, kind: 'counter' | 'synergy'): DotaMatchup[];
  /** Every candidate hero, best first; the reasons add up to each win probability. */
  suggest(state: TDotaDraftState, personal?: readonly DotaPersonalAdvantage[]): TDotaSuggestion[];
  /** The predicted Radiant win probability of a full or partial draft. */
  winProbability(radiant: readonly number[], dire: readonly number[]): number;
}

/** A hero as the catalogue holds it (refreshed from OpenDota's `/heroes`). */
export interface DotaHero {
  id: number;
  name: string;
  localizedName: string;
  primaryAttr: string;
  attackType: string;
  roles: string[];
}

/**
 * What the dota module's interfaces (GraphQL, draft rooms, REST) ask of its data and models.
 * `services.ts` builds the real one from the match store and the model registry; tests of an
 * interface may pass their own.
 */
export interface DotaServices {
  /** The hero catalogue, by id. */
  heroes(): Promise<readonly DotaHero[]>;
  /**
   * The community's built model for a key (default: the newest patch it has, every rank);
   * null before its first build.
   */
  models(communityId: string, key?: Partial<TDotaModelKey>): Promise<DotaModelSet | null>;
  /** A linked Steam account's personal advantage per hero, under that model; [] when thin. */
  personal(
    communityId: string,
    accountId: number,
    key?: Partial<TDotaModelKey>,
  ): Promise<DotaPersonalAdvantage[]>;
  /** The community's stored matches, newest first. */
  matches(
    communityId: string,
    query: { accountId?: number; heroId?: number; beforeMatchId?: number; limit: number },
  ): Promise<DotaMatch[]>;
}
