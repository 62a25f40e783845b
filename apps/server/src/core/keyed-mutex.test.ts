import { describe, expect, it } from 'vitest';
import { latch } from '../../test/latch';
import { createKeyedMutex } from './keyed-mutex';

describe('keyed mutex', () => {
  it('runs work of one key one at a time, in arrival order, and other keys alongside', async () => {
    const mutex = createKeyedMutex();
    const log: string[] = [];
    const first = latch();
    const a1 = mutex.run('a', async () => {
      log.push('a1 start');
      await first.opened;
      log.push('a1 end');
    });
    const a2 = mutex.run('a', async () => {
      log.push('a2 start');
    });
    // Another key finishes while a1 still holds 'a'.
    await mutex.run('b', async () => {
      log.push('b');
    });
    expect(log).toEqual(['a1 start', 'b']);
    first.open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2 start']);
  });

  it('a failure releases the key for the next one and reaches only its own caller', async () => {
    const mutex = createKeyedMutex();
    const failed = mutex.run('a', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('a', async () => 'next ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });
});
