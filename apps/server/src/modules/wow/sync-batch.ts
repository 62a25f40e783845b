import type { FastifyBaseLogger } from 'fastify';
import { forEachLimit } from '../../core/concurrency';
import { ProviderError } from '../../core/outbound/http-client';
import type { JobProgress } from '../../core/queue';
import type { KnownCharacter } from '../members';

/** What a sync run did; it is the job run's result. */
export interface SyncReport {
  characters: number;
  synced: number;
  notFound: number;
  failed: number;
  /** Left for the next run: the provider's rate limit ran out. */
  deferred: number;
  /** Characters that met a passing failure and were tried again at the end of the batch. */
  retried: number;
  scores: number;
  milestones: number;
  /** Characters left alone because the provider does not know their realm (a configuration problem). */
  skipped: number;
  /** Realms in no realm table, whose slugs were guessed: worth checking if characters go missing. */
  realmGuessed: string[];
  /** Realms the provider said it does not know. */
  unknownRealms: string[];
  /** The first few failures, `Name-Realm: reason`. */
  errors: string[];
}

export const emptyReport = (characters = 0): SyncReport => ({
  characters,
  synced: 0,
  notFound: 0,
  failed: 0,
  deferred: 0,
  retried: 0,
  scores: 0,
  milestones: 0,
  skipped: 0,
  realmGuessed: [],
  unknownRealms: [],
  errors: [],
});

/**
 * The cause of a run that synced nothing although it had characters to sync and every one it
 * tried failed (the provider down, answering errors): such a run is a failure, not a success
 * with zeros. Null when the run achieved something, or had nothing to do.
 */
export function everythingFailed(report: SyncReport, provider: string): string | null {
  if (report.characters === 0 || report.synced > 0 || report.notFound > 0 || report.failed === 0) return null;
  const first = report.errors[0] ? `, e.g. ${report.errors[0]}` : '';
  return `0 of ${report.characters} characters synced: ${provider} failed for all ${report.failed} tried${first}`;
}

/** Failures that may pass: worth a second pass over the characters that met them. */
const isTransient = (err: unknown) =>
  err instanceof ProviderError && (err.kind === 'server' || err.kind === 'timeout' || err.kind === 'network');

/** Failures that end the whole run: every other character would meet them too. */
const isFatal = (err: unknown) =>
  err instanceof ProviderError && (err.kind === 'unauthorized' || err.kind === 'forbidden');

/** The characters a sync looks at: those of active members still in the roster. */
export const activeCharacters = (all: KnownCharacter[]) => all.filter((c) => c.member.active && c.inRoster);

/**
 * Syncs characters one by one, a few at a time. One character's failure never fails the
 * batch: it is counted, and those that met a passing failure (5xx, timeout, dropped
 * connection: the provider restarting) get a second pass at the end. A spent rate limit
 * stops the batch (the rest is deferred to the next run); a refused credential fails the run.
 */
export async function syncEach(
  characters: KnownCharacter[],
  report: SyncReport,
  opts: {
    what: string;
    concurrency: number;
    secondPassDelayMs?: number;
    log?: FastifyBaseLogger;
    progress?: (p: JobProgress) => void;
  },
  work: (c: KnownCharacter) => Promise<'synced' | 'not_found' | 'skipped'>,
): Promise<void> {
  let stopped: ProviderError | undefined;
  const retry: KnownCharacter[] = [];
  const handle = async (c: KnownCharacter, last: boolean) => {
    if (stopped) {
      report.deferred += 1;
      return;
    }
    try {
      const outcome = await work(c);
      if (outcome === 'not_found') report.notFound += 1;
      else if (outcome === 'skipped') report.skipped += 1;
      else report.synced += 1;
    } catch (err) {
      if (err instanceof ProviderError && (err.kind === 'rate_limited' || isFatal(err))) {
        stopped ??= err;
        report.deferred += 1;
        return;
      }
      if (!last && isTransient(err)) {
        retry.push(c);
        return;
      }
      report.failed += 1;
      const message = err instanceof Error ? err.message : String(err);
      if (report.errors.length < 10) report.errors.push(`${c.name}: ${message}`);
      opts.log?.warn({ character: c.name, err: message }, `${opts.what} failed for a character`);
    }
  };
  let done = 0;
  const total = characters.length;
  opts.progress?.({ label: opts.what, done, total });
  await forEachLimit(characters, opts.concurrency, async (c) => {
    await handle(c, false);
    opts.progress?.({ label: opts.what, done: ++done, total });
  });
  if (retry.length > 0 && !stopped) {
    report.retried = retry.length;
    await new Promise((r) => setTimeout(r, opts.secondPassDelayMs ?? 1_000));
    const label = `${opts.what} (second pass)`;
    let again = 0;
    opts.progress?.({ label, done: again, total: retry.length });
    await forEachLimit(retry, opts.concurrency, async (c) => {
      await handle(c, true);
      opts.progress?.({ label, done: ++again, total: retry.length });
    });
  } else report.deferred += retry.length;
  if (stopped && isFatal(stopped)) throw stopped;
}
