/**
 * `node --import tsx packages/telemetry-gen/src/cli.ts --raids 2 --events-per-raid 2000 --seed 42`
 * writes NDJSON events to stdout (`--format json`: one JSON array) and a summary to stderr.
 * `--roster FILE` plays a fixed roster (JSON array of { id?, name, className?, role? }).
 * The output depends only on the arguments: `--start` defaults to a fixed time, not the clock.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { type GenerateOptions, generateRaids, type RosterEntry } from './generate';

export const DEFAULT_START = '2026-01-01T20:00:00Z';

export function optionsFromArgs(argv: string[]): GenerateOptions & { format: 'ndjson' | 'json' } {
  const { values } = parseArgs({
    args: argv,
    options: {
      raids: { type: 'string', default: '1' },
      'events-per-raid': { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      players: { type: 'string', default: '20' },
      'duration-seconds': { type: 'string', default: '300' },
      boss: { type: 'string', default: 'Ragnaros' },
      start: { type: 'string', default: DEFAULT_START },
      roster: { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
    },
    strict: true,
  });
  const int = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const start = Date.parse(values.start);
  if (Number.isNaN(start)) throw new Error('--start must be an ISO date-time');
  if (values.format !== 'ndjson' && values.format !== 'json') throw new Error('--format is ndjson or json');
  const roster = values.roster
    ? (JSON.parse(fs.readFileSync(values.roster, 'utf8')) as RosterEntry[])
    : undefined;
  return {
    raids: int('raids', values.raids),
    eventsPerRaid: int('events-per-raid', values['events-per-raid']),
    seed: values.seed,
    players: int('players', values.players),
    durationSeconds: int('duration-seconds', values['duration-seconds']),
    boss: values.boss,
    start,
    ...(roster ? { roster } : {}),
    format: values.format,
  };
}

/** Writes the events; returns the summary line. */
export function run(argv: string[], write: (text: string) => void): string {
  const options = optionsFromArgs(argv);
  let events = 0;
  const outcomes: string[] = [];
  if (options.format === 'json') write('[');
  for (const raid of generateRaids(options)) {
    const lines = raid.events.map((e) => JSON.stringify(e));
    if (options.format === 'json') write(`${events > 0 && lines.length > 0 ? ',' : ''}${lines.join(',')}`);
    else if (lines.length > 0) write(`${lines.join('\n')}\n`);
    events += lines.length;
    outcomes.push(`${raid.raidId}:${raid.outcome}`);
  }
  if (options.format === 'json') write(']\n');
  return `raids ${options.raids}, events ${events} (${outcomes.join(' ')})`;
}

if (process.argv[1] && import.meta.filename === fs.realpathSync(process.argv[1])) {
  try {
    const summary = run(process.argv.slice(2), (text) => process.stdout.write(text));
    process.stderr.write(`${summary}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
}
