import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppContext } from '../../core/context';
import { vacuumAnalyze } from './backup.repo';

const run = promisify(execFile);

export interface BackupOptions {
  /** How many backups to keep (the newest); default 7. */
  keep?: number;
  /** The backup's time stamp (tests pass a fixed clock). */
  now?: Date;
  /** Skip `VACUUM ANALYZE` after the dump. */
  skipMaintenance?: boolean;
}

export class BackupToolMissingError extends Error {
  constructor() {
    super(
      'pg_dump was not found on PATH: install the PostgreSQL client tools (e.g. apt-get install postgresql-client) to back up a PostgreSQL database',
    );
    this.name = 'BackupToolMissingError';
  }
}

const PREFIX = 'guildhall-';
const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

/**
 * Backs the whole database up under `<data>/backups/`: the embedded one with PGlite's own
 * data-directory dump (reopened with `loadDataDir`), PostgreSQL with `pg_dump` (custom format,
 * for `pg_restore`). Then keeps the newest `keep` and runs `VACUUM ANALYZE`.
 */
export async function backupDatabase(ctx: AppContext, opts: BackupOptions = {}): Promise<{ path: string }> {
  const dir = path.join(ctx.config.dataDir, 'backups');
  fs.mkdirSync(dir, { recursive: true });
  const base = `${PREFIX}${stamp(opts.now ?? new Date())}`;
  let target: string;
  if (ctx.dumpEmbeddedDatabase) {
    target = path.join(dir, `${base}.pglite.tar.gz`);
    writeAtomically(target, await ctx.dumpEmbeddedDatabase());
  } else {
    const url = ctx.config.DATABASE_URL;
    if (!url) throw new Error('no database to back up');
    const pgDump = await which('pg_dump');
    if (!pgDump) throw new BackupToolMissingError();
    target = path.join(dir, `${base}.pgdump`);
    const tmp = `${target}.tmp`;
    try {
      // The password goes by environment, not on a command line every local user can read.
      const conn = new URL(url);
      const password = decodeURIComponent(conn.password);
      conn.password = '';
      await run(pgDump, ['--format=custom', '--no-owner', `--file=${tmp}`, `--dbname=${conn}`], {
        env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      });
      fs.renameSync(tmp, target);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  rotate(dir, opts.keep ?? 7);
  if (!opts.skipMaintenance) await vacuumAnalyze(ctx.db);
  return { path: target };
}

/** The backups in a directory, oldest first (their names sort by time). */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && !f.endsWith('.tmp'))
    .sort();
}

function rotate(dir: string, keep: number): void {
  const all = listBackups(dir);
  for (const f of all.slice(0, Math.max(0, all.length - Math.max(1, keep)))) fs.rmSync(path.join(dir, f));
}

/** Written beside the target then renamed, so a reader never sees half a file. */
export function writeAtomically(target: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, target);
}

async function which(cmd: string): Promise<string | null> {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    const full = path.join(d, cmd);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return null;
}
