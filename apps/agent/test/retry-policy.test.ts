import { describe, expect, it } from 'vitest';
import { backoffDelayMs, classifyStatus, nextRetryDelayMs, parseRetryAfter } from '../src/retry-policy';

describe('classifyStatus', () => {
  it.each([
    [200, 'delivered'],
    [201, 'delivered'],
    [401, 'bad-key'],
    [403, 'no-scope'],
    [404, 'wrong-server'],
    [301, 'wrong-server'],
    [308, 'wrong-server'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [400, 'rejected'],
    [413, 'rejected'],
    [422, 'rejected'],
  ] as const)('%i → %s', (status, verdict) => {
    expect(classifyStatus(status)).toBe(verdict);
  });
});

describe('backoffDelayMs (full jitter)', () => {
  it('draws from [0, base * 2^n)', () => {
    expect(backoffDelayMs(0, () => 0)).toBe(0);
    expect(backoffDelayMs(0, () => 0.999)).toBe(999);
    expect(backoffDelayMs(3, () => 0.5)).toBe(4_000);
  });

  it('never exceeds the cap, even after very many failures', () => {
    expect(backoffDelayMs(8, () => 0.999)).toBe(Math.floor(0.999 * 256_000));
    expect(backoffDelayMs(9, () => 0.999)).toBe(Math.floor(0.999 * 300_000));
    expect(backoffDelayMs(5_000, () => 0.999)).toBe(Math.floor(0.999 * 300_000));
  });

  it('honours a custom policy', () => {
    expect(backoffDelayMs(2, () => 0.5, { baseMs: 10, capMs: 30 })).toBe(15);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('nextRetryDelayMs', () => {
  it('is never sooner than Retry-After, even beyond the cap', () => {
    expect(nextRetryDelayMs({ retryIndex: 0, random: () => 0.5, retryAfterMs: 1_000 })).toBe(1_000);
    expect(nextRetryDelayMs({ retryIndex: 0, random: () => 0.5, retryAfterMs: 3_600_000 })).toBe(3_600_000);
  });

  it('uses the jittered backoff when it is longer or there is no Retry-After', () => {
    expect(nextRetryDelayMs({ retryIndex: 4, random: () => 0.5, retryAfterMs: 1_000 })).toBe(8_000);
    expect(nextRetryDelayMs({ retryIndex: 4, random: () => 0.5 })).toBe(8_000);
  });
});
