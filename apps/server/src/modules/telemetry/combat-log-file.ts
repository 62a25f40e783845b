import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { HEAD_BYTES } from '@guildhall/combat-log';
import { AppError } from '../../core/errors';
import { createGunzipStream } from '../../core/gunzip';

/** A combat log on disk, raw or gzip, opened for a (resumed) streaming import. */
export interface CombatLogFile {
  name: string;
  /** The first bytes of the (decompressed) log. */
  head: Buffer;
  /** Size of the log text; undefined for a gzip file (known only once read). */
  totalBytes: number | undefined;
  modifiedAt: Date;
  /** The log's text from byte `from` (a gzip file is decompressed from its start and skipped). */
  open(from: number): { source: AsyncIterable<Uint8Array>; sourceOffset: number };
}

const READ_CHUNK = 1024 * 1024;

export async function openCombatLogFile(file: string): Promise<CombatLogFile> {
  let info: import('node:fs').Stats;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('NOT_FOUND', `no such file: ${file}`);
    throw err;
  }
  if (!info.isFile()) throw new AppError('BAD_REQUEST', `not a file: ${file}`);
  const handle = await open(file, 'r');
  let first: Buffer;
  try {
    const buf = Buffer.alloc(HEAD_BYTES + 16);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    first = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const gzip = first[0] === 0x1f && first[1] === 0x8b;
  const name = path.basename(file);
  if (!gzip) {
    return {
      name,
      head: first,
      totalBytes: info.size,
      modifiedAt: info.mtime,
      open: (from) => ({
        source: createReadStream(file, { start: from, highWaterMark: READ_CHUNK }),
        sourceOffset: from,
      }),
    };
  }
  const head = await gunzipHead(file);
  return {
    name: name.replace(/\.gz$/i, ''),
    head,
    totalBytes: undefined,
    modifiedAt: info.mtime,
    open: () => ({
      source: createReadStream(file, { highWaterMark: READ_CHUNK }).pipe(createGunzipStream()),
      sourceOffset: 0,
    }),
  };
}

async function gunzipHead(file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let held = 0;
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 }).pipe(createGunzipStream());
  try {
    for await (const piece of stream) {
      parts.push(piece as Buffer);
      held += (piece as Buffer).length;
      if (held > HEAD_BYTES) break;
    }
  } catch {
    throw new AppError('INVALID_GZIP', `${path.basename(file)} is not a readable gzip file`);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts);
}
