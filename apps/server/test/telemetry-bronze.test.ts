import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createLocalObjectStore } from '../src/core/storage/object-store';
import {
  BronzeRows,
  decodeNdjson,
  encodeNdjson,
  ndjsonText,
  writeBronzeBatch,
  writeBronzeRows,
} from '../src/modules/telemetry/bronze';

const perRow = (rows: readonly unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('bronze NDJSON', () => {
  it('writes the same bytes as one JSON.stringify per row, whatever the strings hold', () => {
    const rows = [
      { raid_id: 'raid001', name: 'a},{"b', flags: ['x},{"y', '\n', '"'], n: 1.5, z: null },
      { raid_id: 'raid001', name: '{"quoted"}', flags: [], n: -0, z: true },
      { raid_id: 'raid002', name: 'Zoë', flags: ['}', '{'], n: 1e21, z: false },
    ];
    expect(ndjsonText(rows)).toBe(perRow(rows));
    expect(ndjsonText([])).toBe('');
    expect(decodeNdjson(encodeNdjson(rows))).toEqual(JSON.parse(JSON.stringify(rows)));
  });

  it('falls back to a row at a time for rows holding arrays of objects', () => {
    const rows = [
      { raid_id: 'raid001', items: [{ a: 1 }, { b: 2 }] },
      { raid_id: 'raid001', items: [{}, {}] },
      {},
      {},
    ];
    expect(ndjsonText(rows)).toBe(perRow(rows));
    expect(gunzipSync(encodeNdjson(rows)).toString('utf8').split('\n')).toHaveLength(5);
  });
});

describe('BronzeRows', () => {
  it('writes, from rows added piece by piece, the objects writeBronzeBatch writes for all of them', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bronze-rows-'));
    try {
      const rows = Array.from({ length: 50 }, (_, i) => ({
        raid_id: i % 7 === 3 ? 'raid002' : i < 30 ? 'raid001' : 'raid003',
        n: i,
        text: i % 5 === 0 ? 'a},{"b' : `row ${i}`,
      }));
      const batch = {
        communityId: 'c1',
        ingestedAt: new Date('2026-03-01T10:00:00Z'),
        kind: 'events' as const,
      };
      const store = createLocalObjectStore(root);
      const whole = await writeBronzeBatch(store, { ...batch, batchId: 'whole', rows });
      const gathered = new BronzeRows();
      for (const [from, to] of [
        [0, 1],
        [1, 17],
        [17, 17],
        [17, 50],
      ] as const)
        gathered.add(rows.slice(from, to));
      expect(gathered.count).toBe(50);
      const pieces = await writeBronzeRows(store, { ...batch, batchId: 'pieces', rows: gathered });
      expect(pieces).toEqual(whole.map((k) => k.replace('whole', 'pieces')));
      expect(whole).toHaveLength(3);
      for (const [i, key] of whole.entries()) {
        const a = gunzipSync((await store.get(key)) as Buffer);
        expect(gunzipSync((await store.get(pieces[i] as string)) as Buffer).equals(a)).toBe(true);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
