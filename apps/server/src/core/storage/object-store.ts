import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where the lake, backups and exports live: a folder under the data directory by default, an
 * S3-compatible bucket when `S3_*` is configured. Keys are `/`-separated paths
 * (`bronze/community=…/raid_id=…/…`), the same in both, so the layout ClickHouse, Trino or
 * Spark read from S3 is the one on disk.
 */
export interface ObjectStore {
  /** `file://…` or `s3://bucket/prefix`: where the keys live, for logs and docs. */
  readonly location: string;
  /** Writes the whole object; readers never see a half-written one. */
  put(key: string, body: Buffer | string | Readable): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Streams an object; throws when there is none. */
  read(key: string): Promise<Readable>;
  /**
   * Stores a finished local file as `key`, consuming it: a local store renames it into place
   * when it lies under `scratch` (no copy), S3 uploads it.
   */
  putFile(key: string, file: string): Promise<void>;
  /**
   * A store on this machine's disk: the file holding `key`, for readers that take paths
   * (DuckDB) to read in place instead of from a copy. Absent on remote stores.
   */
  localFile?(key: string): string;
  /** A folder on the store's own disk for files about to be `putFile`d; absent on remote stores. */
  readonly scratch?: string;
  /** Every key under a prefix, sorted, with its size in bytes. */
  list(prefix: string): Promise<{ key: string; size: number }[]>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Refuses keys that could leave the store's root or name a folder. */
export function checkKey(key: string): string {
  if (
    key === '' ||
    key.startsWith('/') ||
    key.endsWith('/') ||
    key.includes('\\') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`invalid object key: ${JSON.stringify(key)}`);
  }
  return key;
}

/** Names a local store gives what is not an object: half-written files, and `scratch`. */
const TEMPORARY_PREFIX = '.tmp-';

/** Whether a file or folder of a local store's tree is temporary, never an object. */
export const isTemporaryName = (name: string) => name.startsWith(TEMPORARY_PREFIX);

/** `putFile` by copying: streams the file into the store, then removes it. */
export async function putFileByCopy(store: ObjectStore, key: string, file: string): Promise<void> {
  await store.put(key, createReadStream(file));
  await rm(file, { force: true });
}

let tmpCounter = 0;

/** The default store: files under `root`, written to a temporary name and renamed into place. */
export function createLocalObjectStore(root: string): ObjectStore {
  const full = (key: string) => path.join(root, ...checkKey(key).split('/'));
  const scratch = path.join(root, `${TEMPORARY_PREFIX}scratch`);

  async function walk(dir: string, prefix: string, out: { key: string; size: number }[]): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const entry of entries) {
      if (isTemporaryName(entry.name)) continue;
      const key = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file, key, out);
      else if (entry.isFile()) out.push({ key, size: (await stat(file)).size });
    }
  }

  const store: ObjectStore = {
    location: `file://${path.resolve(root)}`,
    async put(key, body) {
      const target = full(key);
      const dir = path.dirname(target);
      const tmp = path.join(dir, `${TEMPORARY_PREFIX}${process.pid}-${++tmpCounter}`);
      try {
        if (typeof body === 'string' || Buffer.isBuffer(body)) {
          // Bytes in hand are written at once; the folder is made only when missing (the first
          // object under a prefix), not with a mkdir per write.
          await writeFile(tmp, body).catch(async (err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
            await mkdir(dir, { recursive: true });
            await writeFile(tmp, body);
          });
        } else {
          // A stream can be read only once: its folder exists before the first byte is taken.
          await mkdir(dir, { recursive: true });
          await pipeline(body, createWriteStream(tmp));
        }
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async putFile(key, file) {
      const target = full(key);
      try {
        await rename(file, target);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          // Only a missing folder is made here: a missing file is the caller's error.
          await stat(file);
          await mkdir(path.dirname(target), { recursive: true });
          await rename(file, target);
        } else if (code === 'EXDEV') await putFileByCopy(store, key, file);
        else throw err;
      }
    },
    // A Hive reader takes any `name=value` folder of a path for a partition column: a root
    // holding one would add columns, so such a store is read from copies like a remote one.
    ...(path.resolve(root).includes('=') ? {} : { localFile: full }),
    scratch,
    async get(key) {
      try {
        return await readFile(full(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async read(key) {
      const file = full(key);
      await stat(file);
      return createReadStream(file);
    },
    async list(prefix) {
      const out: { key: string; size: number }[] = [];
      // Walk from the deepest whole folder of the prefix, then filter by the rest.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      if (folder !== '') checkKey(folder);
      await walk(folder === '' ? root : full(folder), folder, out);
      return out.filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
    },
    async delete(key) {
      await rm(full(key), { force: true });
    },
    async close() {},
  };
  return store;
}
