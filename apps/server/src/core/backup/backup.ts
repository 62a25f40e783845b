import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import type { AppContext } from '../context';
import { linkOrCopySync } from '../storage/link-or-copy';
import { isTemporaryName } from '../storage/object-store';
import { databaseFacts } from './backup.repo';
import {
  type BackupManifest,
  DATABASE_FILES,
  filesUnder,
  guildhallVersion,
  knownMigrations,
  MANIFEST_FILE,
  OBJECTS_DIR,
  SECRET_FILE,
  sha256File,
} from './manifest';
import { pgToolTarget, requireTool, run } from './tools';

export const BACKUP_PREFIX = 'guildhall-';
export const BACKUP_SUFFIX = '.backup.tar.gz';

/** Where backups go unless told otherwise: `BACKUP_DIR`, else `<data dir>/backups`. */
export const defaultBackupDir = (ctx: AppContext) =>
  ctx.config.BACKUP_DIR ?? path.join(ctx.config.dataDir, 'backups');

/** `guildhall-2026-12-01T03-30-00-000Z.backup.tar.gz`: names sort by time. */
export const backupName = (at: Date) =>
  `${BACKUP_PREFIX}${at.toISOString().replace(/[:.]/g, '-')}${BACKUP_SUFFIX}`;

/**
 * One file that brings the installation back: the database (the embedded one through PGlite's
 * own data-directory dump, PostgreSQL through `pg_dump`), the local lake and exports, the
 * generated secret that unseals stored credentials, and a manifest with versions and
 * checksums. Written beside its target and renamed, so a reader never sees half a backup.
 */
export async function createBackup(
  ctx: AppContext,
  opts: { dir?: string; now?: Date } = {},
): Promise<{ path: string; manifest: BackupManifest }> {
  let made: { path: string; manifest: BackupManifest };
  try {
    made = await writeBackup(ctx, opts);
  } catch (err) {
    // The ops alerts hear of it (a listener's own failure must not hide the backup's).
    await ctx.hooks
      ?.backupEnded?.({ ok: false, error: err instanceof Error ? err.message : String(err) })
      .catch(() => {});
    throw err;
  }
  await ctx.hooks?.backupEnded?.({ ok: true }).catch(() => {});
  return made;
}

async function writeBackup(
  ctx: AppContext,
  opts: { dir?: string; now?: Date },
): Promise<{ path: string; manifest: BackupManifest }> {
  const dir = path.resolve(opts.dir ?? defaultBackupDir(ctx));
  fs.mkdirSync(dir, { recursive: true });
  const now = opts.now ?? new Date();
  const target = path.join(dir, backupName(now));
  const staging = fs.mkdtempSync(path.join(dir, '.staging-'));
  const partial = `${target}.${process.pid}.tmp`;
  try {
    const facts = await databaseFacts(ctx.db);
    await dumpDatabase(ctx, staging);
    const dataDir = ctx.config.dataDir;
    const localObjects = !ctx.config.S3_BUCKET;
    if (localObjects) linkTree(path.join(dataDir, OBJECTS_DIR), path.join(staging, OBJECTS_DIR));
    // A generated secret lives in the data directory; one given as GUILDHALL_SECRET is the operator's to keep.
    const secret = path.join(dataDir, SECRET_FILE);
    if (!ctx.config.GUILDHALL_SECRET && fs.existsSync(secret))
      fs.copyFileSync(secret, path.join(staging, SECRET_FILE));

    const files = [...filesUnder(staging, 'database'), ...filesUnder(staging, OBJECTS_DIR)];
    if (fs.existsSync(path.join(staging, SECRET_FILE))) files.push(SECRET_FILE);
    const known = knownMigrations();
    const manifest: BackupManifest = {
      format: 1,
      createdAt: now.toISOString(),
      guildhallVersion: guildhallVersion(),
      database: {
        kind: ctx.dbKind,
        serverVersion: facts.serverVersion,
        migrations: facts.migrations,
        latestMigration: known[facts.migrations - 1] ?? null,
      },
      objects: localObjects ? 'included' : 'in-bucket',
      files: await Promise.all(
        files.map(async (f) => {
          const full = path.join(staging, f);
          return { path: f, bytes: fs.statSync(full).size, sha256: await sha256File(full) };
        }),
      ),
    };
    fs.writeFileSync(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, [MANIFEST_FILE, ...files]);
    fs.renameSync(partial, target);
    return { path: target, manifest };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

async function dumpDatabase(ctx: AppContext, staging: string): Promise<void> {
  if (ctx.dumpEmbeddedDatabase) {
    const file = path.join(staging, DATABASE_FILES.pglite);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await ctx.dumpEmbeddedDatabase());
    return;
  }
  const url = ctx.config.DATABASE_URL;
  if (!url) throw new Error('no database to back up');
  const pgDump = await requireTool('pg_dump');
  const file = path.join(staging, DATABASE_FILES.postgres);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const target = pgToolTarget(url);
  await run(pgDump, ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${target.dbname}`], {
    env: target.env,
  });
}

/**
 * Mirrors a folder with hard links (no copy of a large lake; a file replaced meanwhile keeps
 * its old bytes in the link), falling back to copies where links cannot be made.
 */
function linkTree(from: string, to: string): void {
  if (!fs.existsSync(from)) return;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    // Half-written objects and the store's scratch folder (a lake build's work) are no data.
    if (isTemporaryName(entry.name)) continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isFile()) {
      fs.mkdirSync(to, { recursive: true });
      linkOrCopySync(src, dst);
    }
  }
}
