import { DOTA_HEROES } from '@guildhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiError, parseApiJson } from '../../api/client';

/** The dota pages read the GraphQL API (`/graphql`) with the session cookie, like every other page. */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let json: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] } = {};
  try {
    json = parseApiJson(await res.text()) as typeof json;
  } catch {
    throw new ApiError(res.status, 'HTTP_ERROR', `${res.status} ${res.statusText}`);
  }
  const first = json.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'GRAPHQL_ERROR';
    const status = res.status >= 400 ? res.status : code === 'FORBIDDEN' ? 403 : 400;
    throw new ApiError(status, code, first.message);
  }
  if (!json.data) throw new ApiError(res.status, 'HTTP_ERROR', `${res.status} ${res.statusText}`);
  return json.data;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
  games: number;
}
export interface ModelInfo {
  patch: number;
  bracket: number;
  builtAt: string;
  matches: number;
}
export interface Matchup {
  otherId: number;
  kind: 'COUNTER' | 'SYNERGY';
  estimate: Estimate;
}
export interface Personal {
  heroId: number;
  score: number;
  games: number;
  wins: number;
  expectedWins: number;
}

/** Log-odds around an even game, as a change of win probability (0.021 = +2.1 %). */
export const asDelta = (logOdds: number) => 1 / (1 + Math.exp(-logOdds)) - 0.5;

export const heroNames = new Map(DOTA_HEROES.map((h) => [h.id, h.localizedName]));
export const heroName = (id: number) => heroNames.get(id) ?? `#${id}`;
export const heroesByName = [...DOTA_HEROES].sort((a, b) => a.localizedName.localeCompare(b.localizedName));

const STRENGTHS = `query Strengths($cid: ID!) {
  model(communityId: $cid) { patch bracket builtAt matches }
  strengths(communityId: $cid) { heroId estimate { value low high games } }
}`;

export const useStrengths = (cid: string) =>
  useQuery({
    queryKey: ['dota-strengths', cid],
    queryFn: () =>
      graphql<{ model: ModelInfo | null; strengths: { heroId: number; estimate: Estimate }[] }>(STRENGTHS, {
        cid,
      }),
  });

const MATCHUPS = `query Matchups($cid: ID!, $hero: Int!) {
  matchups(communityId: $cid, heroId: $hero, limit: 150) { otherId kind estimate { value low high games } }
}`;

export const useMatchups = (cid: string, hero: number | undefined) =>
  useQuery({
    queryKey: ['dota-matchups', cid, hero],
    queryFn: () => graphql<{ matchups: Matchup[] }>(MATCHUPS, { cid, hero }),
    enabled: hero !== undefined,
  });

const MY_HEROES = `query MyHeroes($cid: ID!) {
  model(communityId: $cid) { patch bracket builtAt matches }
  me { steamId accountId personal(communityId: $cid) { heroId score games wins expectedWins } }
}`;

export const useMyHeroes = (cid: string) =>
  useQuery({
    queryKey: ['dota-my-heroes', cid],
    queryFn: () =>
      graphql<{
        model: ModelInfo | null;
        me: { steamId: string | null; accountId: number | null; personal: Personal[] } | null;
      }>(MY_HEROES, { cid }),
  });
