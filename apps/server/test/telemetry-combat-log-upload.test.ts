import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { parseCombatLogText } from '@guildhall/combat-log';
import { raidNightsLog } from '@guildhall/combat-log/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { listBronze } from '../src/modules/telemetry';
import { createTestApp, makeCommunity, type TestApp } from './helpers';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function communityWithKeys() {
  const community = (await makeCommunity(t.ctx)).id;
  const key = async (scope: 'telemetry' | 'upload' | 'read') =>
    (await createApiKey(t.ctx, community, { name: scope, scopes: [scope] }, cliActor)).key;
  return { community, telemetry: await key('telemetry'), upload: await key('upload') };
}

const url = (community: string, query = '') =>
  `/api/v1/communities/${community}/telemetry/combat-log${query}`;
const post = (community: string, key: string | undefined, payload: string | Buffer | Readable, query = '') =>
  t.app.inject({
    method: 'POST',
    url: url(community, query),
    headers: { 'content-type': 'text/plain', ...(key ? { 'x-api-key': key } : {}) },
    payload,
  });

const text = raidNightsLog(2);
const expected = parseCombatLogText(text, { fileId: 'x', year: 2025 });
const totals = { raids: 2, pulls: 2, events: expected.events.length, combatants: 2 };

describe('POST /api/v1/communities/:id/telemetry/combat-log', () => {
  it('refuses a key without the telemetry scope, another community, and no key, storing nothing', async () => {
    const a = await communityWithKeys();
    const b = await communityWithKeys();
    const noScope = await post(a.community, a.upload, text);
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error.code).toBe('MISSING_SCOPE');
    const other = await post(a.community, b.telemetry, text);
    expect(other.statusCode).toBe(403);
    const anonymous = await post(a.community, undefined, text);
    expect(anonymous.statusCode).toBe(401);
    expect(await t.ctx.store.list(`imports/${a.community}/`)).toEqual([]);
    expect(await listBronze(t.ctx.store, a.community)).toEqual([]);
  });

  it('imports a raw log, then the same log gzipped imports nothing new', async () => {
    const a = await communityWithKeys();
    const raw = await post(a.community, a.telemetry, text, '?name=WoWCombatLog-121425_190000.txt');
    expect(raw.statusCode, raw.body).toBe(200);
    expect(raw.json()).toMatchObject({
      counts: totals,
      added: totals,
      resumedAt: 0,
      offset: Buffer.byteLength(text),
    });
    const kinds = new Set((await listBronze(t.ctx.store, a.community)).map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['combatants', 'events', 'pulls', 'raids']);

    const gz = await t.app.inject({
      method: 'POST',
      url: url(a.community),
      headers: { 'x-api-key': a.telemetry, 'content-type': 'application/gzip' },
      payload: zlib.gzipSync(text),
    });
    expect(gz.statusCode, gz.body).toBe(200);
    expect(gz.json()).toMatchObject({
      counts: totals,
      added: { raids: 0, pulls: 0, events: 0, combatants: 0 },
    });
  });

  it('imports a gzip body (detected by its bytes) like the raw one', async () => {
    const a = await communityWithKeys();
    const gz = await post(a.community, a.telemetry, zlib.gzipSync(text));
    expect(gz.statusCode, gz.body).toBe(200);
    expect(gz.json()).toMatchObject({ counts: totals, added: totals });
  });

  it('answers a bad file with a clear error and stores nothing', async () => {
    const a = await communityWithKeys();
    const json = await post(a.community, a.telemetry, '[{"event_type":"heal"}]\n');
    expect(json.statusCode).toBe(422);
    expect(json.json().error).toMatchObject({ code: 'UPLOAD_NOT_RECOGNISED' });
    expect(json.json().error.message).toContain('not a WoW combat log');
    const badGzip = await post(
      a.community,
      a.telemetry,
      Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
    );
    expect(badGzip.statusCode).toBe(400);
    expect(badGzip.json().error.code).toBe('INVALID_GZIP');
    const empty = await post(a.community, a.telemetry, '');
    expect(empty.statusCode).toBe(422);
    expect(await listBronze(t.ctx.store, a.community)).toEqual([]);
  });

  it('resumes by byte offset: the status tells where, the rest completes the log, a gap is refused', async () => {
    const a = await communityWithKeys();
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf('SPELL_HEAL', bytes.length / 2) + 3; // inside a line
    const first = await post(a.community, a.telemetry, bytes.subarray(0, cut));
    expect(first.statusCode, first.body).toBe(200);
    const { fileId, offset } = first.json() as { fileId: string; offset: number };
    expect(offset).toBeLessThan(cut);
    expect(bytes[offset - 1]).toBe(10);

    const status = await t.app.inject({
      method: 'GET',
      url: `${url(a.community)}/${fileId}`,
      headers: { 'x-api-key': a.telemetry },
    });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ fileId, offset });

    const gap = await post(
      a.community,
      a.telemetry,
      bytes.subarray(offset + 5),
      `?offset=${offset + 5}&fileId=${fileId}`,
    );
    expect(gap.statusCode).toBe(409);
    expect(gap.json().error.details).toEqual({ offset });
    const noId = await post(a.community, a.telemetry, bytes.subarray(offset), `?offset=${offset}`);
    expect(noId.statusCode).toBe(400);

    const rest = await post(
      a.community,
      a.telemetry,
      bytes.subarray(offset),
      `?offset=${offset}&fileId=${fileId}`,
    );
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json()).toMatchObject({ fileId, resumedAt: offset, offset: bytes.length, counts: totals });

    const unknown = await t.app.inject({
      method: 'GET',
      url: `${url(a.community)}/${'0'.repeat(24)}`,
      headers: { 'x-api-key': a.telemetry },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("serves the key's own community without an id in the URL (the agent's routes)", async () => {
    const a = await communityWithKeys();
    const send = (key: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/telemetry/combat-log',
        headers: { 'x-api-key': key, 'content-type': 'application/octet-stream' },
        payload: zlib.gzipSync(text),
      });
    const refused = await send(a.upload);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('MISSING_SCOPE');
    const res = await send(a.telemetry);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ counts: totals });
    const status = await t.app.inject({
      method: 'GET',
      url: `/api/v1/telemetry/combat-log/${res.json().fileId}`,
      headers: { 'x-api-key': a.telemetry },
    });
    expect(status.json()).toMatchObject({ offset: Buffer.byteLength(text), counts: totals });
    expect((await listBronze(t.ctx.store, a.community)).length).toBeGreaterThan(0);
    // The key's last upload (Admin → API keys) counts the combat log; the refused key has none.
    const keys = await listApiKeys(t.ctx.db, a.community);
    expect(keys.find((k) => k.name === 'telemetry')?.lastUploadAt).toBeInstanceOf(Date);
    expect(keys.find((k) => k.name === 'upload')?.lastUploadAt).toBeNull();
  });

  it('streams the body: the first chunk is stored before the rest of the body is sent', async () => {
    const a = await communityWithKeys();
    const big = Buffer.from(raidNightsLog(1, 12_000)); // several import chunks
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    let checkpointed!: () => void;
    const firstCheckpoint = new Promise<void>((resolve) => {
      checkpointed = resolve;
    });
    const store = t.ctx.store;
    const put = store.put.bind(store);
    store.put = async (key, body) => {
      await put(key, body);
      if (key.startsWith(`imports/${a.community}/`)) checkpointed();
    };
    try {
      const half = 5 * 1024 * 1024;
      // The second half is sent only once a checkpoint exists: a server that buffered the
      // whole body first would never answer.
      const body = Readable.from(
        (async function* () {
          yield big.subarray(0, half);
          await firstCheckpoint;
          yield big.subarray(half);
        })(),
      );
      const res = await post(a.community, a.telemetry, body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().offset).toBe(big.length);
    } finally {
      store.put = put;
    }
  });
});
