import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latch } from '../../../test/latch';
import { PgliteRemote } from './pglite-remote';

let remote: PgliteRemote;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-pglite-remote-'));
  remote = await PgliteRemote.open(path.join(dir, 'db'));
  await remote.query('create table t (id int primary key, at timestamptz)');
});
afterAll(async () => {
  await remote.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

describe('PGlite on its own thread', () => {
  it('answers rows, keeps the date types drizzle asks for as text, and database errors keep their code', async () => {
    await remote.query('insert into t values ($1, $2)', [1, '2025-12-31T10:00:00Z']);
    const result = await remote.query('select id, at from t', [], { parsers: { 1184: (v: string) => v } });
    expect(rows(result)).toEqual([{ id: 1, at: expect.stringMatching(/^2025-12-31 10:00:00/) }]);
    const err = await remote.query('insert into t values (1, null)').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });
  });

  it('rolls a failed transaction back and commits a good one', async () => {
    await expect(
      remote.transaction(async (tx) => {
        await tx.query('insert into t values (2, null)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await remote.transaction(async (tx) => {
      await tx.query('insert into t values (3, null)');
    });
    expect(rows(await remote.query('select id from t order by id'))).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('a ping answers while a transaction holds the database; a statement waits for it to end', async () => {
    const held = latch();
    const inside = latch();
    const tx = remote.transaction(async (t) => {
      await t.query('insert into t values (4, null)');
      inside.open();
      await held.opened;
    });
    await inside.opened;
    // Nothing in flight, but the transaction is open: the ping must not queue behind it.
    await remote.ping();
    const order: string[] = ['ping'];
    const outside = remote.query('select count(*)::int as n from t').then((r) => {
      order.push('outside');
      return rows(r)[0]?.n;
    });
    await remote.ping();
    order.push('ping');
    held.open();
    await tx;
    // The statement outside saw the committed row: it ran after the transaction.
    expect(await outside).toBe(3);
    expect(order).toEqual(['ping', 'ping', 'outside']);
  });
});
