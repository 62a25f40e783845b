import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeNdjson, encodeNdjson, ndjsonText } from '../src/modules/telemetry/bronze';

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
