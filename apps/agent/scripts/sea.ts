import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unsign } from 'macho-unsign';
import type { ExecutableTarget } from './targets';

const run = promisify(execFile);

/** The fuse Node's single-executable support looks for (documented in Node's `sea` page). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

interface PostjectApi {
  inject(
    filename: string,
    resourceName: string,
    resourceData: Buffer,
    options: { sentinelFuse: string; machoSegmentName?: string; overwrite?: boolean },
  ): Promise<void>;
}
// postject ships CommonJS without type declarations.
const postject = createRequire(import.meta.url)('postject') as PostjectApi;

/**
 * Writes the preparation blob for a CommonJS bundle. `blobNode` must be the same Node version
 * as the binaries the blob goes into (the blob format is tied to the version, not the platform,
 * when the code cache and snapshot are off, which is what lets one Linux build serve all four).
 */
export async function prepareSeaBlob(opts: { blobNode: string; cjsBundle: string; workDir: string }) {
  await mkdir(opts.workDir, { recursive: true });
  const blob = join(opts.workDir, 'sea-prep.blob');
  const config = join(opts.workDir, 'sea-config.json');
  await writeFile(
    config,
    JSON.stringify({
      main: opts.cjsBundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
    }),
  );
  await run(opts.blobNode, ['--experimental-sea-config', config]);
  return readFile(blob);
}

/**
 * Copies a Node binary to `outFile` and injects the blob: the steps of Node's single-executable
 * guide, with the macOS signature removed first (re-signing needs Apple's `codesign`, which the
 * player runs: see the agent README).
 */
export async function injectSeaBlob(opts: {
  nodeBinary: string;
  blob: Buffer;
  outFile: string;
  format: ExecutableTarget['format'];
}): Promise<void> {
  await mkdir(dirname(opts.outFile), { recursive: true });
  await rm(opts.outFile, { force: true });
  if (opts.format === 'macho') {
    const signed = await readFile(opts.nodeBinary);
    const unsigned = unsign(signed);
    await writeFile(opts.outFile, unsigned ? Buffer.from(unsigned) : signed);
  } else {
    await copyFile(opts.nodeBinary, opts.outFile);
  }
  await chmod(opts.outFile, 0o755);
  await postject.inject(opts.outFile, 'NODE_SEA_BLOB', opts.blob, {
    sentinelFuse: SEA_FUSE,
    machoSegmentName: opts.format === 'macho' ? 'NODE_SEA' : undefined,
    overwrite: true,
  });
}
