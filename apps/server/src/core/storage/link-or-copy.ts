import { copyFileSync, linkSync } from 'node:fs';
import { copyFile, link } from 'node:fs/promises';

/**
 * Why a hard link can fail where a copy works: another file system, one without hard links (or
 * that refuses them to this user), a file at its file system's link limit. Other failures
 * (`src` missing, `dst` taken) a copy would meet too: they are thrown.
 */
const linkRefused = (err: unknown) =>
  ['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK'].includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * `dst` as a hard link to `src` (no bytes copied; the store replaces a file by renaming a new one
 * over it, so the link keeps the bytes of its moment), or a copy where a link cannot be made.
 */
export async function linkOrCopy(src: string, dst: string): Promise<void> {
  try {
    await link(src, dst);
  } catch (err) {
    if (!linkRefused(err)) throw err;
    await copyFile(src, dst);
  }
}

/** `linkOrCopy` in one go, for a walk that must see the tree at one instant (a backup). */
export function linkOrCopySync(src: string, dst: string): void {
  try {
    linkSync(src, dst);
  } catch (err) {
    if (!linkRefused(err)) throw err;
    copyFileSync(src, dst);
  }
}
