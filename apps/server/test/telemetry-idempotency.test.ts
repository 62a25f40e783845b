import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../src/core/storage/object-store';
import type { Community } from '../src/modules/communities';
import { claimIdempotencyKey } from '../src/modules/telemetry/idempotency.repo';
import { pruneIdempotencyKeysJob } from '../src/modules/telemetry/telemetry.jobs';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { latch } from './latch';
import { postEvents, storedBronze, telemetryEvent, telemetryKeys } from './telemetry-fixtures';

/** `Idempotency-Key` on `POST …/telemetry/events`: retries, conflicts, races, crashes, pruning. */

const LIMIT = 64 * 1024;
let t: TestApp;
let community: Community;
let keys: Awaited<ReturnType<typeof telemetryKeys>>;

beforeEach(async () => {
  t = await createTestApp({
    env: { TELEMETRY_BODY_LIMIT_BYTES: String(LIMIT), RATE_LIMIT_PER_MINUTE: '100000' },
  });
  community = await makeCommunity(t.ctx);
  keys = await telemetryKeys(t.ctx, community.id);
});
afterEach(() => t.close());

const stored = () => storedBronze(t.ctx, community.id);

describe('Idempotency-Key', () => {
  const count = async () =>
    (
      (await t.ctx.db.execute(sql`select count(*)::int as n from telemetry_idempotency_keys`)) as {
        rows: { n: number }[];
      }
    ).rows[0]!.n;

  it('answers a retried batch with the first answer and stores nothing twice', async () => {
    const batch = [
      telemetryEvent(),
      telemetryEvent({ event_id: undefined }),
      telemetryEvent({ damage_amount: -1 }),
    ];
    const first = await postEvents(t.app, community.id, batch, {
      key: keys.telemetry,
      idempotencyKey: 'batch-1',
    });
    expect(first.statusCode).toBe(207);
    const before = await stored();
    const retry = await postEvents(t.app, community.id, batch, {
      key: keys.telemetry,
      idempotencyKey: 'batch-1',
      gzip: true,
    });
    expect(retry.statusCode).toBe(207);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await stored()).toEqual(before);
    expect(before.flatMap((o) => o.events)).toHaveLength(2);
    // A new key is a new batch, beside the first.
    const again = await postEvents(t.app, community.id, batch, {
      key: keys.telemetry,
      idempotencyKey: 'batch-2',
    });
    expect(again.json().batchId).not.toBe(first.json().batchId);
    expect(await stored()).toHaveLength(2);
  });

  it('refuses the same key with a different body (422), and keeps keys per community', async () => {
    const ok = await postEvents(t.app, community.id, [telemetryEvent()], {
      key: keys.telemetry,
      idempotencyKey: 'k',
    });
    expect(ok.statusCode).toBe(201);
    const reused = await postEvents(t.app, community.id, [telemetryEvent()], {
      key: keys.telemetry,
      idempotencyKey: 'k',
    });
    expect([reused.statusCode, reused.json().error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const other = await makeCommunity(t.ctx);
    const otherKey = (await telemetryKeys(t.ctx, other.id)).telemetry;
    const elsewhere = await postEvents(t.app, other.id, [telemetryEvent()], {
      key: otherKey,
      idempotencyKey: 'k',
    });
    expect(elsewhere.statusCode).toBe(201);
    expect((await stored()).flatMap((o) => o.events)).toHaveLength(1);
  });

  it('lets only one of two concurrent requests with a key write; the other waits its turn (409)', async () => {
    const batch = [telemetryEvent(), telemetryEvent({ raid_id: 'raid002' })];
    const real = t.ctx.store;
    const writing = latch();
    const release = latch();
    let puts = 0;
    const held: ObjectStore = {
      ...real,
      async put(key, body) {
        puts += 1;
        writing.open();
        await release.opened;
        return real.put(key, body);
      },
    };
    t.ctx.store = held;
    const first = postEvents(t.app, community.id, batch, { key: keys.telemetry, idempotencyKey: 'same' });
    await writing.opened;
    const second = await postEvents(t.app, community.id, batch, {
      key: keys.telemetry,
      idempotencyKey: 'same',
    });
    expect([second.statusCode, second.json().error.code]).toEqual([409, 'IDEMPOTENCY_KEY_IN_PROGRESS']);
    release.open();
    expect((await first).statusCode).toBe(201);
    const third = await postEvents(t.app, community.id, batch, {
      key: keys.telemetry,
      idempotencyKey: 'same',
    });
    expect([third.statusCode, third.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(puts).toBe(2); // one object per raid, written once
    t.ctx.store = real;
    expect((await stored()).flatMap((o) => o.events)).toHaveLength(2);
  });

  it('lets exactly one of several racing requests with a key write, however they interleave', async () => {
    const batch = [telemetryEvent()];
    const real = t.ctx.store;
    let puts = 0;
    t.ctx.store = {
      ...real,
      put: (key, body) => {
        puts += 1;
        return real.put(key, body);
      },
    };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        postEvents(t.app, community.id, batch, { key: keys.telemetry, idempotencyKey: 'race' }),
      ),
    );
    t.ctx.store = real;
    const fresh = answers.filter(
      (r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined,
    );
    const others = answers.filter((r) => !fresh.includes(r));
    expect(fresh).toHaveLength(1);
    for (const r of others) {
      if (r.statusCode === 201) expect(r.json()).toEqual(fresh[0]!.json());
      else expect([r.statusCode, r.json().error.code]).toEqual([409, 'IDEMPOTENCY_KEY_IN_PROGRESS']);
    }
    expect(puts).toBe(1);
    expect((await stored()).flatMap((o) => o.events)).toHaveLength(1);
  });

  it('frees the key when storing fails, so a retry stores the batch', async () => {
    const real = t.ctx.store;
    t.ctx.store = { ...real, put: async () => Promise.reject(new Error('disk full')) };
    const failed = await postEvents(t.app, community.id, [telemetryEvent()], {
      key: keys.telemetry,
      idempotencyKey: 'x',
    });
    expect(failed.statusCode).toBe(500);
    t.ctx.store = real;
    expect(await count()).toBe(0);
    const retry = await postEvents(t.app, community.id, [telemetryEvent()], {
      key: keys.telemetry,
      idempotencyKey: 'x',
    });
    expect(retry.statusCode).toBe(201);
  });

  it('takes over a claim abandoned past its lease, with the first attempt’s clock and batch', async () => {
    const batch = [telemetryEvent({ event_id: undefined })];
    const body = JSON.stringify(batch);
    const abandonedAt = new Date(Date.now() - 5 * 60_000);
    await claimIdempotencyKey(t.ctx.db, {
      communityId: community.id,
      key: 'crashed',
      requestSha256: crypto.createHash('sha256').update(body).digest('hex'),
      batchId: 'idem-crashed',
      at: abandonedAt,
    });
    const res = await postEvents(t.app, community.id, body, {
      key: keys.telemetry,
      idempotencyKey: 'crashed',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().batchId).toBe('idem-crashed');
    const [object] = await stored();
    expect(object!.events[0]!.ingestion_timestamp.slice(0, 23)).toBe(abandonedAt.toISOString().slice(0, 23));
  });

  it('forgets keys after a day (the prune job)', async () => {
    await postEvents(t.app, community.id, [telemetryEvent()], { key: keys.telemetry, idempotencyKey: 'new' });
    await claimIdempotencyKey(t.ctx.db, {
      communityId: community.id,
      key: 'old',
      requestSha256: 'x',
      batchId: 'b',
      at: new Date(Date.now() - 25 * 3_600_000),
    });
    expect(await count()).toBe(2);
    const job = pruneIdempotencyKeysJob(t.ctx);
    expect(await job.handler({}, { runId: 1, attempt: 1, trigger: 'manual', log: t.ctx.log })).toEqual({
      deleted: 1,
    });
    const keysLeft = (await t.ctx.db.execute(sql`select key from telemetry_idempotency_keys`)) as {
      rows: { key: string }[];
    };
    expect(keysLeft.rows.map((r) => r.key)).toEqual(['new']);
  });
});
