import { createGunzip, type Gunzip } from 'node:zlib';

/**
 * Output pieces of a streaming gunzip. zlib's default (16 KiB) makes a 19 MB upload ~1,200
 * round trips between the thread pool and the event loop, each with its own buffer: ~120 ms
 * against ~40 ms with 256 KiB pieces (the whole file at once, `gunzipSync`, also ~40 ms).
 */
const GUNZIP_PIECE_BYTES = 256 * 1024;

/** A streaming gunzip with large output pieces, for uploads and log files. */
export function createGunzipStream(): Gunzip {
  return createGunzip({ chunkSize: GUNZIP_PIECE_BYTES });
}
