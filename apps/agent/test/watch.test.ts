import { rename, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileSignature, SettleTracker, statSignature, watchFile } from '../src/watch';
import { tempDir } from './helpers/temp';

describe('SettleTracker', () => {
  const now = 1_000_000;

  it('waits until size and mtime stay the same for settleMs', () => {
    const tracker = new SettleTracker(2_000);
    const writing: FileSignature = { size: 10, mtimeMs: now };
    expect(tracker.observe(writing, now)).toEqual({ kind: 'settling', waitMs: 2_000 });
    const grown: FileSignature = { size: 20, mtimeMs: now + 500 };
    expect(tracker.observe(grown, now + 500)).toEqual({ kind: 'settling', waitMs: 2_000 });
    expect(tracker.observe(grown, now + 1_500)).toEqual({ kind: 'settling', waitMs: 1_000 });
    expect(tracker.observe(grown, now + 2_500)).toEqual({ kind: 'settled' });
    // The same version is reported only once.
    expect(tracker.observe(grown, now + 9_000)).toEqual({ kind: 'idle' });
  });

  it('takes a file nobody has touched for a while at once', () => {
    const tracker = new SettleTracker(2_000);
    expect(tracker.observe({ size: 10, mtimeMs: now - 60_000 }, now)).toEqual({ kind: 'settled' });
  });

  it('reports a version again after forget(), and nothing for a missing file', () => {
    const tracker = new SettleTracker(0);
    const signature = { size: 1, mtimeMs: now };
    expect(tracker.observe(signature, now)).toEqual({ kind: 'settled' });
    tracker.forget();
    expect(tracker.observe(signature, now)).toEqual({ kind: 'settled' });
    expect(tracker.observe(undefined, now)).toEqual({ kind: 'idle' });
  });
});

describe('watchFile', () => {
  it('reports the current version, then each replacement once it has settled', async () => {
    const dir = await tempDir();
    const file = join(dir, 'GuildActivityTracker.lua');
    await writeFile(file, 'v1');
    const seen: string[] = [];
    let notify = () => {};
    const watch = watchFile(file, {
      settleMs: 50,
      pollMs: 100,
      onError: (error) => {
        throw error;
      },
      onSettled: async (signature) => {
        seen.push(`${signature.size}`);
        notify();
        return true;
      },
    });
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    try {
      await next();
      // The game writes a new file and renames it over the old one.
      const replacement = join(dir, 'GuildActivityTracker.lua.new');
      await writeFile(replacement, 'version two');
      const later = new Date(Date.now() + 1_000);
      await utimes(replacement, later, later);
      const settled = next();
      await rename(replacement, file);
      await settled;
      expect(seen).toEqual(['2', '11']);
      expect(await statSignature(file)).toMatchObject({ size: 11 });
    } finally {
      watch.close();
    }
  });
});
