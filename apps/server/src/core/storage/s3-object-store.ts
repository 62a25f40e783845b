import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkKey, type ObjectStore, putFileByCopy } from './object-store';

export interface S3ObjectStoreOptions {
  bucket: string;
  /** Every key is stored under it: empty, or ending with `/`. */
  prefix: string;
  region: string;
  /** MinIO, Ceph, R2…; AWS itself needs none. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** The SDK's default chain (environment, profile, instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** The SDK client for the options (the store takes another one, e.g. with extra middleware). */
export function createS3Client(opts: S3ObjectStoreOptions): S3Client {
  return new S3Client({
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
}

/** Streams are uploaded in parts of this size (S3's minimum is 5 MiB). */
const PART_BYTES = 8 * 1024 * 1024;

const isMissing = (err: unknown) =>
  err instanceof NoSuchKey ||
  (err as { name?: string }).name === 'NoSuchKey' ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * The object store on an S3-compatible bucket: the same keys as the local folder, under
 * `prefix`, so `s3://bucket/prefix/bronze/community=…/…` is what ClickHouse, Trino or Spark
 * read. A buffer is one PUT (S3 never shows a half-written object); a stream is a multipart
 * upload, completed only once every part arrived.
 */
export function createS3ObjectStore(
  opts: S3ObjectStoreOptions,
  client: S3Client = createS3Client(opts),
): ObjectStore {
  if (opts.prefix !== '' && !opts.prefix.endsWith('/')) throw new Error('the S3 prefix must end with /');
  const Bucket = opts.bucket;
  const full = (key: string) => `${opts.prefix}${checkKey(key)}`;

  const store: ObjectStore = {
    location: `s3://${opts.bucket}/${opts.prefix}`,
    async put(key, body) {
      const Key = full(key);
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ Bucket, Key, Body: body }));
        return;
      }
      await new Upload({
        client,
        params: { Bucket, Key, Body: body },
        partSize: PART_BYTES,
        queueSize: 2,
      }).done();
    },
    putFile: (key, file) => putFileByCopy(store, key, file),
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: full(key) }));
        if (!res.Body) return Buffer.alloc(0);
        return Buffer.from(await res.Body.transformToByteArray());
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async read(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: full(key) }));
        if (!res.Body) return Readable.from([]);
        return res.Body as Readable;
      } catch (err) {
        if (isMissing(err)) {
          throw Object.assign(new Error(`no object ${key}`), { code: 'ENOENT' });
        }
        throw err;
      }
    },
    async list(prefix) {
      const out: { key: string; size: number }[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: `${opts.prefix}${prefix}`,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const o of res.Contents ?? []) {
          if (o.Key === undefined) continue;
          out.push({ key: o.Key.slice(opts.prefix.length), size: o.Size ?? 0 });
        }
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: full(key) }));
    },
    async close() {
      client.destroy();
    },
  };
  return store;
}
