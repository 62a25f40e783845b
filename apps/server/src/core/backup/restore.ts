import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import * as tar from 'tar';
import type { Config } from '../../config';
import { holdingEmbeddedDatabase } from '../db';
import { openObjectStore } from '../storage/open-store';
import {
  type BackupManifest,
  DATABASE_FILES,
  knownMigrations,
  MANIFEST_FILE,
  OBJECTS_DIR,
  SECRET_FILE,
  sha256File,
  zBackupManifest,
} from './manifest';
import { pgToolTarget, requireTool, run } from './tools';

export type RestoreRefusal =
  | 'NOT_A_BACKUP'
  | 'BACKUP_CORRUPT'
  | 'NEWER_SCHEMA'
  | 'OTHER_SCHEMA'
  | 'OTHER_DATABASE_KIND'
  | 'TARGET_NOT_EMPTY'
  | 'SECRET_MISMATCH';

/** A restore refused before anything was changed. */
export class RestoreRefusedError extends Error {
  constructor(
    readonly code: RestoreRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** What was restored and anything the operator must do next, one line each. */
  lines: string[];
}

/**
 * Restores a `guildhall backup` file into the database and data directory `config` points at.
 * Everything is checked first (the archive's checksums, the schema not newer than this code's,
 * the same database kind, an empty target unless `force`), so a refusal leaves everything as
 * it was. With `force`, an existing embedded database is moved aside, not deleted.
 */
export async function restoreBackup(
  config: Config,
  file: string,
  opts: { force?: boolean; now?: Date } = {},
): Promise<RestoreReport> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(config.dataDir, '.restore-'));
  try {
    const manifest = await unpack(file, work);
    checkSchema(manifest);
    const kind = config.DATABASE_URL ? 'postgres' : 'pglite';
    if (manifest.database.kind !== kind) {
      throw new RestoreRefusedError(
        'OTHER_DATABASE_KIND',
        `this backup holds ${describeKind(manifest.database.kind)} database; the target is ${describeKind(kind)} one (${kind === 'postgres' ? 'unset DATABASE_URL to restore it embedded' : 'set DATABASE_URL to restore it into PostgreSQL'})`,
      );
    }
    const secretLine = restoreSecretCheck(config, work, opts.force);
    const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const lines =
      kind === 'pglite'
        ? await restoreEmbedded(config, work, manifest, { force: opts.force, stamp })
        : await restorePostgres(config.DATABASE_URL as string, work, opts.force);
    replaceSecret(config, work, stamp);
    lines.push(...(await restoreObjects(config, work, manifest)));
    if (secretLine) lines.push(secretLine);
    const known = knownMigrations().length;
    if (manifest.database.migrations < known) {
      lines.push(
        `the backup's schema is ${known - manifest.database.migrations} migration(s) behind this version: the next start (or \`guildhall migrate\`) brings it up to date`,
      );
    }
    return { manifest, lines };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const describeKind = (kind: 'pglite' | 'postgres') =>
  kind === 'pglite' ? 'an embedded (PGlite)' : 'a PostgreSQL';

async function unpack(file: string, into: string): Promise<BackupManifest> {
  try {
    // Regular files and folders only: no links that could point outside the folder.
    await tar.extract({
      file,
      cwd: into,
      strict: true,
      filter: (_p, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    });
  } catch (err) {
    throw new RestoreRefusedError(
      'NOT_A_BACKUP',
      `${file} is not a readable backup archive (${(err as Error).message})`,
    );
  }
  const manifestFile = path.join(into, MANIFEST_FILE);
  const parsed = fs.existsSync(manifestFile)
    ? zBackupManifest.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')))
    : undefined;
  if (!parsed?.success)
    throw new RestoreRefusedError('NOT_A_BACKUP', `${file} has no Guildhall backup manifest`);
  for (const f of parsed.data.files) {
    const full = path.join(into, f.path);
    if (!full.startsWith(into + path.sep) || !fs.existsSync(full) || (await sha256File(full)) !== f.sha256) {
      throw new RestoreRefusedError(
        'BACKUP_CORRUPT',
        `${file} is damaged: ${f.path} does not match its checksum`,
      );
    }
  }
  return parsed.data;
}

function checkSchema(manifest: BackupManifest): void {
  const known = knownMigrations();
  const { migrations, latestMigration } = manifest.database;
  if (migrations > known.length) {
    throw new RestoreRefusedError(
      'NEWER_SCHEMA',
      `this backup comes from a newer Guildhall (${manifest.guildhallVersion}, schema ${migrations} > ${known.length}): upgrade Guildhall, then restore`,
    );
  }
  if (migrations > 0 && known[migrations - 1] !== latestMigration) {
    throw new RestoreRefusedError(
      'OTHER_SCHEMA',
      `this backup's schema (${latestMigration}) is not one this version knows (${known[migrations - 1]})`,
    );
  }
}

/** A generated secret must not silently replace another: the credentials it sealed would not open. */
function restoreSecretCheck(config: Config, work: string, force?: boolean): string | undefined {
  const incoming = path.join(work, SECRET_FILE);
  if (!fs.existsSync(incoming)) return undefined;
  const current = path.join(config.dataDir, SECRET_FILE);
  const same = fs.existsSync(current) && fs.readFileSync(current).equals(fs.readFileSync(incoming));
  if (fs.existsSync(current) && !same && !force) {
    throw new RestoreRefusedError(
      'SECRET_MISMATCH',
      `${current} differs from the backup's secret: credentials stored in the backup open only with its secret; pass --force to replace it (the current one is kept beside it)`,
    );
  }
  if (config.GUILDHALL_SECRET) {
    return `the backup's generated secret is in ${SECRET_FILE}, but GUILDHALL_SECRET is set and wins: unset it if the stored credentials do not open`;
  }
  return undefined;
}

async function restoreEmbedded(
  config: Config,
  work: string,
  manifest: BackupManifest,
  opts: { force?: boolean; stamp: string },
): Promise<string[]> {
  return holdingEmbeddedDatabase(config.dataDir, async (dir) => {
    const lines: string[] = [];
    const occupied = fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
    const objects = path.join(config.dataDir, OBJECTS_DIR);
    const objectsOccupied =
      manifest.objects === 'included' && fs.existsSync(objects) && fs.readdirSync(objects).length > 0;
    if ((occupied || objectsOccupied) && !opts.force) {
      throw new RestoreRefusedError(
        'TARGET_NOT_EMPTY',
        `${config.dataDir} already holds ${occupied ? 'a database' : 'a lake'}: restore into an empty data directory, or pass --force to replace it (the current database is kept beside it)`,
      );
    }
    if (occupied) {
      const aside = `${dir}.before-restore-${opts.stamp}`;
      fs.renameSync(dir, aside);
      lines.push(`the database that was there is kept in ${aside}`);
    }
    const dump = fs.readFileSync(path.join(work, DATABASE_FILES.pglite));
    const db = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([dump]) });
    await db.close();
    lines.unshift(`restored the embedded database into ${dir}`);
    return lines;
  });
}

async function restorePostgres(url: string, work: string, force?: boolean): Promise<string[]> {
  const pgRestore = await requireTool('pg_restore');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let tables: number;
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`,
    );
    tables = rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
  if (tables > 0 && !force) {
    throw new RestoreRefusedError(
      'TARGET_NOT_EMPTY',
      `the database already holds ${tables} table(s): restore into an empty database, or pass --force to replace its contents`,
    );
  }
  const target = pgToolTarget(url);
  const args = ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${target.dbname}`];
  if (tables > 0) args.unshift('--clean', '--if-exists');
  await run(pgRestore, [...args, path.join(work, DATABASE_FILES.postgres)], { env: target.env });
  return [`restored the PostgreSQL database ${new URL(url).pathname.slice(1)}`];
}

function replaceSecret(config: Config, work: string, stamp: string): void {
  const incoming = path.join(work, SECRET_FILE);
  if (!fs.existsSync(incoming)) return;
  const current = path.join(config.dataDir, SECRET_FILE);
  if (fs.existsSync(current)) {
    if (fs.readFileSync(current).equals(fs.readFileSync(incoming))) return;
    fs.renameSync(current, `${current}.before-restore-${stamp}`);
  }
  fs.copyFileSync(incoming, current);
  fs.chmodSync(current, 0o600);
}

async function restoreObjects(config: Config, work: string, manifest: BackupManifest): Promise<string[]> {
  const files = manifest.files.filter((f) => f.path.startsWith(`${OBJECTS_DIR}/`));
  if (files.length === 0) return [];
  const store = openObjectStore(config);
  try {
    for (const f of files) {
      await store.put(f.path.slice(OBJECTS_DIR.length + 1), fs.createReadStream(path.join(work, f.path)));
    }
  } finally {
    await store.close();
  }
  return [`restored ${files.length} lake and export file(s) into ${store.location}`];
}
