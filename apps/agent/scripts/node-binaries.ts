import { execFile } from 'node:child_process';
import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ExecutableTarget } from './targets';

const run = promisify(execFile);

/**
 * The Node binary for a target, from the npm registry (`npm pack`, then the one file out of the
 * tarball), kept under `cacheDir` so a second build downloads nothing.
 */
export async function nodeBinaryFor(
  target: ExecutableTarget,
  version: string,
  cacheDir: string,
): Promise<string> {
  const dir = join(cacheDir, `node-v${version}-${target.id}`);
  const binary = join(dir, 'package', target.binaryPath);
  if (await exists(binary)) return binary;
  const download = `${dir}.download`;
  await rm(download, { recursive: true, force: true });
  await mkdir(download, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['pack', `${target.npmPackage}@${version}`, '--silent', '--pack-destination', download], {
    shell: process.platform === 'win32',
  });
  const tarball = (await readdir(download)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${target.npmPackage}@${version} produced no tarball`);
  await run('tar', ['-xzf', tarball, `package/${target.binaryPath}`], { cwd: download });
  await rm(join(download, tarball));
  await rm(dir, { recursive: true, force: true });
  await rename(download, dir);
  return binary;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
