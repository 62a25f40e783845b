import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config';
import { BACKUP_PREFIX, BACKUP_SUFFIX } from './backup';

export interface RotationPolicy {
  /** Keep the newest backup of each of this many most recent days that have one. */
  daily: number;
  /** …and of each of this many most recent ISO weeks that have one. */
  weekly: number;
}

/**
 * The installation's rotation (`BACKUP_KEEP_DAILY`, `BACKUP_KEEP_WEEKLY`): every writer of the
 * backup folder rotates with it, since a "newest N" rule of its own would delete the weekly ones.
 */
export const installationRotation = (config: Pick<Config, 'BACKUP_KEEP_DAILY' | 'BACKUP_KEEP_WEEKLY'>) => ({
  daily: config.BACKUP_KEEP_DAILY,
  weekly: config.BACKUP_KEEP_WEEKLY,
});

/** The backups in a folder, oldest first, with the time their names carry. */
export function listBackupFiles(dir: string): { file: string; at: Date }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith(BACKUP_SUFFIX))
    .map((file) => {
      const stamp = file.slice(BACKUP_PREFIX.length, -BACKUP_SUFFIX.length);
      const iso = stamp.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z');
      return { file, at: new Date(iso) };
    })
    .filter((b) => !Number.isNaN(b.at.getTime()))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The ISO week a moment falls in (UTC), as `2026-W49`. */
function isoWeek(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of its week names the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * Which backups a daily/weekly policy keeps: the newest of each of the last `daily` days and
 * `weekly` weeks, and always the newest one. Answers the files to delete.
 */
export function backupsToDelete(backups: { file: string; at: Date }[], policy: RotationPolicy): string[] {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
  const keep = new Set<string>(newestFirst.slice(0, 1).map((b) => b.file));
  const keepNewestPer = (period: (at: Date) => string, count: number) => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const p = period(b.at);
      if (seen.has(p)) continue;
      if (seen.size >= count) break;
      seen.add(p);
      keep.add(b.file);
    }
  };
  keepNewestPer((at) => at.toISOString().slice(0, 10), policy.daily);
  keepNewestPer(isoWeek, policy.weekly);
  return backups.filter((b) => !keep.has(b.file)).map((b) => b.file);
}

/** Deletes what the policy does not keep; answers the names deleted. */
export function rotateBackups(dir: string, policy: RotationPolicy): string[] {
  const doomed = backupsToDelete(listBackupFiles(dir), policy);
  for (const f of doomed) fs.rmSync(path.join(dir, f), { force: true });
  return doomed;
}
