import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import {
  apiKeys,
  day,
  dumpTables,
  exampleFile,
  getJson,
  sha256,
  trackerFile,
  uploadFile,
} from './wow-fixtures';

let t: TestApp;
let community: string;
let keys: { upload: string; read: string };
const example = fs.readFileSync(exampleFile, 'utf8');

beforeAll(async () => {
  t = await createTestApp({
    env: { UPLOAD_LIMIT_BYTES: String(256 * 1024), UPLOAD_DECOMPRESSED_LIMIT_BYTES: String(1024 * 1024) },
  });
  community = (await makeCommunity(t.ctx, { realm: 'Stormvale' })).id;
  keys = await apiKeys(t.ctx, community);
});
afterAll(() => t.close());

const post = (headers: Record<string, string>, payload: string | Buffer) =>
  t.app.inject({ method: 'POST', url: '/api/upload', headers, payload });

describe('POST /api/upload (agent)', () => {
  it('ingests the example file and lists its roster as Name-Realm', async () => {
    const res = await uploadFile(t.app, keys.upload, example);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      uploadId: expect.any(String),
      unchanged: false,
      summary: { added: 2, updated: 0, inactivated: 0, reactivated: 0, snapshots: 2, chatDays: 2, scores: 1 },
    });

    // Read a minute after the file's last sighting of Aldrena (the online window).
    t.ctx.now = () => new Date((1767142260 + 60) * 1000);
    const roster = await getJson(t.app, keys.read, `/api/v1/communities/${community}/roster`);
    expect(roster.statusCode).toBe(200);
    const body = roster.json();
    expect(body.total).toBe(2);
    expect(body.items.map((i: { name: string }) => i.name).sort()).toEqual([
      'Aldrena-Stormvale',
      'Borvik-Ironreach',
    ]);
    const aldrena = body.items.find((i: { name: string }) => i.name === 'Aldrena-Stormvale');
    expect(aldrena).toMatchObject({
      id: expect.any(String),
      class: 'PALADIN',
      rank: 'Teniente',
      rankIndex: 3,
      level: 80,
      active: true,
      online: true,
      lastSeen: new Date(1767142260 * 1000).toISOString(),
      score: 2715,
      messages: 42,
      spec: null,
    });
    // A read key is no officer: no officer-only fields.
    expect(aldrena).not.toHaveProperty('lastMessage');

    const audit = await t.ctx.db.execute(
      sql`select actor_type, action, target_id from audit_log where action = 'wow.upload'`,
    );
    expect((audit as unknown as { rows: unknown[] }).rows).toEqual([
      { actor_type: 'api_key', action: 'wow.upload', target_id: res.json().uploadId },
    ]);
  });

  it('answers the same bytes again with unchanged: true and writes nothing', async () => {
    const before = await dumpTables(t.ctx);
    const again = await uploadFile(t.app, keys.upload, example);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ unchanged: true, summary: { added: 0, snapshots: 0, chatDays: 0 } });
    expect(await dumpTables(t.ctx)).toBe(before);
  });

  it('processes one of two identical uploads racing each other', async () => {
    const text = trackerFile({
      rosterAt: day(40),
      roster: { Aldrena: { rank: 'Teniente' }, 'Borvik-Ironreach': {} },
    });
    const [a, b] = await Promise.all([
      uploadFile(t.app, keys.upload, text),
      uploadFile(t.app, keys.upload, text),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect([a.json().unchanged, b.json().unchanged].sort()).toEqual([false, true]);
    expect(a.json().uploadId).toBe(b.json().uploadId);
  });

  it('accepts plain text and application/gzip bodies, and computes the hash when absent', async () => {
    const other = (await makeCommunity(t.ctx, { realm: 'Stormvale' })).id;
    const k = await apiKeys(t.ctx, other);
    const plain = await post({ 'x-api-key': k.upload, 'content-type': 'text/plain' }, example);
    expect(plain.statusCode).toBe(200);
    expect(plain.json().summary.added).toBe(2);
    const gz = await post(
      { 'x-api-key': k.upload, 'content-type': 'application/gzip' },
      zlib.gzipSync(Buffer.from(example)),
    );
    expect(gz.json()).toMatchObject({ unchanged: true, uploadId: plain.json().uploadId });
  });
});

describe('refused uploads leave the stored data exactly as it was', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KiB
  const cases: [
    string,
    () => Promise<{ statusCode: number; json: () => { error: { code: string } } }>,
    number,
    string,
  ][] = [
    ['a wrong key', () => post({ 'x-api-key': 'wrong' }, 'x'), 401, 'INVALID_API_KEY'],
    ['no key', () => post({ 'content-type': 'text/plain' }, example), 401, 'UNAUTHENTICATED'],
    ['a read-only key', () => uploadFile(t.app, keys.read, `${example}\n`), 403, 'MISSING_SCOPE'],
    [
      'a hash that does not match',
      () => uploadFile(t.app, keys.upload, `${example}\n`, { 'x-content-sha256': sha256('other') }),
      400,
      'CONTENT_HASH_MISMATCH',
    ],
    [
      'a gzip bomb',
      () =>
        post(
          {
            'x-api-key': keys.upload,
            'content-encoding': 'gzip',
            'content-type': 'application/octet-stream',
          },
          bomb,
        ),
      413,
      'UPLOAD_TOO_LARGE',
    ],
    [
      'a body over the upload limit',
      () => post({ 'x-api-key': keys.upload, 'content-type': 'text/plain' }, crypto.randomBytes(300 * 1024)),
      413,
      'UPLOAD_TOO_LARGE',
    ],
    [
      'broken gzip',
      () => post({ 'x-api-key': keys.upload, 'content-encoding': 'gzip' }, Buffer.from('not gzip')),
      400,
      'INVALID_GZIP',
    ],
    [
      'a file that is not the tracker',
      () => uploadFile(t.app, keys.upload, 'SomeOtherAddonDB = {\n\t["x"] = 1,\n}\n'),
      422,
      'UPLOAD_NOT_RECOGNISED',
    ],
    [
      'an empty body',
      () => post({ 'x-api-key': keys.upload, 'content-type': 'text/plain' }, ''),
      422,
      'UPLOAD_NOT_RECOGNISED',
    ],
  ];

  for (const [what, send, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const before = await dumpTables(t.ctx);
      const res = await send();
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(await dumpTables(t.ctx)).toBe(before);
    });
  }

  it('malformed Lua → 422 LUA_SYNTAX with the line and column', async () => {
    const before = await dumpTables(t.ctx);
    const broken = example.replace('["level"] = 80,', '["level"] = ,');
    const res = await uploadFile(t.app, keys.upload, broken);
    expect(res.statusCode).toBe(422);
    const line = broken.split('\n').findIndex((l) => l.includes('["level"] = ,')) + 1;
    expect(res.json().error).toMatchObject({
      code: 'LUA_SYNTAX',
      message: expect.stringContaining(`line ${line}`),
      details: { line, column: expect.any(Number), excerpt: expect.stringContaining('level') },
    });
    expect(await dumpTables(t.ctx)).toBe(before);
  });
});

describe('legacy bridge batches on the same route', () => {
  let legacy: string;
  let k: { upload: string; read: string };
  const both = (fields: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const [snake, value] of Object.entries(fields)) {
      out[snake] = value;
      out[snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
    }
    return out;
  };
  const send = (fields: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/upload',
      headers: { 'x-api-key': k.upload },
      payload: both(fields),
    });
  const names = async (active?: boolean) => {
    const res = await getJson(t.app, k.read, `/api/v1/communities/${legacy}/roster?limit=100`);
    return res
      .json()
      .items.filter((i: { inRoster: boolean }) => active === undefined || i.inRoster === active)
      .map((i: { name: string }) => i.name)
      .sort();
  };

  beforeAll(async () => {
    legacy = (await makeCommunity(t.ctx, { realm: 'Stormvale' })).id;
    k = await apiKeys(t.ctx, legacy);
  });

  it('stores stats batches as snapshots, with who was online on the last one', async () => {
    const res = await send({
      upload_session_id: 's1',
      is_final_batch: false,
      batch_index: 1,
      total_batches: 1,
      stats: [
        { iso: '2025-12-30T19:00:00Z', ts: 1767121200, onlineCount: 12 },
        { iso: '2025-12-30T19:10:00Z', ts: 1767121800, onlineCount: 14, online: { Aldrena: true } },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toMatchObject({ snapshots: 2, added: 0 });
  });

  it('applies a full roster sent in chunks, and marks as left whoever no chunk listed', async () => {
    const chunk = (index: number, phase: string, roster: Record<string, unknown>, final = false) =>
      send({
        upload_session_id: 'r1',
        is_final_batch: final,
        batch_index: index,
        total_batches: 2,
        session_phase: phase,
        roster_mode: 'full',
        roster_summary: { mode: 'full', added: 0, updated: 0, removed: 0, total_members: 3, reason: 'test' },
        master_roster: roster,
        data: {},
        has_changes: true,
      });
    const first = await chunk(1, 'start', { Aldrena: { rank: 'Teniente', lvl: 80, class: 'PALADIN' } });
    const second = await chunk(
      2,
      'final',
      {
        'Borvik-Ironreach': { rank: 'Recluta', lvl: 72, class: 'SHAMAN' },
        Ceyla: { rank: 'Miembro', lvl: 80, class: 'PRIEST' },
      },
      true,
    );
    expect(first.json().summary.added).toBe(1);
    expect(second.json().summary).toMatchObject({ added: 2, left: 0 });
    expect(await names(true)).toEqual(['Aldrena-Stormvale', 'Borvik-Ironreach', 'Ceyla-Stormvale']);

    // The next session lists only two: the third has left.
    const a = await send({
      upload_session_id: 'r2',
      is_final_batch: false,
      batch_index: 1,
      total_batches: 2,
      session_phase: 'start',
      roster_mode: 'full',
      master_roster: { Aldrena: { rank: 'Oficial', lvl: 80, class: 'PALADIN' } },
      data: {
        'Aldrena-Stormvale': { total: 50, rankName: 'Oficial', lastMessage: 'hi', lastSeenTS: 1767125000 },
      },
    });
    expect(a.json().summary).toMatchObject({ updated: 1, left: 0 });
    const b = await send({
      upload_session_id: 'r2',
      is_final_batch: true,
      batch_index: 2,
      total_batches: 2,
      session_phase: 'final',
      roster_mode: 'full',
      master_roster: { Ceyla: { rank: 'Miembro', lvl: 80, class: 'PRIEST' } },
      data: {},
    });
    expect(b.json().summary).toMatchObject({ left: 1 });
    expect(await names(true)).toEqual(['Aldrena-Stormvale', 'Ceyla-Stormvale']);
    const feed = await getJson(t.app, k.read, `/api/v1/communities/${legacy}/feed`);
    expect(
      feed
        .json()
        .items.map((e: { kind: string }) => e.kind)
        .sort(),
    ).toEqual(['leave', 'rank_change']);
  });

  it('does not remove anyone when a full session lost a batch', async () => {
    const res = await send({
      upload_session_id: 'r3',
      is_final_batch: true,
      batch_index: 3,
      total_batches: 3,
      session_phase: 'final',
      roster_mode: 'full',
      master_roster: { Ceyla: { rank: 'Miembro', lvl: 80, class: 'PRIEST' } },
      data: {},
    });
    expect(res.json().summary.left).toBe(0);
    expect(await names(true)).toEqual(['Aldrena-Stormvale', 'Ceyla-Stormvale']);
  });

  it('applies delta batches and their removed members', async () => {
    const res = await send({
      upload_session_id: 'd1',
      is_final_batch: true,
      batch_index: 1,
      total_batches: 1,
      session_phase: 'final',
      roster_mode: 'delta',
      master_roster: { 'Dorn-Dunmoor': { rank: 'Recluta', lvl: 70, class: 'WARRIOR' } },
      removed_members: ['Ceyla'],
      data: {},
    });
    expect(res.json().summary).toMatchObject({ added: 1, left: 1 });
    expect(await names(true)).toEqual(['Aldrena-Stormvale', 'Dorn-Dunmoor']);
  });

  it('answers heartbeats and retried batches without writing', async () => {
    const before = await dumpTables(t.ctx);
    const heartbeat = await send({
      upload_session_id: 'h1',
      is_final_batch: true,
      batch_index: 1,
      total_batches: 1,
      roster_mode: 'no_change',
      roster_summary: {
        mode: 'no_change',
        added: 0,
        updated: 0,
        removed: 0,
        total_members: 2,
        reason: 'none',
      },
      master_roster: {},
      data: {},
      has_changes: false,
    });
    expect(heartbeat.statusCode).toBe(200);
    expect(heartbeat.json().unchanged).toBe(true);
    const retried = await send({
      upload_session_id: 'd1',
      is_final_batch: true,
      batch_index: 1,
      total_batches: 1,
      session_phase: 'final',
      roster_mode: 'delta',
      master_roster: { 'Dorn-Dunmoor': { rank: 'Recluta', lvl: 70, class: 'WARRIOR' } },
      removed_members: ['Ceyla'],
      data: {},
    });
    expect(retried.json().unchanged).toBe(true);
    expect(await dumpTables(t.ctx)).toBe(before);
  });

  it('refuses a JSON body that is no batch', async () => {
    const before = await dumpTables(t.ctx);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/upload',
      headers: { 'x-api-key': k.upload, 'content-type': 'application/json' },
      payload: '[1,2,3]',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(await dumpTables(t.ctx)).toBe(before);
  });
});
