import type { AppContext } from '../../core/context';
import { selectAccountMatches, selectPlayerMatches } from './dota.repo';
import { queryMatches } from './matches.store';
import type { DotaMatch, DotaPlayerMatch } from './types';

export { loadMatchColumns } from './matches.store';

const MAX_LIMIT = 500;

/**
 * The community's stored matches, newest first (`DotaServices.matches`). With an account: the
 * matches of that linked Steam account, whole when the public store has them, else as its own
 * record knows them (the draft when fetched, no rank).
 */
export async function listMatches(
  ctx: AppContext,
  communityId: string,
  q: { accountId?: number; heroId?: number; beforeMatchId?: number; limit: number },
): Promise<DotaMatch[]> {
  const limit = Math.max(0, Math.min(MAX_LIMIT, Math.trunc(q.limit)));
  if (limit === 0) return [];
  if (q.accountId === undefined)
    return queryMatches(ctx, communityId, { heroId: q.heroId, beforeMatchId: q.beforeMatchId, limit });
  const rows = await selectAccountMatches(ctx.db, communityId, { ...q, accountId: q.accountId, limit });
  const whole = new Map(
    (await queryMatches(ctx, communityId, { matchIds: rows.map((r) => r.matchId), limit })).map((m) => [
      m.matchId,
      m,
    ]),
  );
  return rows.map(
    (r) =>
      whole.get(r.matchId) ?? {
        matchId: r.matchId,
        startTime: r.startTime,
        duration: r.duration,
        patch: r.patch,
        avgRankTier: null,
        lobbyType: 0,
        gameMode: 0,
        radiantWin: r.radiantWin,
        radiant: r.radiant ?? [],
        dire: r.dire ?? [],
      },
  );
}

/** Linked Steam accounts' matches (with the draft when known), newest first: the personal advantage score's input. */
export async function listPlayerMatches(
  ctx: AppContext,
  communityId: string,
  q: { accountId?: number; limit: number },
): Promise<DotaPlayerMatch[]> {
  return selectPlayerMatches(ctx.db, communityId, {
    ...q,
    limit: Math.max(0, Math.min(100_000, Math.trunc(q.limit))),
  });
}
