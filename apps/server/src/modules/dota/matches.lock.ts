import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Executor } from '../../core/db';
import { tryMatchWriteLock, withMatchWriteLock } from './dota.repo';
import type { CommunityLock } from './matches.store';

/**
 * The one lock every writer of a community's matches takes (ingestion in a server or worker,
 * `dota import` in a CLI process), so no two processes append at once: both deduplicate against
 * what is stored, and two at once could each store a match the other has not written yet.
 * - PostgreSQL: a transaction-scoped advisory lock (any number of machines).
 * - Embedded database: a lock file under the data directory (one machine, which is where the
 *   embedded database lives): created exclusively, holding the owner's pid; a file whose process
 *   is gone is taken over.
 * `onWait` is called once per acquisition that has to wait, with what holds the lock.
 */
export interface MatchLockOptions {
  onWait?: (holder: string) => void;
}

export function postgresMatchLock(db: Executor, opts: MatchLockOptions = {}): CommunityLock {
  return async (communityId, fn) => {
    const now = await tryMatchWriteLock(db, communityId, fn);
    if (now.held) return now.value;
    opts.onWait?.('another process');
    return withMatchWriteLock(db, communityId, fn);
  };
}

/** How often a waiting process looks at the lock file again. */
const POLL_MS = 100;

export function fileMatchLock(dataDir: string, opts: MatchLockOptions = {}): CommunityLock {
  const dir = path.join(dataDir, 'locks');
  return async (communityId, fn) => {
    const file = path.join(dir, `dota-matches-${encodeURIComponent(communityId)}.lock`);
    await fs.mkdir(dir, { recursive: true });
    let told = false;
    for (;;) {
      try {
        await fs.writeFile(file, String(process.pid), { flag: 'wx' });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const pid = Number(await fs.readFile(file, 'utf8').catch(() => ''));
      if (pid > 0 && !alive(pid)) {
        // Left by a process that ended without releasing it: moved aside (one taker wins), then retried.
        const aside = `${file}.stale-${process.pid}`;
        await fs
          .rename(file, aside)
          .then(() => fs.rm(aside, { force: true }))
          .catch(() => {});
        continue;
      }
      if (!told) {
        told = true;
        opts.onWait?.(pid > 0 ? `process ${pid}` : 'another process');
      }
      await delay(POLL_MS);
    }
    try {
      return await fn();
    } finally {
      await fs.rm(file, { force: true });
    }
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
