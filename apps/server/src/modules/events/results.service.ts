import {
  type TChampionship,
  type TChampionshipInput,
  type TEventResults,
  type TResultEntry,
  type TStandings,
  zChampionshipInput,
  zResultEntry,
} from '@guildhall/contracts';
import type { Database, Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { parseResultsCsv } from './results.csv';
import * as repo from './results.repo';
import {
  checkSheet,
  computeStandings,
  type ResultLine,
  type ScoredLine,
  scoreSheet,
} from './results.scoring';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function championshipOrThrow(db: Executor, communityId: string, id: string, forUpdate = false) {
  const row = UUID.test(id) ? await repo.findChampionship(db, communityId, id, forUpdate) : undefined;
  if (!row) throw new AppError('NOT_FOUND', 'championship not found');
  return row;
}

async function eventOrThrow(db: Executor, communityId: string, eventId: string) {
  const row = UUID.test(eventId) ? await repo.findEvent(db, communityId, eventId) : undefined;
  if (!row) throw new AppError('NOT_FOUND', 'event not found');
  return row;
}

function present(row: repo.ChampionshipRow, eventIds: string[]): TChampionship {
  return {
    id: row.id,
    name: row.name,
    season: row.season,
    pointsSystem: row.pointsSystem,
    eventIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const lineOf = (r: repo.ResultRow): ResultLine => ({
  discordUserId: r.discordUserId,
  displayName: r.displayName,
  status: r.status,
  position: r.position,
  laps: r.laps,
  totalTimeMs: r.totalTimeMs,
  bestLapMs: r.bestLapMs,
  fastestLap: r.fastestLap,
  penaltyMs: r.penaltyMs,
  penaltyPoints: r.penaltyPoints,
});

/**
 * Rescores every round of a championship and rewrites its table. Called inside the
 * transaction of whatever changed (a sheet, the points system, an event joining), with the
 * championship row locked so two changes never interleave their recomputations.
 */
async function recompute(tx: Executor, championship: repo.ChampionshipRow): Promise<void> {
  const eventIds = (await repo.eventIdsOf(tx, [championship.id])).get(championship.id) ?? [];
  const rounds: ScoredLine[][] = [];
  for (const eventId of eventIds) {
    const rows = await repo.resultsOf(tx, eventId);
    if (rows.length === 0) continue;
    const scored = scoreSheet(rows.map(lineOf), championship.pointsSystem);
    await repo.replaceResults(
      tx,
      eventId,
      scored.map((s) => ({ eventId, ...s })),
    );
    rounds.push(scored);
  }
  const table = computeStandings(rounds, championship.pointsSystem);
  await repo.replaceStandings(
    tx,
    championship.id,
    table.map((row) => ({ championshipId: championship.id, ...row })),
  );
}

/**
 * Rewrites a championship's table from what is stored: for whoever removes one of its events
 * (the results go with the event, by cascade, and the table must follow).
 */
export async function recomputeStandings(db: Database, communityId: string, championshipId: string) {
  await db.transaction(async (tx) =>
    recompute(tx, await championshipOrThrow(tx, communityId, championshipId, true)),
  );
}

export async function listChampionships(db: Executor, communityId: string) {
  const rows = await repo.listChampionships(db, communityId);
  const ids = await repo.eventIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => present(r, ids.get(r.id) ?? [])), total: rows.length };
}

export async function createChampionship(db: Executor, communityId: string, input: TChampionshipInput) {
  const values = zChampionshipInput.parse(input);
  const row = await repo.insertChampionship(db, { communityId, ...values });
  return present(row, []);
}

/** A new name, season or points system; every round is rescored with it. */
export async function updateChampionship(
  db: Database,
  communityId: string,
  id: string,
  input: TChampionshipInput,
): Promise<TChampionship> {
  const values = zChampionshipInput.parse(input);
  return db.transaction(async (tx) => {
    await championshipOrThrow(tx, communityId, id, true);
    const row = await repo.updateChampionship(tx, id, values);
    await recompute(tx, row);
    return present(row, (await repo.eventIdsOf(tx, [id])).get(id) ?? []);
  });
}

/** Makes an event a round of the championship (moving it from another one, rescoring both). */
export async function addEventToChampionship(
  db: Database,
  communityId: string,
  championshipId: string,
  eventId: string,
): Promise<TChampionship> {
  return db.transaction(async (tx) => {
    const target = await championshipOrThrow(tx, communityId, championshipId, true);
    await eventOrThrow(tx, communityId, eventId);
    const previous = await repo.championshipOfEvent(tx, eventId);
    await repo.setEventChampionship(tx, eventId, championshipId);
    if (previous && previous !== championshipId)
      await recompute(tx, (await repo.findChampionship(tx, communityId, previous, true))!);
    await recompute(tx, target);
    return present(target, (await repo.eventIdsOf(tx, [championshipId])).get(championshipId) ?? []);
  });
}

export async function getResults(db: Executor, communityId: string, eventId: string): Promise<TEventResults> {
  await eventOrThrow(db, communityId, eventId);
  const championshipId = (await repo.championshipOfEvent(db, eventId)) ?? null;
  const rows = await repo.resultsOf(db, eventId);
  return {
    eventId,
    championshipId,
    results: rows.map((r) => ({
      discordUserId: r.discordUserId,
      displayName: r.displayName,
      status: r.status,
      position: r.position,
      laps: r.laps,
      totalTimeMs: r.totalTimeMs,
      bestLapMs: r.bestLapMs,
      fastestLap: r.fastestLap,
      penaltySeconds: r.penaltyMs / 1000,
      penaltyPoints: r.penaltyPoints,
      classifiedPosition: r.classifiedPosition,
      points: r.points,
    })),
  };
}

/** Where a problem sits, for the caller: a sheet's line index, or a CSV file's line number. */
type Locate = (index: number | undefined) => { line?: number; index?: number };

/** Replaces an event's whole result sheet (checked first: nothing is stored when a line is wrong). */
async function storeSheet(
  db: Database,
  communityId: string,
  eventId: string,
  lines: ResultLine[],
  locate: Locate,
): Promise<TEventResults> {
  await db.transaction(async (tx) => {
    await eventOrThrow(tx, communityId, eventId);
    const championshipId = await repo.championshipOfEvent(tx, eventId);
    const championship = championshipId
      ? await championshipOrThrow(tx, communityId, championshipId, true)
      : undefined;
    const problems = checkSheet(lines, championship?.pointsSystem);
    if (problems.length > 0)
      throw new AppError('VALIDATION_FAILED', 'the result sheet has errors; nothing was stored', {
        errors: problems.map((p) => ({ ...locate(p.index), message: p.message })),
      });
    const scored = scoreSheet(lines, championship?.pointsSystem);
    await repo.replaceResults(
      tx,
      eventId,
      scored.map((s) => ({ eventId, ...s })),
    );
    if (championship) await recompute(tx, championship);
  });
  return getResults(db, communityId, eventId);
}

export async function putResults(
  db: Database,
  communityId: string,
  eventId: string,
  entries: TResultEntry[],
): Promise<TEventResults> {
  const lines = entries.map((e): ResultLine => {
    const v = zResultEntry.parse(e);
    return {
      discordUserId: v.discordUserId,
      displayName: v.displayName,
      status: v.status,
      position: v.position,
      laps: v.laps,
      totalTimeMs: v.totalTimeMs,
      bestLapMs: v.bestLapMs,
      fastestLap: v.fastestLap,
      penaltyMs: Math.round(v.penaltySeconds * 1000),
      penaltyPoints: v.penaltyPoints,
    };
  });
  return storeSheet(db, communityId, eventId, lines, (index) => (index === undefined ? {} : { index }));
}

/** A CSV sheet: every line's problems are reported together, and nothing is stored unless all pass. */
export async function importResultsCsv(
  db: Database,
  communityId: string,
  eventId: string,
  csv: string,
): Promise<TEventResults> {
  await eventOrThrow(db, communityId, eventId);
  const parsed = parseResultsCsv(csv);
  if (parsed.problems.length > 0)
    throw new AppError('VALIDATION_FAILED', 'the CSV has errors; nothing was stored', {
      errors: parsed.problems,
    });
  return storeSheet(db, communityId, eventId, parsed.lines, (index) =>
    index === undefined ? {} : { line: parsed.lineNumbers[index] },
  );
}

export async function getStandings(
  db: Executor,
  communityId: string,
  championshipId: string,
): Promise<TStandings> {
  await championshipOrThrow(db, communityId, championshipId);
  const rows = await repo.standingsOf(db, championshipId);
  const eventIds = (await repo.eventIdsOf(db, [championshipId])).get(championshipId) ?? [];
  let rounds = 0;
  for (const id of eventIds) if ((await repo.resultsOf(db, id)).length > 0) rounds += 1;
  return {
    championshipId,
    rounds,
    items: rows.map((r) => ({
      position: r.position,
      discordUserId: r.discordUserId,
      displayName: r.displayName,
      points: r.points,
      droppedPoints: r.droppedPoints,
      wins: r.wins,
      finishes: r.finishes,
      rounds: r.rounds,
    })),
  };
}
