import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { forEachLimit } from '../../../core/concurrency';
import { linkOrCopy } from '../../../core/storage/link-or-copy';
import type { ObjectStore } from '../../../core/storage/object-store';

/**
 * DuckDB reads and writes local files; the lake lives in the object store (a folder or S3).
 * These stage objects for DuckDB (in place on a local store, else copied into a work folder
 * under their own key, so Hive paths stay readable) and move written files back, always
 * through the ObjectStore interface.
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
  await forEachLimit(keys, parallel, async (key) => {
    const target = localPath(dir, key);
    await mkdir(path.dirname(target), { recursive: true });
    await pipeline(await store.read(key), createWriteStream(target));
    onCopied?.(key);
  });
}

/**
 * A snapshot of `keys` under `dir/<key>` that later writes to the store do not change: hard
 * links to a local store's files (the store replaces an object by renaming a new file over it,
 * so a link keeps the old bytes), copies from a remote store or across file systems.
 */
export async function snapshotObjects(
  store: ObjectStore,
  keys: readonly string[],
  dir: string,
): Promise<void> {
  const { localFile } = store;
  if (!localFile) return downloadObjects(store, keys, dir);
  const made = new Set<string>();
  for (const key of keys) {
    const target = localPath(dir, key);
    const folder = path.dirname(target);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    await linkOrCopy(localFile(key), target);
  }
}

/**
 * Makes `keys` readable by DuckDB for one build and answers each one's local file: on a local
 * store the store's own files, read in place; otherwise copies under `dir/<key>`.
 */
export async function stageObjects(
  store: ObjectStore,
  keys: readonly string[],
  dir: string,
  onStaged?: (key: string) => void,
): Promise<(key: string) => string> {
  const { localFile } = store;
  if (localFile) {
    for (const key of keys) onStaged?.(key);
    return (key) => localFile(key);
  }
  await downloadObjects(store, keys, dir, onStaged);
  return (key) => localPath(dir, key);
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

/** Moves every file of `dir` into the store under `prefix`; returns the keys written. */
export async function uploadDir(store: ObjectStore, dir: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const rel of await listLocalFiles(dir)) {
    const key = `${prefix}${rel}`;
    await store.putFile(key, path.join(dir, ...rel.split('/')));
    keys.push(key);
  }
  return keys;
}
