import fs from 'node:fs';
import path from 'node:path';
import { createBackup, defaultBackupDir, listBackupFiles, vacuumAnalyze } from '../../core/backup';
import type { AppContext } from '../../core/context';

export { BackupToolMissingError, writeAtomically } from '../../core/backup';

export interface BackupOptions {
  /** How many backups to keep (the newest); default 7. */
  keep?: number;
  /** The backup's time stamp (tests pass a fixed clock). */
  now?: Date;
  /** Skip `VACUUM ANALYZE` after the dump. */
  skipMaintenance?: boolean;
}

/**
 * The backup before an OSRS run (the seed's habit): the installation's backup (core/backup)
 * into the backup folder, the newest `keep` kept, then `VACUUM ANALYZE`.
 */
export async function backupDatabase(ctx: AppContext, opts: BackupOptions = {}): Promise<{ path: string }> {
  const dir = defaultBackupDir(ctx);
  const { path: file } = await createBackup(ctx, { dir, ...(opts.now ? { now: opts.now } : {}) });
  const all = listBackupFiles(dir);
  for (const b of all.slice(0, Math.max(0, all.length - Math.max(1, opts.keep ?? 7)))) {
    fs.rmSync(path.join(dir, b.file));
  }
  if (!opts.skipMaintenance) await vacuumAnalyze(ctx.db);
  return { path: file };
}

/** The backups in a directory, oldest first (their names sort by time). */
export const listBackups = (dir: string): string[] => listBackupFiles(dir).map((b) => b.file);
