import type { AppContext } from '../../core/context';
import { type OpenDotaClient, OpenDotaError, type PublicMatchRow } from './clients/opendota';
import {
  type IngestState,
  insertPlayerMatches,
  matchesWithoutDraft,
  memberSteamIds,
  readIngestState,
  readPlayerCursor,
  setDraft,
  writeIngestState,
  writePlayerCursor,
} from './dota.repo';
import { fileMatchLock, postgresMatchLock } from './matches.lock';
import { appendMatches, type MatchStoreDeps, queryMatches } from './matches.store';
import { accountIdOf, patchOf } from './patches';
import { parsePublicMatch } from './public-match';
import type { DotaMatch } from './types';

/**
 * One ingestion run for a community, within a number of OpenDota calls:
 *
 * 1. new public matches: `/publicMatches` from the top, backwards, until it meets the newest
 *    match fetched before (a run that runs out of calls first keeps its segment as pending and
 *    the next run goes on from there: no gap, no page fetched twice);
 * 2. the community's linked Steam accounts: their matches since the last fetch, then the
 *    drafts of those the store does not have (`/matches/{id}`), a share of the calls;
 * 3. older public matches, backwards from the oldest fetched (through the SQL explorer, a few
 *    thousand rows a call, when allowed), until OpenDota has no older ones.
 *
 * Rows are stored before the cursors move, so a crash never skips a match.
 */

export interface IngestOptions {
  calls: number;
  minRank?: number;
  maxRank?: number;
  explorer?: boolean;
  /** Rows per explorer page. */
  explorerPage?: number;
  now?: () => number;
  onProgress?: (p: { calls: number; budget: number; added: number }) => void;
}

export interface IngestReport {
  calls: number;
  publicPages: number;
  explorerPages: number;
  matches: { fetched: number; added: number; duplicates: number; rejected: number };
  rejectReasons: Record<string, number>;
  players: { accounts: number; newMatches: number; drafts: number; draftsMissing: number };
  newest: number | null;
  oldest: number | null;
  pending: boolean;
  backfillDone: boolean;
  /** Why the run ended: its calls were spent, there was nothing more, or OpenDota's limits. */
  stoppedBy: 'budget' | 'done' | 'daily_limit' | 'minute_limit';
  resumeAt: string | null;
  log: string[];
}

/** Flush stored rows every this many matches (one Parquet file each). */
const FLUSH_ROWS = 5_000;
const MAX_LOG = 60;
const FIRST_PLAYER_FETCH = 100;

/** The match store of the app, behind the lock every writer of it takes (`matches.lock.ts`). */
export function matchStoreDeps(ctx: AppContext): MatchStoreDeps {
  return {
    store: ctx.store,
    lock: ctx.dbKind === 'postgres' ? postgresMatchLock(ctx.db) : fileMatchLock(ctx.config.dataDir),
  };
}

const filterKey = (o: IngestOptions) => `${o.minRank ?? ''}-${o.maxRank ?? ''}`;

const freshState = (communityId: string, filter: string): Omit<IngestState, 'updatedAt'> => ({
  communityId,
  filter,
  newestMatchId: null,
  oldestMatchId: null,
  pendingTop: null,
  pendingCursor: null,
  backfillDone: false,
  explorerRefused: false,
});

class OutOfCalls extends Error {}

export async function ingestCommunity(
  ctx: AppContext,
  communityId: string,
  client: OpenDotaClient,
  opts: IngestOptions,
): Promise<IngestReport> {
  const now = opts.now ?? Date.now;
  const filter = filterKey(opts);
  const report: IngestReport = {
    calls: 0,
    publicPages: 0,
    explorerPages: 0,
    matches: { fetched: 0, added: 0, duplicates: 0, rejected: 0 },
    rejectReasons: {},
    players: { accounts: 0, newMatches: 0, drafts: 0, draftsMissing: 0 },
    newest: null,
    oldest: null,
    pending: false,
    backfillDone: false,
    stoppedBy: 'done',
    resumeAt: null,
    log: [],
  };
  const say = (line: string) => {
    if (report.log.length < MAX_LOG) report.log.push(line);
    ctx.log.info({ communityId }, `dota-ingest: ${line}`);
  };
  const stored = await readIngestState(ctx.db, communityId);
  let state: Omit<IngestState, 'updatedAt'> = stored ?? freshState(communityId, filter);
  if (stored && stored.filter !== filter) {
    say(`rank filter changed (${stored.filter} → ${filter}): paging starts again from the newest match`);
    state = freshState(communityId, filter);
  }
  // What the buffered rows will make true once stored.
  let staged = { ...state };
  let buffer: DotaMatch[] = [];
  const deps = matchStoreDeps(ctx);

  const flush = async () => {
    if (buffer.length > 0) {
      const r = await appendMatches(deps, communityId, buffer);
      report.matches.added += r.added;
      report.matches.duplicates += r.duplicates;
      buffer = [];
    }
    state = { ...staged };
    await writeIngestState(ctx.db, state);
    opts.onProgress?.({ calls: report.calls, budget: opts.calls, added: report.matches.added });
  };

  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (report.calls >= opts.calls) throw new OutOfCalls();
    report.calls += 1;
    return fn();
  };

  const take = async (rows: readonly Record<string, unknown>[]) => {
    for (const row of rows) {
      report.matches.fetched += 1;
      const parsed = parsePublicMatch(row);
      if (parsed.ok) buffer.push(parsed.match);
      else {
        report.matches.rejected += 1;
        report.rejectReasons[parsed.reason] = (report.rejectReasons[parsed.reason] ?? 0) + 1;
      }
    }
    if (buffer.length >= FLUSH_ROWS) await flush();
  };

  const pageArgs = { minRank: opts.minRank, maxRank: opts.maxRank };
  const minId = (rows: readonly PublicMatchRow[]) => rows.reduce((m, r) => Math.min(m, r.match_id), Infinity);

  try {
    // 1. From the top down to what we have.
    let cursor = staged.pendingCursor ?? undefined;
    let top = staged.pendingTop ?? undefined;
    for (;;) {
      const page = await call(() => client.publicMatches({ ...pageArgs, lessThanMatchId: cursor }));
      report.publicPages += 1;
      if (page.length === 0) {
        // Nothing (more) below: what was fetched joins the rest.
        if (top !== undefined)
          staged = {
            ...staged,
            newestMatchId: Math.max(top, staged.newestMatchId ?? 0),
            pendingTop: null,
            pendingCursor: null,
          };
        if (top !== undefined && staged.oldestMatchId === null) staged.oldestMatchId = cursor ?? null;
        break;
      }
      top ??= page.reduce((m, r) => Math.max(m, r.match_id), 0);
      const newest = staged.newestMatchId;
      await take(newest === null ? page : page.filter((r) => r.match_id > newest));
      cursor = minId(page);
      if (newest === null) {
        // The first page ever: the covered range starts here; older pages are the backfill's.
        staged = {
          ...staged,
          newestMatchId: top,
          oldestMatchId: cursor,
          pendingTop: null,
          pendingCursor: null,
        };
        break;
      }
      if (cursor <= newest) {
        staged = { ...staged, newestMatchId: top, pendingTop: null, pendingCursor: null };
        break;
      }
      staged = { ...staged, pendingTop: top, pendingCursor: cursor };
    }
    await flush();
    say(`new matches: ${report.matches.added} stored, newest ${state.newestMatchId ?? 'none'}`);

    // 2. Linked players, with up to half of what is left.
    const playerCalls = Math.floor((opts.calls - report.calls) / 2);
    if (playerCalls > 0) await ingestPlayers(ctx, communityId, client, playerCalls, now, report, say, call);

    // 3. Older public matches.
    while (!staged.backfillDone && staged.oldestMatchId !== null) {
      const oldest = staged.oldestMatchId;
      let rows: PublicMatchRow[] | Record<string, unknown>[] | undefined;
      if (opts.explorer && !staged.explorerRefused) {
        try {
          rows = await call(() => client.explorer(explorerSql(oldest, opts)));
          report.explorerPages += 1;
        } catch (err) {
          if (!(err instanceof OpenDotaError) || (err.code !== 'SQL_ERROR' && err.code !== 'BAD_REQUEST'))
            throw err;
          staged = { ...staged, explorerRefused: true };
          say(`the explorer refused the query (${err.message}): paging /publicMatches instead`);
        }
      }
      if (rows === undefined) {
        rows = await call(() => client.publicMatches({ ...pageArgs, lessThanMatchId: oldest }));
        report.publicPages += 1;
      }
      if (rows.length === 0) {
        staged = { ...staged, backfillDone: true };
        say(`no older public matches below ${oldest}: the backfill is done`);
        break;
      }
      await take(rows);
      const lowest = rows.reduce((m, r) => Math.min(m, Number(r.match_id)), oldest);
      staged = { ...staged, oldestMatchId: lowest };
    }
    report.stoppedBy = 'done';
  } catch (err) {
    if (err instanceof OutOfCalls) report.stoppedBy = 'budget';
    else if (err instanceof OpenDotaError && (err.code === 'DAILY_LIMIT' || err.code === 'MINUTE_LIMIT')) {
      report.stoppedBy = err.code === 'DAILY_LIMIT' ? 'daily_limit' : 'minute_limit';
      report.resumeAt = err.resumeAt ? new Date(err.resumeAt).toISOString() : null;
      say(`${err.message}; calls resume ${report.resumeAt ?? 'later'}`);
    } else {
      await flush();
      throw err;
    }
  }
  await flush();
  report.newest = state.newestMatchId;
  report.oldest = state.oldestMatchId;
  report.pending = state.pendingCursor !== null;
  report.backfillDone = state.backfillDone;
  say(
    `${report.calls} calls: ${report.matches.added} matches stored (${report.matches.duplicates} already there, ${report.matches.rejected} refused), ` +
      `${report.players.newMatches} player matches, ${report.players.drafts} drafts; stopped: ${report.stoppedBy}`,
  );
  return report;
}

function explorerSql(below: number, o: IngestOptions): string {
  const where = [`match_id < ${Math.trunc(below)}`];
  if (o.minRank !== undefined) where.push(`avg_rank_tier >= ${Math.trunc(o.minRank)}`);
  if (o.maxRank !== undefined) where.push(`avg_rank_tier <= ${Math.trunc(o.maxRank)}`);
  return `SELECT match_id, radiant_win, start_time, duration, lobby_type, game_mode, avg_rank_tier, num_rank_tier, radiant_team, dire_team FROM public_matches WHERE ${where.join(' AND ')} ORDER BY match_id DESC LIMIT ${o.explorerPage ?? 5000}`;
}

async function ingestPlayers(
  ctx: AppContext,
  communityId: string,
  client: OpenDotaClient,
  budget: number,
  now: () => number,
  report: IngestReport,
  say: (line: string) => void,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
) {
  const accounts = [
    ...new Set(
      (await memberSteamIds(ctx.db, communityId)).map(accountIdOf).filter((a): a is number => a !== null),
    ),
  ];
  report.players.accounts = accounts.length;
  if (accounts.length === 0) return;
  const spentAtStart = report.calls;
  const left = () => budget - (report.calls - spentAtStart);
  // Least recently fetched first, so a small budget still reaches everyone over runs.
  const cursors = await Promise.all(
    accounts.map(async (a) => ({ a, c: await readPlayerCursor(ctx.db, communityId, a) })),
  );
  cursors.sort((x, y) => (x.c?.fetchedAt.getTime() ?? 0) - (y.c?.fetchedAt.getTime() ?? 0));
  for (const { a, c } of cursors) {
    if (left() <= 0) break;
    const days = c ? Math.ceil((now() - c.fetchedAt.getTime()) / 86_400_000) + 1 : undefined;
    const rows = await call(() =>
      client.playerMatches(a, days === undefined ? { limit: FIRST_PLAYER_FETCH } : { date: days }),
    );
    const valid = rows.flatMap((r) =>
      typeof r.hero_id === 'number' &&
      r.hero_id > 0 &&
      typeof r.player_slot === 'number' &&
      typeof r.radiant_win === 'boolean'
        ? [
            {
              accountId: a,
              matchId: r.match_id,
              heroId: r.hero_id,
              isRadiant: r.player_slot < 128,
              radiantWin: r.radiant_win,
              startTime: r.start_time,
              duration: r.duration ?? 0,
              patch: patchOf(r.start_time),
            },
          ]
        : [],
    );
    report.players.newMatches += await insertPlayerMatches(ctx.db, communityId, valid);
    await writePlayerCursor(ctx.db, {
      communityId,
      accountId: a,
      fetchedAt: new Date(now()),
      newestMatchId: valid.reduce<number | null>(
        (m, r) => Math.max(m ?? 0, r.matchId),
        c?.newestMatchId ?? null,
      ),
    });
  }
  // Drafts: from the community's own public matches first, then `/matches/{id}`.
  const missing = await matchesWithoutDraft(ctx.db, communityId, 500);
  const known = new Map(
    (await queryMatches(ctx, communityId, { matchIds: missing, limit: missing.length })).map((m) => [
      m.matchId,
      m,
    ]),
  );
  for (const id of missing) {
    const m = known.get(id);
    if (m) {
      await setDraft(ctx.db, communityId, id, { radiant: m.radiant, dire: m.dire });
      report.players.drafts += 1;
      continue;
    }
    if (left() <= 0) continue;
    try {
      const match = await call(() => client.match(id));
      const radiant = match.players.filter((p) => p.player_slot < 128).map((p) => p.hero_id);
      const dire = match.players.filter((p) => p.player_slot >= 128).map((p) => p.hero_id);
      const complete = radiant.length === 5 && dire.length === 5 && [...radiant, ...dire].every((h) => h > 0);
      await setDraft(ctx.db, communityId, id, complete ? { radiant, dire } : null);
      if (complete) report.players.drafts += 1;
      else report.players.draftsMissing += 1;
    } catch (err) {
      if (!(err instanceof OpenDotaError) || err.code !== 'NOT_FOUND') throw err;
      await setDraft(ctx.db, communityId, id, null);
      report.players.draftsMissing += 1;
    }
  }
  say(
    `linked players: ${accounts.length} accounts, ${report.players.newMatches} new matches, ${report.players.drafts} drafts`,
  );
}
