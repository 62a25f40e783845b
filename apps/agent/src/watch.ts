import { type FSWatcher, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { isNotFound } from './spool';

export interface FileSignature {
  size: number;
  mtimeMs: number;
}

export async function statSignature(path: string): Promise<FileSignature | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch (error) {
    if (isNotFound(error) || isBusy(error)) return undefined;
    throw error;
  }
}

/** Windows reports a file the game is still replacing as busy or not permitted: try again shortly. */
function isBusy(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EBUSY' || code === 'EPERM';
}

function signatureKey(signature: FileSignature): string {
  return `${signature.size}:${signature.mtimeMs}`;
}

export type SettleState = { kind: 'idle' } | { kind: 'settled' } | { kind: 'settling'; waitMs: number };

/**
 * Decides when a file has stopped changing: its size and mtime must stay the same for `settleMs`.
 * A version whose mtime is already older than twice `settleMs` counts as settled at once (the
 * game is not writing it), and a version that has been reported once is not reported again.
 */
export class SettleTracker {
  private candidate: { key: string; since: number } | undefined;
  private reported: string | undefined;

  constructor(private readonly settleMs: number) {}

  observe(signature: FileSignature | undefined, nowMs: number): SettleState {
    if (!signature) {
      this.candidate = undefined;
      return { kind: 'idle' };
    }
    const key = signatureKey(signature);
    if (key === this.reported) {
      this.candidate = undefined;
      return { kind: 'idle' };
    }
    // Counting from mtime + settleMs (not mtime) leaves room for file systems with coarse mtimes.
    if (this.candidate?.key !== key) {
      this.candidate = { key, since: Math.min(nowMs, signature.mtimeMs + this.settleMs) };
    }
    const stableFor = nowMs - this.candidate.since;
    if (stableFor >= this.settleMs) {
      this.reported = key;
      this.candidate = undefined;
      return { kind: 'settled' };
    }
    return { kind: 'settling', waitMs: this.settleMs - stableFor };
  }

  /** Forget the last reported version, e.g. because reading it failed. */
  forget(): void {
    this.reported = undefined;
  }
}

/**
 * Reads the file if it is still exactly the version described by `signature` after the read
 * (the game replaces the file as a whole; a read racing with that is discarded).
 */
export async function readIfUnchanged(path: string, signature: FileSignature): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isNotFound(error) || isBusy(error)) return undefined;
    throw error;
  }
  const after = await statSignature(path);
  if (!after || signatureKey(after) !== signatureKey(signature) || bytes.length !== after.size)
    return undefined;
  return bytes;
}

export interface WatchOptions {
  settleMs: number;
  pollMs: number;
  /** Called once per settled version; resolve false if it could not be read, to look again. */
  onSettled: (signature: FileSignature) => Promise<boolean>;
  onError: (error: unknown) => void;
  now?: () => number;
}

export interface FileWatch {
  close(): void;
}

/**
 * Watches one file for new settled versions, starting with the one present now.
 * fs.watch on the directory gives quick notice (the game replaces the file, so a watch on the
 * file itself would go stale); polling its stat every `pollMs` covers platforms and file
 * systems where fs.watch misses events or is unavailable.
 */
export function watchFile(path: string, options: WatchOptions): FileWatch {
  const now = options.now ?? Date.now;
  const tracker = new SettleTracker(options.settleMs);
  const name = basename(path).toLowerCase();
  let closed = false;
  let checking = false;
  let again = false;
  let settleTimer: NodeJS.Timeout | undefined;

  const schedule = (ms: number) => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => void check(), Math.max(0, Math.ceil(ms)));
  };

  const check = async (): Promise<void> => {
    if (closed) return;
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      do {
        again = false;
        const signature = await statSignature(path);
        const state = tracker.observe(signature, now());
        if (state.kind === 'settling') schedule(state.waitMs);
        if (state.kind === 'settled' && signature && !closed) {
          const handled = await options.onSettled(signature);
          if (!handled) {
            tracker.forget();
            schedule(Math.min(options.pollMs, 250));
          }
        }
      } while (again && !closed);
    } catch (error) {
      options.onError(error);
    } finally {
      checking = false;
    }
  };

  const poll = setInterval(() => void check(), options.pollMs);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), { persistent: true }, (_event, changed) => {
      if (changed == null || changed.toString().toLowerCase() === name) void check();
    });
    watcher.on('error', () => {
      // The directory went away or the platform gave up watching: polling carries on alone.
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    // The directory does not exist yet, or fs.watch is unsupported here: polling only.
  }
  void check();

  return {
    close() {
      closed = true;
      clearInterval(poll);
      clearTimeout(settleTimer);
      watcher?.close();
    },
  };
}

/**
 * Waits until the file's current version has settled and returns its bytes, or undefined if the
 * file does not exist. Used by `--once`.
 */
export async function readWhenSettled(
  path: string,
  settleMs: number,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<{ bytes: Buffer; signature: FileSignature } | undefined> {
  const tracker = new SettleTracker(settleMs);
  while (true) {
    signal.throwIfAborted();
    const signature = await statSignature(path);
    const state = tracker.observe(signature, now());
    if (state.kind === 'idle' || !signature) return undefined;
    if (state.kind === 'settling') {
      await wait(Math.min(state.waitMs, 1_000), undefined, { signal });
      continue;
    }
    const bytes = await readIfUnchanged(path, signature);
    if (bytes) return { bytes, signature };
    tracker.forget();
    await wait(100, undefined, { signal });
  }
}
