import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalObjectStore, type ObjectStore } from '../../../core/storage/object-store';
import { localPath, snapshotObjects } from './files';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-lake-files-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const local = () => createLocalObjectStore(path.join(root, 'objects'));
/** The same folder seen as a remote store is: no in-place files. */
const remoteLike = (): ObjectStore => ({ ...local(), localFile: undefined, scratch: undefined });

describe.each([
  ['a local store (hard links)', local],
  ['a remote store (copies)', remoteLike],
])('snapshotObjects from %s', (_name, make) => {
  it('keeps the bytes of the moment it was taken while the store replaces and deletes objects', async () => {
    const store = make();
    const keys = ['gold/c/fact_pull/raid_id=r1/fact_pull.parquet', 'gold/c/dim_player/dim_player.parquet'];
    await store.put(keys[0] as string, 'pulls v1');
    await store.put(keys[1] as string, 'players v1');
    const snap = path.join(root, 'snap');
    await snapshotObjects(store, keys, snap);

    // A rebuild: one object renamed over (a put and a putFile), the other deleted.
    await store.put(keys[0] as string, 'pulls v2');
    await store.delete(keys[1] as string);
    expect(fs.readFileSync(localPath(snap, keys[0] as string), 'utf8')).toBe('pulls v1');
    expect(fs.readFileSync(localPath(snap, keys[1] as string), 'utf8')).toBe('players v1');
    expect((await store.get(keys[0] as string))?.toString()).toBe('pulls v2');
  });
});

it('a snapshot of a local store shares the files instead of copying them', async () => {
  const store = local();
  await store.put('gold/x.parquet', 'bytes');
  await snapshotObjects(store, ['gold/x.parquet'], path.join(root, 'snap'));
  expect(fs.statSync(path.join(root, 'snap', 'gold', 'x.parquet')).ino).toBe(
    fs.statSync(store.localFile?.('gold/x.parquet') ?? '').ino,
  );
});
