import {
  createBackup,
  defaultBackupDir,
  installationRotation,
  listBackupFiles,
  type RotationPolicy,
  rotateBackups,
  vacuumAnalyze,
} from '../../core/backup';
import type { AppContext } from '../../core/context';

export { BackupToolMissingError, writeAtomically } from '../../core/backup';

export interface BackupOptions {
  /**
   * Which backups the folder keeps afterwards: the installation's daily/weekly rotation by
   * default (`BACKUP_KEEP_DAILY`/`BACKUP_KEEP_WEEKLY`), the one the scheduled backup job uses,
   * so frequent OSRS runs replace the day's backup instead of pushing out the weekly ones.
   */
  keep?: RotationPolicy;
  /** The backup's time stamp (tests pass a fixed clock). */
  now?: Date;
  /** Skip `VACUUM ANALYZE` after the dump. */
  skipMaintenance?: boolean;
}

/**
 * The backup before an OSRS run (the seed's habit): the installation's backup (core/backup)
 * into the backup folder, rotated like the scheduled ones, then `VACUUM ANALYZE`.
 */
export async function backupDatabase(ctx: AppContext, opts: BackupOptions = {}): Promise<{ path: string }> {
  const dir = defaultBackupDir(ctx);
  const { path: file } = await createBackup(ctx, { dir, ...(opts.now ? { now: opts.now } : {}) });
  rotateBackups(dir, opts.keep ?? installationRotation(ctx.config));
  if (!opts.skipMaintenance) await vacuumAnalyze(ctx.db);
  return { path: file };
}

/** The backups in a directory, oldest first (their names sort by time). */
export const listBackups = (dir: string): string[] => listBackupFiles(dir).map((b) => b.file);
