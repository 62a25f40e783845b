import path from 'node:path';
import type { Config } from '../../config';
import { createLocalObjectStore, type ObjectStore } from './object-store';
import { createS3ObjectStore } from './s3-object-store';

/**
 * The configured object store: S3-compatible storage when `S3_BUCKET` is set, else the folder
 * `<data dir>/objects`. A CLI command that only reads and writes the lake (a combat log import)
 * opens it without the database, so it runs beside a server that holds the embedded one.
 */
export function openObjectStore(config: Config): ObjectStore {
  if (!config.S3_BUCKET) return createLocalObjectStore(path.join(config.dataDir, 'objects'));
  return createS3ObjectStore({
    bucket: config.S3_BUCKET,
    prefix: config.S3_PREFIX,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? {
          credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
        }
      : {}),
  });
}
