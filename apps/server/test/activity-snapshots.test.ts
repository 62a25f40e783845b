import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/core/context';
import { recordSnapshots } from '../src/modules/activity';
import { createTestContext, makeCommunity, type TestContext, testDatabaseUrl } from './helpers';
import { latch } from './latch';

/**
 * `activity_snapshots` has no foreign key to its community (per-row checks were most of a big
 * first upload's write): the write locks the community row once, serialises the community's
 * writers, and a trigger deletes a community's snapshots with it. These check each of those.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

/** Snapshots every ten minutes from `from` (epoch seconds), counts 0–29. */
const plain = (from: number, n: number) => ({
  at: Array.from({ length: n }, (_, i) => from + i * 600),
  count: Array.from({ length: n }, (_, i) => i % 30),
});
const START = 1_764_547_200; // 2025-12-01T00:00:00Z

async function count(ctx: AppContext, communityId: string): Promise<number> {
  const r = (await ctx.db.execute(
    sql`select count(*)::int as n from activity_snapshots where community_id = ${communityId}`,
  )) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

/** Resolves once some statement of this database waits for a lock another transaction holds. */
async function someoneWaits(ctx: AppContext): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    const r = (await ctx.db.execute(sql`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`)) as unknown as {
      rows: { n: number }[];
    };
    if (r.rows[0]!.n > 0) return;
  }
  throw new Error('nobody waited for the lock');
}

describe('snapshots and their community', () => {
  it('are refused for a community that does not exist, and nothing is written', async () => {
    const ghost = '00000000-0000-4000-8000-000000000001';
    await expect(
      t.ctx.db.transaction((tx) => recordSnapshots(tx, ghost, plain(START, 10))),
    ).rejects.toMatchObject({ code: 'COMMUNITY_NOT_FOUND' });
    expect(await count(t.ctx, ghost)).toBe(0);
  });

  it('go when their community is deleted, and only theirs', async () => {
    const gone = await makeCommunity(t.ctx);
    const kept = await makeCommunity(t.ctx);
    for (const c of [gone, kept]) {
      expect(await t.ctx.db.transaction((tx) => recordSnapshots(tx, c.id, plain(START, 2_500)))).toBe(2_500);
    }
    await t.ctx.db.execute(sql`delete from communities where id = ${gone.id}`);
    expect(await count(t.ctx, gone.id)).toBe(0);
    expect(await count(t.ctx, kept.id)).toBe(2_500);
  });

  it('written twice store each instant once and report only the new ones', async () => {
    const c = await makeCommunity(t.ctx);
    expect(await t.ctx.db.transaction((tx) => recordSnapshots(tx, c.id, plain(START, 3_000)))).toBe(3_000);
    // The same days and one more: days whose digests match are skipped, the rest anti-joined.
    expect(await t.ctx.db.transaction((tx) => recordSnapshots(tx, c.id, plain(START, 3_150)))).toBe(150);
    expect(await count(t.ctx, c.id)).toBe(3_150);
  });
});

/**
 * A snapshot write whose transaction stays open after the write, holding its locks, until
 * `commitOnceWaitedFor`: that waits until another statement waits on a lock, then lets the
 * write commit and answers what it stored.
 */
async function openWrite(communityId: string, from: number, n: number) {
  const held = latch();
  const wrote = latch();
  const written = t.ctx.db.transaction(async (tx) => {
    const stored = await recordSnapshots(tx, communityId, plain(from, n));
    wrote.open();
    await held.opened;
    return stored;
  });
  await wrote.opened;
  return {
    async commitOnceWaitedFor(): Promise<number> {
      try {
        await someoneWaits(t.ctx);
      } finally {
        held.open();
      }
      return written;
    },
  };
}

describe.runIf(testDatabaseUrl)('snapshots written at once on PostgreSQL', () => {
  it("wait for the community's other writer: the second stores only what the first did not", async () => {
    const c = await makeCommunity(t.ctx);
    const first = await openWrite(c.id, START, 1_000);
    // Overlapping instants: without the lock, its insert would meet the first's uncommitted rows.
    const second = t.ctx.db.transaction((tx) => recordSnapshots(tx, c.id, plain(START + 500 * 600, 1_000)));
    expect(await first.commitOnceWaitedFor()).toBe(1_000);
    expect(await second).toBe(500);
    expect(await count(t.ctx, c.id)).toBe(1_500);
  });

  it('hold off the deletion of their community until written, then go with it', async () => {
    const c = await makeCommunity(t.ctx);
    const write = await openWrite(c.id, START, 1_000);
    // (A query runs when awaited: `Promise.resolve` starts it now.)
    const deletion = Promise.resolve(t.ctx.db.execute(sql`delete from communities where id = ${c.id}`));
    expect(await write.commitOnceWaitedFor()).toBe(1_000);
    await deletion;
    expect(await count(t.ctx, c.id)).toBe(0);
  });
});
