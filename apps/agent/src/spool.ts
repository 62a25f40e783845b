import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from './fs-atomic';

/**
 * One file version waiting to be uploaded. The spool keeps at most one per source file:
 * the server only needs the latest whole file, so a newer version replaces an older one.
 */
export interface SpoolEntry {
  /** Stable id of the source file (derived from its absolute path). */
  id: string;
  sourcePath: string;
  /** Sent as X-Source-File: `<account folder>/<file name>`. */
  sourceLabel: string;
  /** How status lines name the file. */
  displayName: string;
  /** Hex SHA-256 of the raw (uncompressed) bytes. */
  sha256: string;
  rawSize: number;
  gzipSize: number;
  spooledAt: string;
  /** Name of the gzipped body inside the spool directory. */
  bodyFile: string;
}

export type NewSpoolEntry = Omit<SpoolEntry, 'id' | 'bodyFile' | 'spooledAt'>;

export function spoolIdFor(sourcePath: string): string {
  return createHash('sha256').update(resolve(sourcePath)).digest('hex').slice(0, 16);
}

/**
 * Each server and key gets its own spool: "already uploaded" means uploaded *there*, so
 * pointing the agent at another server (or community key) sends the file again.
 */
export function destinationSpoolDir(root: string, server: string, key: string): string {
  const destination = `${new URL(server).origin}${new URL(server).pathname.replace(/\/+$/, '')}\n${key}`;
  return join(root, createHash('sha256').update(destination).digest('hex').slice(0, 16));
}

const META_SUFFIX = '.json';
const BODY_SUFFIX = '.gz';
const UPLOADED_SUFFIX = '.uploaded';

/**
 * Directory layout (all files private to the user):
 * - `<id>.json`            metadata of the waiting version (written last, atomically)
 * - `<id>-<sha256>.gz`     its gzipped bytes
 * - `<id>.uploaded`        SHA-256 of the last version the server accepted
 * Writing the body before the metadata means a crash leaves at worst an orphan body, never
 * metadata that points at a missing or different body.
 */
export class Spool {
  constructor(readonly dir: string) {}

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  async put(fields: NewSpoolEntry, gzipped: Uint8Array, spooledAt = new Date()): Promise<SpoolEntry> {
    const id = spoolIdFor(fields.sourcePath);
    const previous = await this.get(id);
    const entry: SpoolEntry = {
      ...fields,
      id,
      bodyFile: `${id}-${fields.sha256}${BODY_SUFFIX}`,
      spooledAt: spooledAt.toISOString(),
    };
    await writeFileAtomic(join(this.dir, entry.bodyFile), gzipped, 0o600);
    await writeFileAtomic(
      join(this.dir, `${id}${META_SUFFIX}`),
      `${JSON.stringify(entry, null, 2)}\n`,
      0o600,
    );
    if (previous && previous.bodyFile !== entry.bodyFile) {
      await rm(join(this.dir, previous.bodyFile), { force: true });
    }
    return entry;
  }

  async get(id: string): Promise<SpoolEntry | undefined> {
    const text = await readOptional(join(this.dir, `${id}${META_SUFFIX}`));
    if (text === undefined) return undefined;
    return parseEntry(text.toString('utf8'));
  }

  async readBody(entry: SpoolEntry): Promise<Buffer | undefined> {
    return readOptional(join(this.dir, entry.bodyFile));
  }

  async list(): Promise<SpoolEntry[]> {
    const entries: SpoolEntry[] = [];
    for (const name of await this.names()) {
      if (!name.endsWith(META_SUFFIX)) continue;
      const entry = await this.get(name.slice(0, -META_SUFFIX.length));
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.spooledAt.localeCompare(b.spooledAt));
  }

  /** Removes the waiting version of `id`, but only if it is still `sha256` (a newer one stays). */
  async remove(id: string, sha256: string): Promise<boolean> {
    const entry = await this.get(id);
    if (!entry || entry.sha256 !== sha256) return false;
    await rm(join(this.dir, `${id}${META_SUFFIX}`), { force: true });
    await rm(join(this.dir, entry.bodyFile), { force: true });
    return true;
  }

  async lastUploaded(id: string): Promise<string | undefined> {
    const text = await readOptional(join(this.dir, `${id}${UPLOADED_SUFFIX}`));
    const hash = text?.toString('utf8').trim();
    return hash && /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
  }

  async recordUploaded(id: string, sha256: string): Promise<void> {
    await writeFileAtomic(join(this.dir, `${id}${UPLOADED_SUFFIX}`), `${sha256}\n`, 0o600);
  }

  /**
   * Deletes leftovers of interrupted writes (temporary files, bodies no metadata points at).
   * Call only when nothing else is writing to the spool, i.e. at start.
   */
  async sweep(): Promise<void> {
    const names = await this.names();
    const referenced = new Set((await this.list()).map((entry) => entry.bodyFile));
    for (const name of names) {
      const orphanBody = name.endsWith(BODY_SUFFIX) && !referenced.has(name);
      if (orphanBody || name.endsWith('.tmp')) await rm(join(this.dir, name), { force: true });
    }
  }

  private async names(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }
}

function parseEntry(text: string): SpoolEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const strings = ['id', 'sourcePath', 'sourceLabel', 'displayName', 'sha256', 'spooledAt', 'bodyFile'];
  const numbers = ['rawSize', 'gzipSize'];
  if (!strings.every((key) => typeof record[key] === 'string')) return undefined;
  if (!numbers.every((key) => typeof record[key] === 'number')) return undefined;
  // The body name is joined to the spool directory: refuse anything that could leave it.
  if (!/^[0-9a-f]+-[0-9a-f]{64}\.gz$/.test(record.bodyFile as string)) return undefined;
  return record as unknown as SpoolEntry;
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
