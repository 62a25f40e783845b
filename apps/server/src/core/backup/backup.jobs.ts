import { z } from 'zod';
import type { AppContext } from '../context';
import { defineJob } from '../queue/define-job';
import { createBackup, defaultBackupDir } from './backup';
import { installationRotation, rotateBackups } from './rotation';

export const BACKUP_JOB = 'backup';

/** The backup job's cron, or undefined when scheduled backups are off (`BACKUP_SCHEDULE`). */
export function backupSchedule(ctx: AppContext): string | undefined {
  const s = ctx.config.BACKUP_SCHEDULE;
  if (s === 'off') return undefined;
  if (s === 'auto') return ctx.dbKind === 'pglite' ? '30 3 * * *' : undefined;
  return s;
}

/** A backup on a schedule (and on demand from Admin → Jobs), rotated daily/weekly. */
export const backupJob = (ctx: AppContext) => {
  const schedule = backupSchedule(ctx);
  return defineJob({
    name: BACKUP_JOB,
    payload: z.object({}),
    ...(schedule ? { schedule } : {}),
    retry: { attempts: 2, backoffMs: 300_000 },
    handler: async () => {
      const dir = defaultBackupDir(ctx);
      const { path, manifest } = await createBackup(ctx, { dir });
      const deleted = rotateBackups(dir, installationRotation(ctx.config));
      const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
      return { path, bytes, files: manifest.files.length, deleted: deleted.length };
    },
  });
};
