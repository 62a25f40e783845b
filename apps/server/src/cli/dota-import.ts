import path from 'node:path';
import type { Config } from '../config';
import { openDatabase } from '../core/db';
import { AppError } from '../core/errors';
import { openObjectStore } from '../core/storage/open-store';
import {
  ImportFileError,
  type ImportFormat,
  type ImportSummary,
  importMatchesFile,
} from '../modules/dota/import';
import { fileMatchLock, type MatchLockOptions, postgresMatchLock } from '../modules/dota/matches.lock';
import type { CommunityLock } from '../modules/dota/matches.store';
import type { OperationName } from './operations';

/**
 * `guildhall dota import FILE --community ID`: streams the file into the community's match
 * store in the CLI process (progress on this terminal; a large file never crosses the admin
 * channel); only the community lookup is an operation (here, or in the server holding the
 * embedded database). Each chunk is stored under the same lock ingestion takes (PostgreSQL's
 * advisory lock, or the embedded installation's lock file), so a server ingesting the same
 * community meanwhile never stores a match twice.
 */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface DotaCliDeps {
  cfg: Config;
  operation(op: OperationName, args: unknown): Promise<string[]>;
  stdout: Output;
  stderr: Output;
}

/** Bad rows printed on stderr, one line each; the rest only counted. */
const SHOWN_BAD_ROWS = 50;

export function importSummaryLine(s: ImportSummary): string {
  if (s.refused)
    return `rows ${s.rows}: ${s.rejected} refused, nothing stored (--strict); fix the lines above and import again`;
  return `rows ${s.rows}: ${s.added} stored, ${s.duplicates} already stored, ${s.rejected} refused`;
}

export async function dotaImportCommand(
  file: string,
  opts: { community: string; format?: ImportFormat; strict?: boolean },
  deps: DotaCliDeps,
): Promise<ImportSummary> {
  const lines = await deps.operation('telemetry.community', { community: opts.community });
  const communityId = lines.at(-1) ?? '';
  const store = openObjectStore(deps.cfg);
  const name = path.basename(file);
  const waiting: MatchLockOptions = {
    onWait: (holder) =>
      deps.stderr.write(`${name}: waiting for ${holder}, which is storing this community's matches\n`),
  };
  let closeLock = async () => {};
  let lock: CommunityLock;
  if (deps.cfg.DATABASE_URL) {
    const db = await openDatabase({ url: deps.cfg.DATABASE_URL, dataDir: deps.cfg.dataDir });
    closeLock = () => db.close();
    lock = postgresMatchLock(db.db, waiting);
  } else lock = fileMatchLock(deps.cfg.dataDir, waiting);
  const began = performance.now();
  let lastShown = 0;
  let shown = 0;
  try {
    const summary = await importMatchesFile({ store, lock }, communityId, file, {
      format: opts.format,
      strict: opts.strict,
      onBadRow: (bad) => {
        if (++shown <= SHOWN_BAD_ROWS) deps.stderr.write(`${name}:${bad.line}: ${bad.reason}\n`);
        else if (shown === SHOWN_BAD_ROWS + 1)
          deps.stderr.write(`${name}: more refused rows (counted in the summary)\n`);
      },
      onProgress: (p) => {
        const t = performance.now();
        if (t - lastShown < (deps.stderr.isTTY ? 200 : 5_000)) return;
        lastShown = t;
        const pct = p.totalBytes > 0 ? Math.floor((p.bytes / p.totalBytes) * 100) : 0;
        const rate = Math.round(p.rows / Math.max(1e-3, (t - began) / 1000));
        const text = `importing ${name}: ${pct}% ${p.rows} rows, ${rate} rows/s`;
        deps.stderr.write(deps.stderr.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
      },
    });
    if (deps.stderr.isTTY) deps.stderr.write('\n');
    deps.stdout.write(`${importSummaryLine(summary)}\n`);
    return summary;
  } catch (err) {
    if (err instanceof ImportFileError) throw new AppError('BAD_REQUEST', err.message);
    throw err;
  } finally {
    await store.close();
    await closeLock();
  }
}
