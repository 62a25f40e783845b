import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDatabaseError } from '../src/core/errors';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import type { Community } from '../src/modules/communities';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';
import { apiKeys, day, trackerFile, uploadFile } from './wow-fixtures';

/**
 * Bad input gets a 4xx, never a 500, and changes nothing: every route of the OpenAPI document
 * is called with generated bad values (NUL, integers past PostgreSQL `integer`, year-0000
 * dates, long strings, unknown ids, wrong types) as the installation's owner (cookie) and
 * with an API key, and every table is compared before and after.
 */

const ORIGIN = 'http://guildhall.test';
// Outside APIs point at a closed loopback port: nothing here may reach the internet.
const CLOSED = 'http://127.0.0.1:9';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let owner: string;
let apiKey: string;
let community: Community;
let memberId: string;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      RATE_LIMIT_PER_MINUTE: '1000000',
      PUBLIC_URL: ORIGIN,
      RAIDERIO_BASE_URL: CLOSED,
      WCL_BASE_URL: CLOSED,
      BLIZZARD_API_BASE_URL: CLOSED,
      BLIZZARD_OAUTH_BASE_URL: CLOSED,
      DISCORD_API_BASE_URL: CLOSED,
      DISCORD_OAUTH_BASE_URL: CLOSED,
      OUTBOUND_TIMEOUT_MS: '1000',
    },
  });
  owner = await ownerCookie(t.app, t.ctx);
  community = await makeCommunity(t.ctx);
  // A member, a character and a raid zone, so values get past "nothing here" answers.
  const keys = await apiKeys(t.ctx, community.id);
  const file = trackerFile({
    rosterAt: day(1),
    roster: { 'Aldrena-Stormvale': { online: true } },
    data: { 'Aldrena-Stormvale': { total: 3, daily: { '2025-12-02': 3 } } },
  });
  expect((await uploadFile(t.app, keys.upload, file)).statusCode).toBe(200);
  const roster = await t.app.inject({
    url: `/api/v1/communities/${community.id}/roster?limit=1`,
    headers: { cookie: owner },
  });
  memberId = roster.json().items[0].id;
  const zone = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/communities/${community.id}/integrations`,
    headers: { cookie: owner, origin: ORIGIN },
    payload: { wclZoneId: 38 },
  });
  expect(zone.statusCode).toBe(200);
  await userWithRole(t.app, t.ctx, community.id, 'member', 'Fuzzed Member');
  ({ key: apiKey } = await createApiKey(
    t.ctx,
    community.id,
    { name: 'fuzz', scopes: ['read', 'upload'] },
    cliActor,
  ));
}, 600_000);
afterAll(() => t.close());

/** One digest per table, so any insert, update or delete shows. `last_used_at` of API keys is bookkeeping. */
async function query<R>(q: ReturnType<typeof sql>): Promise<R[]> {
  // Both drivers answer `{ rows }`; the shared drizzle type leaves it unknown.
  return ((await t.ctx.db.execute(q)) as { rows: R[] }).rows;
}

async function snapshot(): Promise<Record<string, string>> {
  const tables = await query<{ name: string }>(
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const row = sql.raw(`(to_jsonb(t) - 'last_used_at')::text`);
    const [r] = await query<{ n: string; digest: string | null }>(
      sql`select count(*)::text as n, md5(string_agg(${row}, ',' order by ${row})) as digest
          from ${sql.identifier(name)} t`,
    );
    out[name] = `${r?.n}:${r?.digest ?? ''}`;
  }
  return out;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
}

interface Operation {
  method: string;
  path: string;
  params: { in: 'path' | 'query' | 'header'; name: string; schema?: ParamSchema }[];
  body?: JsonSchema;
}

interface ParamSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
}

/** A string every request field refuses: NUL is never valid text, number, id or enum. */
const NUL = fc.constantFrom('bad\u0000value', '\u0000', 'Aldrena\u0000-Stormvale');

/** Bad values of every kind; some could be valid somewhere, so each request also carries a NUL. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  NUL,
  fc.constantFrom(
    '2147483648',
    '-2147483649',
    '99999999999999999999',
    '1e308',
    'NaN',
    '0000-01-01T00:00:00Z',
    '0000-00-00',
    '-000001-01-01T00:00:00Z',
    UNKNOWN_ID,
    '..',
    '%2e%2e',
    '../../etc/passwd',
    '',
    ' ',
    'x'.repeat(5000),
  ),
  fc.constantFrom(2147483648, -2147483649, 1e308, 3.5, -1, Number.MAX_SAFE_INTEGER + 2),
  fc.constantFrom(true, null, [], {}, [1, 'a'], { nested: { deep: ['\u0000'] } }),
  fc.string({ maxLength: 40 }),
);

/** Path values: strings only (a URL holds nothing else). */
const badPathValue = fc.oneof(
  NUL,
  fc.constantFrom('2147483648', '0000-01-01T00:00:00Z', UNKNOWN_ID, '..', 'x'.repeat(300), '-1', 'null'),
);

const hasType = (s: JsonSchema | undefined) => !!s && (s.type !== undefined || s.anyOf !== undefined);

/** A body: every declared field bad, one typed field certainly so (NUL); or the body itself of a wrong type. */
function badBody(schema: JsonSchema): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const typed = props.filter(([, s]) => hasType(s)).map(([k]) => k);
  const whole = fc.constantFrom<unknown>([], 'text\u0000', 42, [{ '\u0000': 1 }]);
  if (typed.length === 0) {
    // A record (or a body of unknown shape): a key with NUL.
    return fc.oneof(
      whole,
      fc.record({ v: badValue }).map(({ v }) => ({ 'key\u0000': v, x: v })),
    );
  }
  const fields = fc.record(Object.fromEntries(props.map(([k]) => [k, badValue])));
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(fields, fc.constantFrom(...typed), NUL).map(([f, k, nul]) => ({ ...f, [k]: nul })),
    },
    { weight: 1, arbitrary: whole },
  );
}

interface BadRequest {
  url: string;
  body?: unknown;
}

/**
 * Bad values for one query or path parameter, by what the parameter is: every edge of its kind
 * (integers just past PostgreSQL `integer`, dates outside what it stores, unknown ids), plus
 * generated text for plain strings.
 */
function badParamValues(schema: ParamSchema | undefined, seed: number): string[] {
  if (schema?.type === 'integer' || schema?.type === 'number')
    return ['2147483648', '-2147483649', '99999999999999999999'];
  if (schema?.format === 'date-time') return ['0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z'];
  if (schema?.format === 'uuid') return [UNKNOWN_ID, 'null'];
  const text = fc.oneof(fc.constantFrom(UNKNOWN_ID, '..', 'x'.repeat(3000), '2147483648', ''), fc.string());
  return ['bad\u0000value', ...fc.sample(text, { seed, numRuns: 1 })];
}

const urlOf = (op: Operation, values: Record<string, string>, query: Record<string, string>) => {
  const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(
      values[name] ?? (name === 'id' ? community.id : name === 'memberId' ? memberId : UNKNOWN_ID),
    ),
  );
  const qs = new URLSearchParams(query).toString();
  return qs ? `${url}?${qs}` : url;
};

/**
 * "All bad": the community `:id` stays valid (so the route's own validation is reached), every
 * other parameter and body field is bad, and one of them is a NUL (a route whose only input is
 * `:id` gets it there).
 */
function badRequest(op: Operation): fc.Arbitrary<BadRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  const query = op.params.filter((p) => p.in === 'query').map((p) => p.name);
  const others = pathParams.filter((p) => p !== 'id');
  const corruptId = others.length === 0 && query.length === 0 && !op.body;
  // Where the NUL goes when no body carries it.
  const slots = [...others, ...query.map((q) => `?${q}`), ...(corruptId ? ['id'] : [])];
  const nulIn = slots.length > 0 ? fc.constantFrom(...slots) : fc.constant('');
  const body = op.body ? badBody(op.body) : fc.constant(undefined);
  const allBad = fc
    .record({
      path: fc.record(Object.fromEntries(pathParams.map((p) => [p, badPathValue]))),
      query: fc.record(Object.fromEntries(query.map((q) => [q, fc.oneof(badPathValue, badValue)]))),
      body,
      nul: NUL,
      nulAt: nulIn,
    })
    .map(({ path, query: q, body, nul, nulAt }) => {
      const values: Record<string, string> = { ...path, id: corruptId ? path.id! : community.id };
      const queryValues = Object.fromEntries(
        Object.entries(q).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
      if (nulAt.startsWith('?')) queryValues[nulAt.slice(1)] = nul;
      else if (nulAt) values[nulAt] = nul;
      return { url: urlOf(op, values, queryValues), body };
    });
  return allBad;
}

/**
 * "One bad": a single parameter holds a bad value for its kind and nothing else is sent, so a
 * value validation lets through travels as deep as it can (a body, when the route takes one,
 * is still refused whole). Every parameter of every route, with each edge of its kind.
 */
function oneBadRequests(op: Operation, seed: number): BadRequest[] {
  const [body] = op.body ? fc.sample(badBody(op.body), { seed, numRuns: 1 }) : [undefined];
  return op.params
    .filter((p) => p.in !== 'header')
    .flatMap((p, j) =>
      badParamValues(p.schema, seed + j).map((value) => ({
        url: p.in === 'query' ? urlOf(op, {}, { [p.name]: value }) : urlOf(op, { [p.name]: value }, {}),
        body,
      })),
    );
}

function operations(doc: {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
    >
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).filter((p) => p.in !== 'header');
      const body = op.requestBody?.content['application/json']?.schema;
      // The upload takes a file, not JSON: it still gets a JSON body of the wrong kind.
      const fileUpload = method === 'post' && path === '/api/upload';
      if (params.length === 0 && !body && !fileUpload) continue; // nothing to make bad
      ops.push({ method: method.toUpperCase(), path, params, body: body ?? (fileUpload ? {} : undefined) });
    }
  }
  return ops;
}

describe('bad input on every route', () => {
  it('gets a 4xx and leaves every table as it was', async () => {
    const doc = (await t.app.inject('/docs/json')).json();
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    // Every request first passes through the API key's touch-once-a-minute, then nothing may change.
    await t.app.inject({ url: `/api/v1/communities/${community.id}`, headers: { 'x-api-key': apiKey } });
    const before = await snapshot();

    const principals = [
      { name: 'owner cookie', headers: { cookie: owner, origin: ORIGIN } },
      { name: 'api key', headers: { 'x-api-key': apiKey } },
    ];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [i, op] of ops.entries()) {
      const samples = [
        ...fc.sample(badRequest(op), { seed: 8_000 + i, numRuns: 3 }),
        ...oneBadRequests(op, 9_000 + 100 * i),
      ];
      for (const req of samples) {
        for (const who of principals) {
          const res = await t.app.inject({
            method: op.method as 'GET',
            url: req.url,
            headers: {
              ...who.headers,
              ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(req.body === undefined ? {} : { payload: JSON.stringify(req.body) }),
          });
          sent += 1;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            failures.push(
              `${who.name} ${op.method} ${req.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(200);
    // Most requests get past authorization to the route's own validation.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(sent / 2);
    expect(await snapshot()).toEqual(before);
  });
});

/** Request fields the OpenAPI document shows unbounded: a route that skipped the building blocks. */
function unbounded(schema: unknown, where: string, out: string[]): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Record<string, unknown>;
  const anchored = typeof s.pattern === 'string' && s.pattern.startsWith('^') && s.pattern.endsWith('$');
  const known =
    s.enum !== undefined || s.const !== undefined || s.format === 'uuid' || s.format === 'date-time';
  if (s.type === 'string' && s.maxLength === undefined && !anchored && !known)
    out.push(`${where}: text without maxLength`);
  if (s.type === 'integer' && (typeof s.maximum !== 'number' || s.maximum > 2_147_483_647))
    out.push(`${where}: integer past PostgreSQL integer`);
  for (const [k, v] of Object.entries((s.properties as Record<string, unknown>) ?? {}))
    unbounded(v, `${where}.${k}`, out);
  for (const key of ['items', 'additionalProperties', 'propertyNames'])
    if (typeof s[key] === 'object') unbounded(s[key], `${where}.${key}`, out);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const [i, v] of ((s[key] as unknown[]) ?? []).entries()) unbounded(v, `${where}|${i}`, out);
}

describe('request schemas', () => {
  it('bound every text and integer a route accepts', async () => {
    const doc = (await t.app.inject('/docs/json')).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { in: string; name: string; schema: unknown }[];
            requestBody?: { content: Record<string, { schema: unknown }> };
          }
        >
      >;
    };
    const found: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const p of op.parameters ?? [])
          unbounded(p.schema, `${method} ${path} ${p.in}:${p.name}`, found);
        unbounded(op.requestBody?.content['application/json']?.schema, `${method} ${path} body`, found);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('the four causes the fuzzer found', () => {
  const get = (url: string) => t.app.inject({ url, headers: { cookie: owner } });

  it('NUL, integers past `integer` and year-0000 dates are refused by validation', async () => {
    const c = community.id;
    for (const url of [
      `/api/v1/communities/${c}/raid-progress?zoneId=2147483648`,
      `/api/v1/communities/${c}/roster?limit=99999999999`,
      `/api/v1/communities/${c}/audit?from=0000-01-01T00:00:00Z`,
      `/api/v1/communities/${c}/feed?before=0000-01-01T00:00:00.000Z`,
      `/api/v1/communities/${c}/roster?q=a%00b`,
      `/api/v1/communities/${c}/audit?actor=%00`,
    ]) {
      const res = await get(url);
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 400, 'VALIDATION_FAILED']);
    }
    const body = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/communities/${c}`,
      headers: { cookie: owner, origin: ORIGIN },
      payload: { name: 'Guild\u0000' },
    });
    expect(body.statusCode).toBe(400);
  });

  it('PostgreSQL data errors become stable 4xx codes, whichever driver raised them', async () => {
    const cases: [ReturnType<typeof sql>, string, number][] = [
      [sql`select ${'2147483648'}::int`, 'INVALID_VALUE', 400],
      [sql`select ${'0000-01-01'}::timestamptz`, 'INVALID_VALUE', 400],
      [sql`select ${'not a uuid'}::uuid`, 'INVALID_VALUE', 400],
      [
        sql`insert into memberships (community_id, user_id, role) values (${community.id}, ${UNKNOWN_ID}, 'member')`,
        'REFERENCE_NOT_FOUND',
        404,
      ],
      [sql`insert into users (id, display_name) select id, 'dup' from users limit 1`, 'ALREADY_EXISTS', 409],
    ];
    for (const [query, code, status] of cases) {
      const err = await t.ctx.db.execute(query).then(
        () => undefined,
        (e: unknown) => e,
      );
      const mapped = fromDatabaseError(err);
      expect([code, mapped?.code, mapped?.status]).toEqual([code, code, status]);
      expect(mapped?.message).not.toMatch(/memberships|users|uuid/);
    }
    expect(fromDatabaseError(new Error('ECONNRESET'))).toBeUndefined();
  });
});
