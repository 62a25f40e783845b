import { describe, expect, it } from 'vitest';
import { parseResultsCsv } from '../src/modules/events/results.csv';
import {
  checkSheet,
  computeStandings,
  type ResultLine,
  scoreSheet,
} from '../src/modules/events/results.scoring';

const ID = (n: number) => `2000000000000000${String(n).padStart(2, '0')}`;

describe('result sheets from CSV', () => {
  it('reads quoted fields, a BOM, CRLF, hour-long race times and Spanish statuses', () => {
    const csv = [
      '\uFEFFdiscord_user_id;display_name;position;total_time;best_lap;status;penalty_points',
      `${ID(1)};"Ana ""La Bala"" Ruiz";1;1:02:03,5;1:30,250;;0`,
      `${ID(2)};Ben;;;;abandono;2`,
      `${ID(3)};Cai;;;;DSQ;`,
    ].join('\r\n');
    const { lines, problems, lineNumbers } = parseResultsCsv(csv);
    expect(problems).toEqual([]);
    expect(lineNumbers).toEqual([2, 3, 4]);
    expect(
      lines.map((l) => [l.displayName, l.status, l.position, l.totalTimeMs, l.bestLapMs, l.penaltyPoints]),
    ).toEqual([
      ['Ana "La Bala" Ruiz', 'finished', 1, 3_723_500, 90_250, 0],
      ['Ben', 'dnf', null, null, null, 2],
      ['Cai', 'dsq', null, null, null, 0],
    ]);
  });

  it('names every bad line, and a missing required column on the header', () => {
    expect(parseResultsCsv('').problems).toEqual([
      { line: 1, message: 'the file is empty: a header row comes first' },
    ]);
    expect(parseResultsCsv('display_name,position\nAna,1').problems).toEqual([
      { line: 1, message: 'the header needs a discord_user_id column' },
    ]);
    expect(parseResultsCsv('discord_user_id,display_name\n').problems).toEqual([
      { line: 2, message: 'no results below the header' },
    ]);
    const bad = parseResultsCsv(
      [
        'discord_user_id,display_name,status,position,fastest_lap,penalty_seconds,best_lap',
        `${ID(1)},Ana,finished,DNF,no,0,1:30.000`,
        `${ID(2)},Ben,retired,2,maybe,-3,90s`,
      ].join('\n'),
    );
    expect(bad.problems).toEqual([
      { line: 2, message: 'position says DNF but status says finished' },
      { line: 3, message: 'status "retired" is not one of finished, DNF, DSQ, DNS' },
      { line: 3, message: 'fastest_lap "maybe" is not yes/no' },
      { line: 3, message: 'penalty_seconds "-3" is not a number of seconds' },
      { line: 3, message: 'best_lap "90s" is not a time (1:32.456, or milliseconds)' },
    ]);
  });
});

const finisher = (n: number, extra: Partial<ResultLine> = {}): ResultLine => ({
  discordUserId: ID(n),
  displayName: `D${n}`,
  status: 'finished',
  position: n,
  laps: null,
  totalTimeMs: null,
  bestLapMs: null,
  fastestLap: false,
  penaltyMs: 0,
  penaltyPoints: 0,
  ...extra,
});

describe('scoring', () => {
  const system = { positions: [25, 18, 15], fastestLap: 1, penaltyMode: 'time' as const, dropWorst: 0 };

  it('gives the fastest-lap point only to a classified finisher, and refuses a flag on a slower lap', () => {
    const sheet = [
      finisher(1, { bestLapMs: 90_000 }),
      finisher(2, { bestLapMs: 91_000 }),
      { ...finisher(3), status: 'dnf' as const, position: null, bestLapMs: 89_000 },
    ];
    // The DNF's lap is quickest: it is the fastest lap, but earns nothing.
    expect(scoreSheet(sheet, system).map((l) => [l.fastestLap, l.points])).toEqual([
      [false, 25],
      [false, 18],
      [true, 0],
    ]);
    expect(
      checkSheet(
        [finisher(1, { bestLapMs: 91_000, fastestLap: true }), finisher(2, { bestLapMs: 90_000 })],
        system,
      ),
    ).toEqual([{ index: 0, message: 'the fastest lap is flagged here but D2 has a quicker best lap' }]);
  });

  it('puts a lapped driver behind however fast their time, and never drops the only round', () => {
    const sheet = [
      finisher(1, { laps: 20, totalTimeMs: 1_800_000 }),
      finisher(2, { laps: 19, totalTimeMs: 1_700_000 }),
      finisher(3, { laps: 20, totalTimeMs: 1_790_000, penaltyMs: 20_000 }),
    ];
    const scored = scoreSheet(sheet, system);
    expect(scored.map((l) => l.classifiedPosition)).toEqual([1, 3, 2]);
    const table = computeStandings([scored], { ...system, dropWorst: 3 });
    expect(table.map((r) => [r.displayName, r.points, r.droppedPoints])).toEqual([
      ['D1', 25, 0],
      ['D3', 18, 0],
      ['D2', 15, 0],
    ]);
  });
});
