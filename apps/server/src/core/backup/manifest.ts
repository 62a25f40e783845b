import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { migrationsFolder } from '../db';

/**
 * What a backup holds, written beside its files inside the archive: the versions it came
 * from (so a restore refuses a dump of a newer schema) and a checksum per file (so a damaged
 * archive is refused before anything is replaced).
 */
export const zBackupManifest = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  guildhallVersion: z.string(),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    /** The server's `server_version` (PGlite reports the PostgreSQL it compiles). */
    serverVersion: z.string(),
    /** Migrations applied to the database when it was dumped, and the newest one's tag. */
    migrations: z.number().int().min(0),
    latestMigration: z.string().nullable(),
  }),
  /** `included`: the local lake is in the archive; `in-bucket`: it lives in S3, not copied. */
  objects: z.enum(['included', 'in-bucket']),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string() })),
});
export type BackupManifest = z.infer<typeof zBackupManifest>;

export const MANIFEST_FILE = 'manifest.json';
export const DATABASE_FILES = {
  pglite: 'database/pglite.tar.gz',
  postgres: 'database/postgres.pgdump',
} as const;
export const SECRET_FILE = 'secret.key';
export const OBJECTS_DIR = 'objects';

/** The migrations this code knows, in order (drizzle's journal). */
export function knownMigrations(): string[] {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}

export function guildhallVersion(): string {
  const pkg = path.join(migrationsFolder, '..', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under `dir`, as `/`-separated paths relative to `root`. */
export function filesUnder(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
