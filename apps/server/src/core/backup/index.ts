export { BACKUP_PREFIX, BACKUP_SUFFIX, backupName, createBackup, defaultBackupDir } from './backup';
export { BACKUP_JOB, backupJob, backupSchedule } from './backup.jobs';
export { vacuumAnalyze } from './backup.repo';
export { type BackupManifest, knownMigrations, zBackupManifest } from './manifest';
export { type RestoreRefusal, RestoreRefusedError, type RestoreReport, restoreBackup } from './restore';
export {
  backupsToDelete,
  installationRotation,
  listBackupFiles,
  type RotationPolicy,
  rotateBackups,
} from './rotation';
export { BackupToolMissingError, writeAtomically } from './tools';
