import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '../src/modules/communities';
import { createUser } from '../src/modules/identity';
import { ANTI_MAGE, AXE, fakeDotaServices, LION, PUDGE } from './dota-graphql-fixtures';
import { apiKey, codes, type GraphqlHarness, gql, graphqlApp, ORIGIN } from './dota-graphql-harness';
import { makeCommunity, sessionCookie, userWithRole } from './helpers';

/** The query exactly as issue 13's "Interface other tools rely on" writes it. */
const SUGGESTIONS = `query Suggest($communityId: ID!, $allies: [Int!], $enemies: [Int!], $bans: [Int!]) {
  suggestions(communityId: $communityId, allies: $allies, enemies: $enemies, bans: $bans) {
    heroId winProbability reasons { kind heroId delta games }
  }
}`;

let t: GraphqlHarness;
let dota: Community;
let other: Community;

beforeAll(async () => {
  t = await graphqlApp(fakeDotaServices());
  dota = await makeCommunity(t.ctx, { game: 'dota', name: 'Radiant Regulars' });
  other = await makeCommunity(t.ctx, { game: 'dota', name: 'Dire Dwellers' });
});
afterAll(() => t.close());

const draft = () => ({ communityId: dota.id, allies: [LION], enemies: [ANTI_MAGE], bans: [PUDGE] });

describe('suggestions over HTTP, as other tools call it', () => {
  it('ranks candidates by win probability and each reason list adds up to it', async () => {
    const key = await apiKey(t, dota.id, ['read']);
    const r = await gql(t.app, SUGGESTIONS, { variables: draft(), headers: { 'x-api-key': key } });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const list = r.body.data!.suggestions as {
      heroId: number;
      winProbability: number;
      reasons: { kind: string; heroId: number | null; delta: number; games: number }[];
    }[];
    expect(list.map((s) => s.heroId)).not.toContain(PUDGE);
    expect(list.map((s) => s.heroId)).not.toContain(LION);
    expect(list[0]!.heroId).toBe(AXE);
    const probs = list.map((s) => s.winProbability);
    expect([...probs].sort((a, b) => b - a)).toEqual(probs);
    for (const s of list) {
      const sum = s.reasons.reduce((a, x) => a + x.delta, 0);
      expect(sum).toBeCloseTo(s.winProbability - 0.5, 12);
    }
    expect(list[0]!.reasons).toContainEqual({
      kind: 'counter',
      heroId: ANTI_MAGE,
      delta: expect.any(Number),
      games: 900,
    });
    expect(list[0]!.reasons).toContainEqual({
      kind: 'synergy',
      heroId: LION,
      delta: expect.any(Number),
      games: 1300,
    });
  });
});

describe('credentials: the same as the REST routes', () => {
  it("a read key of the community passes; another community's key, a key without read, a wrong key do not", async () => {
    const own = await apiKey(t, dota.id, ['read']);
    const foreign = await apiKey(t, other.id, ['read']);
    const upload = await apiKey(t, dota.id, ['upload']);

    expect(
      (await gql(t.app, SUGGESTIONS, { variables: draft(), headers: { 'x-api-key': own } })).status,
    ).toBe(200);

    const wrongCommunity = await gql(t.app, SUGGESTIONS, {
      variables: draft(),
      headers: { 'x-api-key': foreign },
    });
    expect(wrongCommunity.status).toBe(403);
    expect(codes(wrongCommunity)).toEqual(['FORBIDDEN']);
    expect(wrongCommunity.body.data).toBeNull();

    const noScope = await gql(t.app, SUGGESTIONS, { variables: draft(), headers: { 'x-api-key': upload } });
    expect(codes(noScope)).toEqual(['MISSING_SCOPE']);

    const unknown = await gql(t.app, SUGGESTIONS, {
      variables: draft(),
      headers: { 'x-api-key': 'gh_nope' },
    });
    expect(unknown.status).toBe(401);
    expect(codes(unknown)).toEqual(['INVALID_API_KEY']);
  });

  it('the session cookie of a member passes; a non-member and nobody do not', async () => {
    const member = await userWithRole(t.app, t.ctx, dota.id, 'member', 'Member Mia');
    const stranger = await createUser(t.ctx.db, { displayName: 'Stranger', isInstanceOwner: false });
    const strangerCookie = await sessionCookie(t.app, t.ctx, stranger.id);

    const ok = await gql(t.app, SUGGESTIONS, {
      variables: draft(),
      headers: { cookie: member.cookie, origin: ORIGIN },
    });
    expect(ok.status).toBe(200);
    expect((ok.body.data!.suggestions as unknown[]).length).toBeGreaterThan(0);

    const notMember = await gql(t.app, SUGGESTIONS, {
      variables: draft(),
      headers: { cookie: strangerCookie, origin: ORIGIN },
    });
    expect(codes(notMember)).toEqual(['FORBIDDEN']);

    const nobody = await gql(t.app, SUGGESTIONS, { variables: draft() });
    expect(nobody.status).toBe(401);
    expect(codes(nobody)).toEqual(['UNAUTHENTICATED']);
  });

  it('a bearer token from a member’s session passes, and REST takes it too', async () => {
    const member = await userWithRole(t.app, t.ctx, dota.id, 'member', 'Token Tom');
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: member.cookie, origin: ORIGIN },
    });
    expect(issued.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${issued.json().accessToken}` };

    const r = await gql(t.app, SUGGESTIONS, { variables: draft(), headers: bearer });
    expect(r.status).toBe(200);
    const me = await gql(t.app, '{ me { userId displayName } }', { headers: bearer });
    expect(me.body.data!.me).toEqual({ userId: member.userId, displayName: 'Token Tom' });

    const rest = await t.app.inject({ url: '/api/v1/me', headers: bearer });
    expect(rest.json().user.id).toBe(member.userId);
    const foreign = await gql(t.app, SUGGESTIONS, {
      variables: { ...draft(), communityId: other.id },
      headers: bearer,
    });
    expect(codes(foreign)).toEqual(['FORBIDDEN']);

    const garbage = await gql(t.app, '{ me { userId } }', {
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    expect(garbage.status).toBe(401);
    expect(codes(garbage)).toEqual(['INVALID_ACCESS_TOKEN']);
  });

  it('me is null without a user, and a key cannot write preferences', async () => {
    const key = await apiKey(t, dota.id, ['read']);
    expect((await gql(t.app, '{ me { userId } }')).body.data).toEqual({ me: null });
    expect((await gql(t.app, '{ me { userId } }', { headers: { 'x-api-key': key } })).body.data).toEqual({
      me: null,
    });
    const write = await gql(t.app, 'mutation { updatePreferences(roles: [1]) { roles } }', {
      headers: { 'x-api-key': key },
    });
    expect(codes(write)).toEqual(['FORBIDDEN']);
    const anon = await gql(t.app, 'mutation { updatePreferences(roles: [1]) { roles } }');
    expect(codes(anon)).toEqual(['UNAUTHENTICATED']);
  });

  it('a community not found is a not-found code, whatever the id looks like', async () => {
    const key = await apiKey(t, dota.id, ['read']);
    for (const communityId of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const r = await gql(t.app, SUGGESTIONS, {
        variables: { ...draft(), communityId },
        headers: { 'x-api-key': key },
      });
      expect(r.status).toBeLessThan(500);
      expect(codes(r)).toEqual(['COMMUNITY_NOT_FOUND']);
    }
  });
});

describe('cross-site requests', () => {
  const mutation = 'mutation { updatePreferences(bracket: 5) { bracket } }';

  it('a cookie mutation from another origin is refused and changes nothing; from the dashboard it works', async () => {
    const member = await userWithRole(t.app, t.ctx, dota.id, 'member', 'Csrf Carla');
    const forged = await gql(t.app, mutation, {
      headers: { cookie: member.cookie, origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(codes(forged)).toEqual(['CROSS_ORIGIN_REQUEST']);
    const site = await gql(t.app, mutation, {
      headers: { cookie: member.cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(codes(site)).toEqual(['CROSS_ORIGIN_REQUEST']);
    const read = await gql(t.app, '{ me { preferences { bracket } } }', {
      headers: { cookie: member.cookie },
    });
    expect(read.body.data).toEqual({ me: { preferences: { bracket: null } } });

    const ok = await gql(t.app, mutation, { headers: { cookie: member.cookie, origin: ORIGIN } });
    expect(ok.body.data).toEqual({ updatePreferences: { bracket: 5 } });
  });

  it('GET runs queries with the cookie but never a mutation', async () => {
    const member = await userWithRole(t.app, t.ctx, dota.id, 'member', 'Get Gina');
    const q = await t.app.inject({
      url: `/graphql?query=${encodeURIComponent('{ me { displayName } }')}`,
      headers: { cookie: member.cookie },
    });
    expect(q.statusCode).toBe(200);
    expect(q.json().data.me.displayName).toBe('Get Gina');
    const m = await t.app.inject({
      url: `/graphql?query=${encodeURIComponent(mutation)}`,
      headers: { cookie: member.cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(m.statusCode).toBe(405);
    expect(m.json().errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    const read = await gql(t.app, '{ me { preferences { bracket } } }', {
      headers: { cookie: member.cookie },
    });
    expect(read.body.data).toEqual({ me: { preferences: { bracket: null } } });
  });

  it('a bearer token needs no origin: a page elsewhere cannot attach it', async () => {
    const member = await userWithRole(t.app, t.ctx, dota.id, 'member', 'Bearer Ben');
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: member.cookie, origin: ORIGIN },
    });
    const r = await gql(t.app, mutation, {
      headers: { authorization: `Bearer ${issued.json().accessToken}`, origin: 'https://elsewhere.example' },
    });
    expect(r.body.data).toEqual({ updatePreferences: { bracket: 5 } });
  });
});
