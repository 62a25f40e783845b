import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedActivityEvent } from '../src/modules/activity';
import { onIngestEvents } from '../src/modules/wow';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { latch } from './latch';
import { apiKeys, day, trackerFile, uploadFile } from './wow-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const joined = (events: RecordedActivityEvent[]) =>
  events.filter((e) => e.kind === 'join').map((e) => String(e.data.name).split('-')[0]);

const roster = (...names: string[]) => Object.fromEntries(names.map((n) => [n, {}]));

describe('uploads of one community', () => {
  it('commit one at a time, each reading what the previous wrote; another community is not held up', async () => {
    const a = await makeCommunity(t.ctx, { realm: 'Stormvale' });
    const b = await makeCommunity(t.ctx, { realm: 'Stormvale' });
    const keysA = await apiKeys(t.ctx, a.id);
    const keysB = await apiKeys(t.ctx, b.id);
    for (const key of [keysA.upload, keysB.upload]) {
      const first = await uploadFile(t.app, key, trackerFile({ rosterAt: day(0), roster: roster('Alpha') }));
      expect(first.statusCode).toBe(200);
    }

    // The first upload of A stops inside its transaction (in the ingestion hook) until released.
    const held = latch();
    const entered = latch();
    const seen: string[] = [];
    const off = onIngestEvents(async (_tx, community, events) => {
      const names = joined(events);
      seen.push(`${community.id === a.id ? 'A' : 'B'}:${names.join(',')}`);
      if (names.includes('Gated')) {
        entered.open();
        await held.opened;
      }
    });
    try {
      const gated = uploadFile(
        t.app,
        keysA.upload,
        trackerFile({ rosterAt: day(1), roster: roster('Alpha', 'Gated') }),
      );
      await entered.opened;
      const next = uploadFile(
        t.app,
        keysA.upload,
        trackerFile({ rosterAt: day(2), roster: roster('Alpha', 'Gated', 'Second') }),
      );
      if (t.ctx.dbKind === 'postgres') {
        // PostgreSQL: B's upload commits while A's first one still holds A.
        const other = await uploadFile(
          t.app,
          keysB.upload,
          trackerFile({ rosterAt: day(1), roster: roster('Alpha', 'Other') }),
        );
        expect(other.statusCode).toBe(200);
        expect(seen).toEqual(['A:Gated', 'B:Other']);
      }
      expect(seen).not.toContain('A:Second');
      held.open();
      const [first, second] = await Promise.all([gated, next]);
      expect(first.statusCode).toBe(200);
      // The second upload saw Gated as already present: it adds only Second.
      expect(second.statusCode).toBe(200);
      expect(second.json().summary).toMatchObject({ added: 1, left: 0 });
      expect(seen.at(-1)).toBe('A:Second');
    } finally {
      off();
    }
  });
});
