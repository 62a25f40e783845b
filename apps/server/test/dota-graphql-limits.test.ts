import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '../src/modules/communities';
import { ANTI_MAGE, AXE, fakeDotaServices, LION, sampleMatches } from './dota-graphql-fixtures';
import { apiKey, codes, type GraphqlHarness, gql, graphqlApp, ORIGIN } from './dota-graphql-harness';
import { makeCommunity, userWithRole } from './helpers';

let t: GraphqlHarness;
let c: Community;
let key: string;
const services = fakeDotaServices();

beforeAll(async () => {
  t = await graphqlApp(services);
  c = await makeCommunity(t.ctx, { game: 'dota' });
  key = await apiKey(t, c.id, ['read']);
});
afterAll(() => t.close());

const ask = (query: string, variables?: Record<string, unknown>) =>
  gql(t.app, query, { headers: { 'x-api-key': key }, ...(variables ? { variables } : {}) });

describe('depth, cost, aliases and batches are refused before anything runs', () => {
  it('a standard introspection query fits', async () => {
    const r = await ask(getIntrospectionQuery());
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect((r.body.data!.__schema as { types: unknown[] }).types.length).toBeGreaterThan(10);
  });

  it('an over-deep query is refused with its depth', async () => {
    let inner = 'name';
    for (let i = 0; i < 16; i++) inner = `ofType { ${inner} }`;
    const r = await ask(`{ __type(name: "Query") { ${inner} } }`);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['QUERY_TOO_DEEP']);
    expect(r.body.data).toBeNull();
  });

  it('a query whose answer could be huge is refused, and no service was asked', async () => {
    const before = services.calls.length;
    // graphql-js itself refuses introspection nested through its cycles.
    const nested =
      '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }';
    expect((await ask(nested)).status).toBe(400);

    const fat = `query { ${[1, 2, 3, 4]
      .map(
        (i) =>
          `s${i}: suggestions(communityId: "${c.id}", limit: 150) { heroId reasons { kind heroId delta games } }`,
      )
      .join(' ')} }`;
    const r2 = await ask(fat);
    expect(r2.status).toBe(400);
    expect(codes(r2)).toEqual(['QUERY_TOO_COSTLY']);
    expect(r2.body.errors![0]!.extensions.cost).toBeGreaterThan(20_000);
    expect(services.calls.length).toBe(before);
  });

  it('the cost follows the limit variable', async () => {
    const q = `query($l: Int) { a: suggestions(communityId: "${c.id}", limit: $l) { heroId reasons { kind heroId delta games } }
      b: suggestions(communityId: "${c.id}", limit: $l) { heroId reasons { kind heroId delta games } }
      d: suggestions(communityId: "${c.id}", limit: $l) { heroId reasons { kind heroId delta games } } }`;
    expect((await ask(q, { l: 10 })).status).toBe(200);
    expect(codes(await ask(q, { l: 150 }))).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('too many aliases are refused', async () => {
    const q = `{ ${Array.from({ length: 16 }, (_, i) => `h${i}: heroes { id }`).join(' ')} }`;
    const r = await ask(q);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('a batch of up to five runs; six are refused whole', async () => {
    const op = { query: '{ heroes { id } }' };
    const five = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'x-api-key': key },
      payload: Array.from({ length: 5 }, () => op),
    });
    expect(five.statusCode).toBe(200);
    expect(five.json()).toHaveLength(5);
    const six = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'x-api-key': key },
      payload: Array.from({ length: 6 }, () => op),
    });
    expect(six.statusCode).toBe(400);
    expect(six.json().errors[0].extensions.code).toBe('BATCH_TOO_LARGE');
  });

  it('a document past the token ceiling is a parse error', async () => {
    const r = await ask(`{ ${'heroes { id } '.repeat(800)} }`);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });
});

describe('bad input gets a stable code, never a 500', () => {
  const suggest = (args: string) => `{ suggestions(communityId: "$CID"${args}) { heroId } }`;
  const cases: [string, string, string][] = [
    ['a hero id past the largest', suggest(', allies: [9999]'), 'BAD_USER_INPUT'],
    ['an id no hero has (ids are sparse)', suggest(', enemies: [24]'), 'BAD_USER_INPUT'],
    ['six allies', suggest(', allies: [1, 2, 3, 4, 5, 6]'), 'BAD_USER_INPUT'],
    ['a hero on both sides', suggest(`, allies: [${AXE}], enemies: [${AXE}]`), 'BAD_USER_INPUT'],
    ['a banned hero picked', suggest(`, allies: [${LION}], bans: [${LION}]`), 'BAD_USER_INPUT'],
    ['position 6', suggest(', position: 6'), 'BAD_USER_INPUT'],
    ['an account id with a fraction', suggest(', accountId: 1.5'), 'BAD_USER_INPUT'],
    ['limit 0', suggest(', limit: 0'), 'BAD_USER_INPUT'],
    ['limit 10000', suggest(', limit: 10000'), 'BAD_USER_INPUT'],
    ['a bracket of 9', suggest(', bracket: 9'), 'BAD_USER_INPUT'],
    ['a string for a list of ids', suggest(', allies: "axe"'), 'GRAPHQL_VALIDATION_FAILED'],
    ['an int past 32 bits', suggest(', allies: [2147483648]'), 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown field', '{ heroes { id mana } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a missing argument', '{ suggestions { heroId } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['broken syntax', '{ heroes { id }', 'GRAPHQL_PARSE_FAILED'],
    ['a matchup of no hero', '{ matchups(communityId: "$CID", heroId: 0) { otherId } }', 'BAD_USER_INPUT'],
    ['a matches limit of 101', '{ matches(communityId: "$CID", limit: 101) { matchId } }', 'BAD_USER_INPUT'],
    ['a negative match id', '{ matches(communityId: "$CID", before: -5) { matchId } }', 'BAD_USER_INPUT'],
  ];
  for (const [what, query, code] of cases) {
    it(what, async () => {
      const r = await ask(query.replace('$CID', c.id));
      expect(r.status).toBeLessThan(500);
      expect(codes(r)).toEqual([code]);
      expect(r.body.errors![0]!.message.length).toBeGreaterThan(5);
    });
  }

  it('a variable of the wrong type, and a body that is not an operation', async () => {
    const r = await ask('query($a: [Int!]) { suggestions(communityId: "x", allies: $a) { heroId } }', {
      a: ['x'],
    });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const raw = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      payload: { query: 42 },
    });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('preferences', () => {
  const update = (args: string) => `mutation { updatePreferences(${args}) { bracket roles heroPool } }`;

  it('are stored validated, and a refused change stores nothing', async () => {
    const member = await userWithRole(t.app, t.ctx, c.id, 'member', 'Pref Pat');
    const as = { cookie: member.cookie, origin: ORIGIN };
    const ok = await gql(t.app, update(`bracket: 6, roles: [4, 1], heroPool: [${AXE}, ${LION}]`), {
      headers: as,
    });
    expect(ok.body.data).toEqual({ updatePreferences: { bracket: 6, roles: [1, 4], heroPool: [AXE, LION] } });

    const tooMany = Array.from({ length: 31 }, (_, i) => i + 1).filter((id) => id !== 24);
    const bad = [
      update('roles: [6]'),
      update('roles: [1, 1]'),
      update('bracket: 0'),
      update('heroPool: [24]'),
      update(`heroPool: [${AXE}, ${AXE}]`),
      update(`heroPool: [${[...tooMany, 32].join(', ')}]`),
    ];
    for (const q of bad) {
      const r = await gql(t.app, q, { headers: as });
      expect(codes(r), q).toEqual(['BAD_USER_INPUT']);
    }
    const read = await gql(t.app, '{ me { preferences { bracket roles heroPool } } }', { headers: as });
    expect(read.body.data).toEqual({
      me: { preferences: { bracket: 6, roles: [1, 4], heroPool: [AXE, LION] } },
    });

    const cleared = await gql(t.app, update('bracket: null'), { headers: as });
    expect(cleared.body.data).toEqual({
      updatePreferences: { bracket: null, roles: [1, 4], heroPool: [AXE, LION] },
    });
  });

  it("a player's bracket is the one their suggestions use when the query names none", async () => {
    const member = await userWithRole(t.app, t.ctx, c.id, 'member', 'Bracket Bea');
    const as = { cookie: member.cookie, origin: ORIGIN };
    await gql(t.app, update('bracket: 7'), { headers: as });
    const r = await gql(
      t.app,
      `{ suggestions(communityId: "${c.id}", enemies: [${ANTI_MAGE}]) { heroId } }`,
      {
        headers: as,
      },
    );
    expect(r.status).toBe(200);
    const last = services.calls.filter((x) => x.method === 'models').at(-1);
    expect(last?.args).toEqual({ bracket: 7 });
  });
});

describe('reads', () => {
  it('model, strengths, matchups and matches answer from the services', async () => {
    const r = await ask(`{
      model(communityId: "${c.id}") { patch bracket matches radiantBias }
      strengths(communityId: "${c.id}") { heroId estimate { value low high games } }
      matchups(communityId: "${c.id}", heroId: ${AXE}, kind: COUNTER) { otherId kind estimate { value games } }
      matches(communityId: "${c.id}", limit: 1) { matchId radiantWin radiant dire avgRankTier }
    }`);
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!;
    expect(d.model).toEqual({ patch: 60, bracket: 0, matches: 250_000, radiantBias: 0.08 });
    const strengths = d.strengths as {
      heroId: number;
      estimate: { value: number; low: number; high: number };
    }[];
    expect(strengths[0]!.heroId).toBe(AXE);
    for (const s of strengths) expect(s.estimate.low).toBeLessThan(s.estimate.high);
    expect(d.matchups).toEqual([
      { otherId: ANTI_MAGE, kind: 'COUNTER', estimate: { value: 0.18, games: 900 } },
      { otherId: 35, kind: 'COUNTER', estimate: { value: 0.09, games: 420 } },
      { otherId: 8, kind: 'COUNTER', estimate: { value: -0.06, games: 700 } },
    ]);
    expect(d.matches).toEqual([
      {
        matchId: sampleMatches[0]!.matchId,
        radiantWin: true,
        radiant: sampleMatches[0]!.radiant,
        dire: sampleMatches[0]!.dire,
        avgRankTier: 54,
      },
    ]);
  });

  it('a community without a built model answers null and empty lists', async () => {
    const bare = await graphqlApp(fakeDotaServices({ communities: [] }));
    try {
      const c2 = await makeCommunity(bare.ctx, { game: 'dota' });
      const k = await apiKey(bare, c2.id, ['read']);
      const r = await gql(
        bare.app,
        `{ model(communityId: "${c2.id}") { patch } suggestions(communityId: "${c2.id}") { heroId } }`,
        { headers: { 'x-api-key': k } },
      );
      expect(r.body).toEqual({ data: { model: null, suggestions: [] } });
    } finally {
      await bare.close();
    }
  });
});
