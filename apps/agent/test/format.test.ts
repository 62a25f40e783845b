import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDelay, formatEvent } from '../src/format';
import type { SpoolEntry } from '../src/spool';

const entry: SpoolEntry = {
  id: 'abc',
  sourcePath: '/x/GuildActivityTracker.lua',
  sourceLabel: 'ACC/GuildActivityTracker.lua',
  displayName: 'GuildActivityTracker.lua',
  sha256: 'f'.repeat(64),
  rawSize: Math.round(3.2 * 1024 * 1024),
  gzipSize: 410 * 1024,
  spooledAt: '2025-01-01T00:00:00.000Z',
  bodyFile: `abc-${'f'.repeat(64)}.gz`,
};
const at = new Date(2025, 0, 1, 12, 4, 31);

describe('status lines', () => {
  it('formats sizes, delays and the clock', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(410 * 1024)).toBe('410 KB');
    expect(formatBytes(3.2 * 1024 * 1024)).toBe('3.2 MB');
    expect(formatDelay(7_200)).toBe('8s');
    expect(formatDelay(150_000)).toBe('2m 30s');
    expect(formatDelay(3 * 3_600_000)).toBe('3h');
    expect(formatClock(at)).toBe('12:04:31');
  });

  it('summarises an accepted upload', () => {
    const line = formatEvent(
      {
        type: 'uploaded',
        entry,
        accepted: {
          uploadId: 'u1',
          unchanged: false,
          summary: { added: 2, updated: 1, inactivated: 0, reactivated: 0, snapshots: 144, chatDays: 12 },
        },
      },
      at,
    );
    expect(line).toEqual({
      stream: 'stdout',
      text: '12:04:31 uploaded GuildActivityTracker.lua (3.2 MB → 410 KB): +2 members, 1 updated, 0 inactivated, 144 snapshots, 12 chat days',
    });
  });

  it('says unchanged, and which retry it waits on', () => {
    const unchanged = formatEvent(
      { type: 'uploaded', entry, accepted: { uploadId: 'u1', unchanged: true, summary: undefined } },
      at,
    );
    expect(unchanged.text).toBe('12:04:31 uploaded GuildActivityTracker.lua (3.2 MB → 410 KB): unchanged');
    const retry = formatEvent(
      { type: 'retrying', entry, delayMs: 7_400, reason: 'HTTP 503', attempt: 3 },
      at,
    );
    expect(retry.text).toBe('12:04:31 GuildActivityTracker.lua: retrying in 8s (HTTP 503)');
  });
});
