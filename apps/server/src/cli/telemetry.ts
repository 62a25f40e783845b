import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { type GenerateOptions, generateRaids, type RosterEntry } from '@guildhall/telemetry-gen';
import type { Config } from '../config';
import { AppError } from '../core/errors';
import { openObjectStore } from '../core/storage/open-store';
import {
  guessLogYear,
  type ImportSummary,
  importCombatLog,
  openCombatLogFile,
  readImportCheckpoint,
  requireCombatLogId,
  writeGeneratedRaids,
} from '../modules/telemetry';
import type { OperationName } from './operations';

/**
 * `guildhall telemetry import|generate`. They stream files into or out of the lake in the CLI
 * process (so progress shows on this terminal, and a multi-GB log never crosses the admin
 * channel); what needs the database (the community, its members) is an operation, run here or
 * by the server that holds the embedded database.
 */

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface TelemetryCliDeps {
  cfg: Config;
  operation(op: OperationName, args: unknown): Promise<string[]>;
  stdout: Output;
  stderr: Output;
  /** Hook for tests: called after each stored chunk of an import. */
  afterChunk?: (chunk: number) => void | Promise<void>;
}

async function resolveCommunity(deps: TelemetryCliDeps, community: string | undefined) {
  const lines = await deps.operation('telemetry.community', { community });
  return { name: lines.at(-2) ?? '', id: lines.at(-1) ?? '' };
}

const MB = 1e6;

/** Progress on stderr: rewritten in place on a terminal, a line per 10 % otherwise. */
function progressReporter(out: Output, name: string, total: number | undefined, start: number) {
  const began = performance.now();
  let lastShown = 0;
  let lastDecile = -1;
  const line = (offset: number) => {
    const seconds = Math.max((performance.now() - began) / 1000, 1e-3);
    const rate = (offset - start) / MB / seconds;
    const pct = total ? `${Math.min(100, Math.floor((offset / total) * 100))}% ` : '';
    return `importing ${name}: ${pct}${(offset / MB).toFixed(1)} MB${total ? ` of ${(total / MB).toFixed(1)} MB` : ''}, ${rate.toFixed(1)} MB/s`;
  };
  return {
    update(offset: number) {
      if (out.isTTY) {
        const t = performance.now();
        if (t - lastShown < 200) return;
        lastShown = t;
        out.write(`\r${line(offset)}\x1b[K`);
        return;
      }
      const decile = total ? Math.floor((offset / total) * 10) : Math.floor(offset / (100 * MB));
      if (decile === lastDecile) return;
      lastDecile = decile;
      out.write(`${line(offset)}\n`);
    },
    done(offset: number) {
      out.write(out.isTTY ? `\r${line(offset)}\x1b[K\n` : `${line(offset)}\n`);
    },
  };
}

export function summaryLine(s: ImportSummary): string {
  const counts = `raids ${s.counts.raids}, pulls ${s.counts.pulls}, events ${s.counts.events}`;
  const nothingNew = s.added.events + s.added.raids + s.added.pulls + s.added.combatants === 0;
  if (s.resumedAt > 0 && nothingNew) return `${counts} (already imported: nothing new)`;
  if (s.resumedAt > 0) return `${counts} (resumed at byte ${s.resumedAt}: ${s.added.events} new events)`;
  return counts;
}

export async function importCommand(
  file: string,
  opts: { community?: string; utcOffset?: number },
  deps: TelemetryCliDeps,
): Promise<void> {
  const log = await openCombatLogFile(file);
  const fileId = requireCombatLogId(log.head, log.name);
  const community = await resolveCommunity(deps, opts.community);
  const store = openObjectStore(deps.cfg);
  try {
    const previous = await readImportCheckpoint(store, community.id, fileId);
    // Reread the bytes just before the checkpoint: the import checks they are the ones it saw.
    const { source, sourceOffset } = log.open(previous ? previous.tailFrom : 0);
    const resumeAt = previous?.parser.offset ?? 0;
    const progress = progressReporter(deps.stderr, log.name, log.totalBytes, resumeAt);
    const summary = await importCombatLog(store, {
      communityId: community.id,
      head: log.head,
      name: log.name,
      year: guessLogYear(log.name, log.head, log.modifiedAt),
      utcOffsetMinutes: opts.utcOffset ?? -log.modifiedAt.getTimezoneOffset(),
      source,
      sourceOffset,
      ...(log.totalBytes === undefined ? {} : { totalBytes: log.totalBytes }),
      now: () => new Date(),
      onProgress: (p) => progress.update(p.offset),
      ...(deps.afterChunk ? { afterChunk: deps.afterChunk } : {}),
    });
    progress.done(summary.offset);
    deps.stdout.write(`${summaryLine(summary)}\n`);
  } finally {
    await store.close();
  }
}

export interface GenerateCommandOptions {
  raids: number;
  eventsPerRaid: number;
  seed: string;
  roster: 'community' | 'pug';
  community?: string;
  out?: string;
  start: string;
  players: number;
  boss: string;
  firstRaid: number;
}

export async function generateCommand(o: GenerateCommandOptions, deps: TelemetryCliDeps): Promise<void> {
  const start = Date.parse(o.start);
  if (Number.isNaN(start) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(o.start)) {
    throw new AppError(
      'BAD_REQUEST',
      '--start must be an ISO date-time with a zone, e.g. 2026-01-01T20:00:00Z',
    );
  }
  const needsCommunity = o.roster === 'community' || (o.out === undefined && o.community !== undefined);
  const community = needsCommunity ? await resolveCommunity(deps, o.community) : undefined;
  let roster: RosterEntry[] | undefined;
  if (o.roster === 'community' && community) {
    const lines = await deps.operation('telemetry.roster', { community: community.id, players: o.players });
    roster = JSON.parse(lines.at(-1) ?? '[]') as RosterEntry[];
  }
  const options: GenerateOptions = {
    seed: o.seed,
    raids: o.raids,
    eventsPerRaid: o.eventsPerRaid,
    start,
    players: o.players,
    boss: o.boss,
    firstRaid: o.firstRaid,
    ...(roster ? { roster } : {}),
  };
  if (o.out === undefined && community) {
    // Into bronze: the injected clock is the end of the last raid's day, never the wall clock.
    const clock = start + o.raids * 86_400_000;
    const prefix = `gen-${createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 16)}`;
    const store = openObjectStore(deps.cfg);
    try {
      const r = await writeGeneratedRaids(store, community.id, options, clock, prefix);
      deps.stdout.write(`raids ${r.raids}, events ${r.events} (bronze of ${community.name})\n`);
    } finally {
      await store.close();
    }
    return;
  }
  const toStdout = o.out === undefined || o.out === '-';
  const fd = toStdout ? undefined : fs.openSync(o.out as string, 'w');
  let events = 0;
  const outcomes: string[] = [];
  try {
    for (const raid of generateRaids(options)) {
      let text = '';
      for (const e of raid.events) text += `${JSON.stringify(e)}\n`;
      if (fd === undefined) deps.stdout.write(text);
      else fs.writeSync(fd, text);
      events += raid.events.length;
      outcomes.push(`${raid.raidId} ${raid.outcome}`);
    }
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const summary = `raids ${o.raids}, events ${events} (${outcomes.join(', ')})\n`;
  (toStdout ? deps.stderr : deps.stdout).write(summary);
}
