import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Report } from './events';
import { displayNameFor, sourceLabelFor } from './source-file';
import { type Spool, type SpoolEntry, spoolIdFor } from './spool';
import type { DeliveryOutcome, Uploader } from './uploader';
import { type FileWatch, readIfUnchanged, readWhenSettled, statSignature, watchFile } from './watch';

const gzip = promisify(gzipCallback);

export interface AgentOptions {
  files: string[];
  spool: Spool;
  uploader: Uploader;
  report: Report;
  settleMs: number;
  pollMs: number;
}

/** Exit codes shared by the CLI. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_REFUSED = 3;

export type CaptureResult =
  | { kind: 'unchanged' } // the server already has exactly these bytes
  | { kind: 'already-spooled'; entry: SpoolEntry }
  | { kind: 'spooled'; entry: SpoolEntry; replaced: boolean };

/**
 * Puts one read of a file into the spool, unless the server or the spool already has those bytes.
 * A newer version replaces an older one still waiting: the server only needs the latest file.
 */
export async function captureFile(
  spool: Spool,
  path: string,
  bytes: Uint8Array,
  displayName: string,
): Promise<CaptureResult> {
  const id = spoolIdFor(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const waiting = await spool.get(id);
  if (waiting?.sha256 === sha256) return { kind: 'already-spooled', entry: waiting };
  // A waiting older version still goes away when the file is back to what the server has.
  if (sha256 === (await spool.lastUploaded(id))) {
    if (waiting) await spool.remove(id, waiting.sha256);
    return { kind: 'unchanged' };
  }
  const gzipped = await gzip(bytes);
  const entry = await spool.put(
    {
      sourcePath: path,
      sourceLabel: sourceLabelFor(path),
      displayName,
      sha256,
      rawSize: bytes.length,
      gzipSize: gzipped.length,
    },
    gzipped,
  );
  return { kind: 'spooled', entry, replaced: waiting !== undefined };
}

function exitCodeFor(outcome: DeliveryOutcome): number {
  switch (outcome.kind) {
    case 'refused':
      return EXIT_REFUSED;
    case 'rejected':
    case 'gave-up':
      return EXIT_FAILED;
    case 'nothing':
    case 'delivered':
    case 'aborted':
      return EXIT_OK;
  }
}

/**
 * `--once`: send what the spool holds from earlier runs plus the current version of each file,
 * then stop. Exit code 0 when everything reached the server, 3 when the key was refused, else 1.
 */
export async function runOnce(options: AgentOptions, signal: AbortSignal): Promise<number> {
  const { spool, uploader, report, files } = options;
  await spool.open();
  await spool.sweep();
  let exitCode = EXIT_OK;
  try {
    for (const path of files) {
      const read = await readWhenSettled(path, options.settleMs, signal);
      if (!read) {
        report({ type: 'file-missing', path });
        exitCode = EXIT_FAILED;
        continue;
      }
      const displayName = displayNameFor(path, files.length > 1);
      const captured = await captureFile(spool, path, read.bytes, displayName);
      if (captured.kind === 'unchanged') report({ type: 'unchanged-locally', displayName });
    }
  } catch (error) {
    if (signal.aborted) return EXIT_OK;
    throw error;
  }

  for (const entry of await spool.list()) {
    const outcome = await uploader.deliver(entry.id, signal);
    if (outcome.kind === 'aborted') return EXIT_OK;
    if (outcome.kind === 'refused') {
      report({ type: 'refused', status: outcome.status, ...outcome.error, explanation: outcome.explanation });
      return EXIT_REFUSED;
    }
    exitCode = Math.max(exitCode, exitCodeFor(outcome));
  }
  return exitCode;
}

/**
 * Watch mode: first send what the spool holds, then upload every settled new version of each
 * file until `signal` aborts (exit 0) or the server refuses the key (exit 3).
 */
export async function runWatch(options: AgentOptions, signal: AbortSignal): Promise<number> {
  const { spool, uploader, report, files } = options;
  await spool.open();
  await spool.sweep();

  const stop = new AbortController();
  const stopOnSignal = () => stop.abort();
  signal.addEventListener('abort', stopOnSignal, { once: true });
  if (signal.aborted) stop.abort();
  let refused = false;

  // One delivery loop per source file; `pending` marks sources with something new to look at.
  const loops = new Map<string, Promise<void>>();
  const pending = new Set<string>();
  const schedule = (id: string) => {
    pending.add(id);
    if (loops.has(id) || stop.signal.aborted) return;
    const loop = (async () => {
      while (pending.has(id) && !stop.signal.aborted) {
        pending.delete(id);
        const outcome = await uploader.deliver(id, stop.signal);
        if (outcome.kind === 'refused') {
          report({
            type: 'refused',
            status: outcome.status,
            ...outcome.error,
            explanation: outcome.explanation,
          });
          refused = true;
          stop.abort();
        }
      }
    })()
      .catch((error: unknown) => report({ type: 'failure', message: describe(error) }))
      .finally(() => {
        loops.delete(id);
        if (pending.has(id)) schedule(id);
      });
    loops.set(id, loop);
  };

  const waiting = await spool.list();
  if (waiting.length > 0) report({ type: 'spool-pending', count: waiting.length });
  for (const entry of waiting) schedule(entry.id);

  const watches: FileWatch[] = [];
  for (const path of files) {
    const displayName = displayNameFor(path, files.length > 1);
    if (!(await statSignature(path))) report({ type: 'file-awaited', path });
    // Captures of one file run one after another so that the newest read always wins.
    let captures = Promise.resolve(true);
    watches.push(
      watchFile(path, {
        settleMs: options.settleMs,
        pollMs: options.pollMs,
        onError: (error) => report({ type: 'failure', message: `${path}: ${describe(error)}` }),
        onSettled: (signature) => {
          // A failed capture was already reported through onError; the next one starts afresh.
          captures = captures
            .catch(() => false)
            .then(async () => {
              const bytes = await readIfUnchanged(path, signature);
              if (!bytes) return false;
              const captured = await captureFile(spool, path, bytes, displayName);
              if (captured.kind === 'spooled') {
                if (captured.replaced && loops.has(captured.entry.id)) {
                  report({ type: 'replaced', entry: captured.entry });
                }
                schedule(captured.entry.id);
              }
              return true;
            });
          return captures;
        },
      }),
    );
  }

  await new Promise<void>((resolve) => {
    if (stop.signal.aborted) resolve();
    else stop.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  signal.removeEventListener('abort', stopOnSignal);
  for (const watch of watches) watch.close();
  await Promise.allSettled([...loops.values()]);
  return refused ? EXIT_REFUSED : EXIT_OK;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
