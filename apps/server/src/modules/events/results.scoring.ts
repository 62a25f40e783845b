import type { TPointsSystem } from '@guildhall/contracts';
import type { ResultStatus } from './results.tables';

/** One driver's line as entered (penalty in ms). */
export interface ResultLine {
  discordUserId: string;
  displayName: string;
  status: ResultStatus;
  position: number | null;
  laps: number | null;
  totalTimeMs: number | null;
  bestLapMs: number | null;
  fastestLap: boolean;
  penaltyMs: number;
  penaltyPoints: number;
}

export interface ScoredLine extends ResultLine {
  classifiedPosition: number | null;
  points: number;
}

/** A problem with a sheet, tied to its line (index in the sheet) when it has one. */
export interface SheetProblem {
  index?: number;
  message: string;
}

/**
 * What a sheet must satisfy before it is scored: one line per driver, finishers with unique
 * positions 1..n, DSQ/DNS without one, one fastest lap at most (and truly the fastest when
 * best laps are given), and penalties the championship's mode can apply.
 */
export function checkSheet(lines: readonly ResultLine[], system: TPointsSystem | undefined): SheetProblem[] {
  const problems: SheetProblem[] = [];
  const seenDriver = new Set<string>();
  const seenPosition = new Map<number, string>();
  lines.forEach((l, index) => {
    if (seenDriver.has(l.discordUserId))
      problems.push({ index, message: `driver ${l.discordUserId} appears twice` });
    else seenDriver.add(l.discordUserId);
    if (l.status === 'finished' && l.position === null)
      problems.push({ index, message: 'a finisher needs a position' });
    if ((l.status === 'dsq' || l.status === 'dns') && l.position !== null)
      problems.push({ index, message: `${l.status.toUpperCase()} takes no position` });
    if (l.position !== null) {
      const other = seenPosition.get(l.position);
      if (other !== undefined)
        problems.push({ index, message: `position ${l.position} is already taken by ${other}` });
      else seenPosition.set(l.position, l.displayName);
    }
    if (l.fastestLap && l.status !== 'finished' && l.status !== 'dnf')
      problems.push({ index, message: `a ${l.status.toUpperCase()} driver cannot have the fastest lap` });
    if (system?.penaltyMode === 'points' && l.penaltyMs > 0)
      problems.push({
        index,
        message: 'this championship deducts points: give penalty points, not penalty seconds',
      });
    if (
      system?.penaltyMode === 'time' &&
      l.penaltyMs > 0 &&
      l.status === 'finished' &&
      l.totalTimeMs === null
    )
      problems.push({ index, message: 'a time penalty needs the race time to re-order the classification' });
  });
  const finishers = lines.filter((l) => l.status === 'finished' && l.position !== null);
  const positions = finishers.map((l) => l.position!).sort((a, b) => a - b);
  const gap = positions.findIndex((p, i) => p !== i + 1);
  if (gap >= 0 && problems.length === 0)
    problems.push({
      message: `finishers' positions must run 1 to ${positions.length} without gaps: ${gap + 1} is missing`,
    });
  const flagged = lines.flatMap((l, index) => (l.fastestLap ? [index] : []));
  if (flagged.length > 1)
    problems.push({
      index: flagged[1],
      message: `only one fastest lap: ${lines[flagged[0]!]!.displayName} has it already`,
    });
  if (flagged.length === 1) {
    const holder = lines[flagged[0]!]!;
    const faster = lines.find(
      (l) =>
        (l.status === 'finished' || l.status === 'dnf') &&
        l.bestLapMs !== null &&
        holder.bestLapMs !== null &&
        l.bestLapMs < holder.bestLapMs,
    );
    if (faster)
      problems.push({
        index: flagged[0],
        message: `the fastest lap is flagged here but ${faster.displayName} has a quicker best lap`,
      });
  }
  return problems;
}

/**
 * The classification: finishers by laps then race time plus time penalties when every finisher
 * has a race time (so a penalty can drop a driver behind others), else by their entered
 * positions. DNF, DSQ and DNS are not classified.
 */
export function classify(
  lines: readonly ResultLine[],
  system: TPointsSystem | undefined,
): Map<string, number> {
  const finishers = lines.filter((l) => l.status === 'finished');
  const timed = finishers.every((l) => l.totalTimeMs !== null);
  const applyTime = system?.penaltyMode !== 'points';
  const order = [...finishers].sort((a, b) => {
    if (timed) {
      const laps = (b.laps ?? 0) - (a.laps ?? 0);
      if (laps !== 0) return laps;
      const time =
        a.totalTimeMs! + (applyTime ? a.penaltyMs : 0) - (b.totalTimeMs! + (applyTime ? b.penaltyMs : 0));
      if (time !== 0) return time;
    }
    return (a.position ?? 0) - (b.position ?? 0);
  });
  return new Map(order.map((l, i) => [l.discordUserId, i + 1]));
}

/** Classifies a checked sheet and scores it; without a championship every line scores 0. */
export function scoreSheet(lines: readonly ResultLine[], system: TPointsSystem | undefined): ScoredLine[] {
  const classified = classify(lines, system);
  // No flag but best laps given: the quickest classified lap is the fastest lap.
  const flagged = lines.some((l) => l.fastestLap);
  let fastestId: string | undefined;
  if (!flagged) {
    const candidates = lines.filter(
      (l) => l.bestLapMs !== null && (l.status === 'finished' || l.status === 'dnf'),
    );
    candidates.sort((a, b) => a.bestLapMs! - b.bestLapMs!);
    if (candidates[0] && candidates[1]?.bestLapMs !== candidates[0].bestLapMs)
      fastestId = candidates[0].discordUserId;
  }
  return lines.map((l) => {
    const classifiedPosition = classified.get(l.discordUserId) ?? null;
    const fastestLap = flagged ? l.fastestLap : l.discordUserId === fastestId;
    let points = 0;
    if (system) {
      if (classifiedPosition !== null) points += system.positions[classifiedPosition - 1] ?? 0;
      // Fastest-lap points reward classified finishers only: a DNF's quick lap earns nothing.
      if (fastestLap && classifiedPosition !== null) points += system.fastestLap;
      points -= l.penaltyPoints;
    }
    return { ...l, fastestLap, classifiedPosition, points };
  });
}

export interface StandingRow {
  position: number;
  discordUserId: string;
  displayName: string;
  points: number;
  droppedPoints: number;
  wins: number;
  finishes: number[];
  rounds: number;
}

/**
 * The championship table from its scored rounds: each driver's points (their worst `dropWorst`
 * rounds left out, a missed round counting as 0), ties broken by most wins, then most 2nd
 * places, 3rd places and so on; drivers still level share a position.
 */
export function computeStandings(
  rounds: readonly (readonly ScoredLine[])[],
  system: TPointsSystem,
): StandingRow[] {
  const drivers = new Map<string, { name: string; perRound: number[]; finishes: number[]; rounds: number }>();
  rounds.forEach((round, r) => {
    for (const line of round) {
      let d = drivers.get(line.discordUserId);
      if (!d) {
        d = { name: line.displayName, perRound: new Array(rounds.length).fill(0), finishes: [], rounds: 0 };
        drivers.set(line.discordUserId, d);
      }
      d.name = line.displayName;
      d.perRound[r] = line.points;
      if (line.status !== 'dns') d.rounds += 1;
      if (line.classifiedPosition !== null) {
        const i = line.classifiedPosition - 1;
        while (d.finishes.length <= i) d.finishes.push(0);
        d.finishes[i]! += 1;
      }
    }
  });
  const drop = Math.min(system.dropWorst, Math.max(0, rounds.length - 1));
  const rows = [...drivers].map(([discordUserId, d]) => {
    const sorted = [...d.perRound].sort((a, b) => a - b);
    const droppedPoints = sorted.slice(0, drop).reduce((s, p) => s + p, 0);
    const total = d.perRound.reduce((s, p) => s + p, 0);
    return {
      position: 0,
      discordUserId,
      displayName: d.name,
      points: total - droppedPoints,
      droppedPoints,
      wins: d.finishes[0] ?? 0,
      finishes: d.finishes,
      rounds: d.rounds,
    };
  });
  const compare = (a: StandingRow, b: StandingRow) => {
    if (a.points !== b.points) return b.points - a.points;
    const n = Math.max(a.finishes.length, b.finishes.length);
    for (let i = 0; i < n; i++) {
      const diff = (b.finishes[i] ?? 0) - (a.finishes[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  };
  rows.sort((a, b) => compare(a, b) || a.displayName.localeCompare(b.displayName));
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    row.position = prev && compare(prev, row) === 0 ? prev.position : i + 1;
  });
  return rows;
}
