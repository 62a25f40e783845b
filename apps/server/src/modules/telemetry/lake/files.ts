import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../../../core/storage/object-store';

/**
 * DuckDB reads and writes local files; the lake lives in the object store (a folder or S3).
 * These copy objects into a work folder under their own key (so Hive paths stay readable)
 * and put written files back, always through the ObjectStore interface.
 */

export const localPath = (dir: string, key: string) => path.join(dir, ...key.split('/'));

/** Copies `keys` into `dir/<key>`, `parallel` at a time; `onCopied` after each. */
export async function downloadObjects(
  store: ObjectStore,
  keys: readonly string[],
  dir: string,
  onCopied?: (key: string) => void,
  parallel = 4,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      const target = localPath(dir, key);
      await mkdir(path.dirname(target), { recursive: true });
      await pipeline(await store.read(key), createWriteStream(target));
      onCopied?.(key);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, keys.length) }, worker));
}

/** Every file under `dir`, as `/`-separated paths relative to it, sorted. */
export async function listLocalFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(path.join(dir, sub), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) await walk(rel);
      else if (e.isFile()) out.push(rel);
    }
  };
  await walk('');
  return out.sort();
}

/** Puts every file of `dir` into the store under `prefix`; returns the keys written. */
export async function uploadDir(store: ObjectStore, dir: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const rel of await listLocalFiles(dir)) {
    const key = `${prefix}${rel}`;
    await store.put(key, createReadStream(path.join(dir, ...rel.split('/'))));
    keys.push(key);
  }
  return keys;
}
