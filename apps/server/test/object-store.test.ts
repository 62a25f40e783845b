import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createLocalObjectStore, type ObjectStore } from '../src/core/storage/object-store';
import { openObjectStore as createObjectStore } from '../src/core/storage/open-store';
import { createS3Client, createS3ObjectStore } from '../src/core/storage/s3-object-store';
import { type FakeS3, startFakeS3 } from './fakes/s3-server';

/**
 * One contract for every ObjectStore: the local folder and the S3 adapter, the latter against a
 * local S3-compatible server (s3rver, started here on a loopback port, files in a temp folder).
 */

const BUCKET = 'lake';
let s3: FakeS3;
let endpoint: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-object-store-'));

beforeAll(async () => {
  s3 = await startFakeS3(path.join(tmp, 's3rver'), [BUCKET]);
  endpoint = s3.endpoint;
});
afterAll(async () => {
  await s3.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

let counter = 0;
/**
 * The SDK signs bucket requests (`ListObjectsV2`) for `/lake/` while s3rver checks the
 * signature of `/lake`: the client sends the path without the slash, as older SDKs did; both
 * mean the bucket in path-style S3.
 */
function forS3rver(client: S3Client): S3Client {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: string };
      if (request.path && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
      return next(args);
    },
    { step: 'build', name: 'bucketPathWithoutSlash' },
  );
  return client;
}

const s3Store = (prefix: string) => {
  const opts = {
    bucket: BUCKET,
    prefix,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
  };
  return createS3ObjectStore(opts, forS3rver(createS3Client(opts)));
};

const stores: [string, () => ObjectStore][] = [
  ['local folder', () => createLocalObjectStore(path.join(tmp, `local-${++counter}`))],
  ['S3', () => s3Store(`run-${++counter}/`)],
];

const text = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
};

describe.each(stores)('ObjectStore contract: %s', (_name, make) => {
  it('puts buffers, strings and streams, and reads them back whole or streamed', async () => {
    const store = make();
    await store.put('a/b/one.bin', Buffer.from([0, 1, 2, 255]));
    await store.put('a/two.txt', 'héllo');
    await store.put('a/three.txt', Readable.from([Buffer.from('str'), Buffer.from('eamed')]));
    expect(await store.get('a/b/one.bin')).toEqual(Buffer.from([0, 1, 2, 255]));
    expect((await store.get('a/two.txt'))?.toString('utf8')).toBe('héllo');
    expect((await text(await store.read('a/three.txt'))).toString()).toBe('streamed');
    await store.put('a/two.txt', 'replaced');
    expect((await store.get('a/two.txt'))?.toString()).toBe('replaced');
    expect(await store.get('a/missing')).toBeUndefined();
    await expect(store.read('a/missing')).rejects.toThrow();
    await store.close();
  });

  it('lists every key under a prefix, sorted, with sizes; a prefix may end inside a name', async () => {
    const store = make();
    const keys = [
      'bronze/community=ab/raid_id=raid002/ingest_date=2026-01-02/x.events.ndjson.gz',
      'bronze/community=a/raid_id=raid001/ingest_date=2026-01-01/y.events.ndjson.gz',
      'bronze/community=a/raid_id=raid001/ingest_date=2026-01-01/x.events.ndjson.gz',
      'silver/raid_id=raid001/part-0.parquet',
    ];
    for (const [i, key] of keys.entries()) await store.put(key, 'x'.repeat(i + 1));
    expect(await store.list('bronze/community=a/')).toEqual([
      { key: keys[2], size: 3 },
      { key: keys[1], size: 2 },
    ]);
    expect((await store.list('bronze/community=a')).map((o) => o.key)).toEqual([keys[2], keys[1], keys[0]]);
    expect((await store.list('')).map((o) => o.key)).toEqual([...keys].sort());
    expect(await store.list('gold/')).toEqual([]);
    await store.close();
  });

  it('pages through listings past 1,000 keys', async () => {
    const store = make();
    const keys = Array.from({ length: 1010 }, (_, i) => `many/k${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 25)
      await Promise.all(keys.slice(i, i + 25).map((k) => store.put(k, '1')));
    const listed = await store.list('many/');
    expect(listed.length).toBe(1010);
    expect(listed.map((o) => o.key)).toEqual(keys);
    await store.close();
  }, 120_000);

  it('stores a stream larger than one upload part (multipart on S3) byte for byte', async () => {
    const store = make();
    const part = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < part.length; i++) part[i] = (i * 31) % 251;
    const parts = 17; // 17 MiB: three 8 MiB parts on S3
    await store.put(
      'big/blob',
      Readable.from(
        (function* () {
          for (let i = 0; i < parts; i++) yield part;
        })(),
      ),
    );
    const back = await store.get('big/blob');
    expect(back?.length).toBe(parts * part.length);
    expect(back?.subarray(5 * part.length, 6 * part.length).equals(part)).toBe(true);
    expect(await store.list('big/')).toEqual([{ key: 'big/blob', size: parts * part.length }]);
    await store.close();
  }, 120_000);

  it('takes a finished local file in as an object, consuming it', async () => {
    const store = make();
    fs.mkdirSync(store.scratch ?? tmp, { recursive: true });
    const dir = fs.mkdtempSync(path.join(store.scratch ?? tmp, 'put-file-'));
    const file = path.join(dir, 'out.parquet');
    fs.writeFileSync(file, 'PAR1 bytes');
    await store.putFile('gold/t/raid_id=r1/t.parquet', file);
    expect((await store.get('gold/t/raid_id=r1/t.parquet'))?.toString()).toBe('PAR1 bytes');
    expect(fs.existsSync(file)).toBe(false);
    await expect(store.putFile('gold/missing', path.join(dir, 'never-written'))).rejects.toThrow();
    expect(await store.list('gold/')).toEqual([{ key: 'gold/t/raid_id=r1/t.parquet', size: 10 }]);
    await store.close();
  });

  it('deletes (a missing key is no error) and refuses keys that leave the root', async () => {
    const store = make();
    await store.put('d/x', '1');
    await store.delete('d/x');
    await store.delete('d/never');
    expect(await store.get('d/x')).toBeUndefined();
    expect(await store.list('d/')).toEqual([]);
    for (const bad of ['', '/abs', '../up', 'a//b', 'a/./b', 'dir/', 'back\\slash'])
      await expect(store.put(bad, 'x'), bad).rejects.toThrow(/invalid object key/);
    await store.close();
  });
});

describe('local store', () => {
  it('names the file of each key for in-place readers, and keeps its scratch folder out of listings', async () => {
    const root = path.join(tmp, `local-${++counter}`);
    const store = createLocalObjectStore(root);
    await store.put('silver/a.parquet', 'x');
    expect(store.localFile?.('silver/a.parquet')).toBe(path.join(root, 'silver', 'a.parquet'));
    expect(fs.readFileSync(store.localFile?.('silver/a.parquet') ?? '', 'utf8')).toBe('x');
    expect(() => store.localFile?.('../up')).toThrow(/invalid object key/);
    fs.mkdirSync(store.scratch ?? '', { recursive: true });
    fs.writeFileSync(path.join(store.scratch ?? '', 'half-written.parquet'), 'y');
    expect((await store.list('')).map((o) => o.key)).toEqual(['silver/a.parquet']);
    // A Hive reader would take `x=y` in the root's path for a partition: such a store is copied.
    expect(createLocalObjectStore(path.join(tmp, 'dc=eu', 'objects')).localFile).toBeUndefined();
  });
});

describe('S3 store', () => {
  it('keeps its keys under its prefix: another prefix on the same bucket sees none of them', async () => {
    const a = s3Store('tenant-a/');
    const b = s3Store('tenant-b/');
    await a.put('bronze/x', 'a');
    expect(await b.list('')).toEqual([]);
    expect(await b.get('bronze/x')).toBeUndefined();
    const root = s3Store('');
    expect((await root.list('tenant-a/')).map((o) => o.key)).toEqual(['tenant-a/bronze/x']);
    expect(a.location).toBe('s3://lake/tenant-a/');
    await Promise.all([a.close(), b.close(), root.close()]);
  });

  it('is the store the context picks when S3_BUCKET is set; the local folder otherwise', async () => {
    const dataDir = path.join(tmp, 'data');
    const s3 = createObjectStore(
      loadConfig({
        GUILDHALL_DATA_DIR: dataDir,
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: endpoint,
        S3_REGION: 'eu-west-1',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_PREFIX: 'guildhall/',
        S3_FORCE_PATH_STYLE: 'true',
      }),
    );
    expect(s3.location).toBe('s3://lake/guildhall/');
    await s3.put('probe', 'ok');
    expect((await s3.get('probe'))?.toString()).toBe('ok');
    await s3.close();
    const local = createObjectStore(loadConfig({ GUILDHALL_DATA_DIR: dataDir }));
    expect(local.location).toBe(`file://${path.join(dataDir, 'objects')}`);
    expect(() => loadConfig({ S3_BUCKET: BUCKET, S3_PREFIX: 'no-slash' })).toThrow(
      /S3_PREFIX: must be empty or end with \//,
    );
  });
});
