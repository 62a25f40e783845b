import crypto from 'node:crypto';
import { DOTA_HEROES } from '@guildhall/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, type DraftServer, DraftTestClient, startDraftServer } from './dota-draft-fixtures';
import { makeCommunity, testDatabaseUrl, testRedisUrl, userWithRole } from './helpers';

const AXE = 2;
const LION = 26;
const shared = Boolean(testDatabaseUrl && testRedisUrl);

/**
 * Two server processes on one room: with TEST_DATABASE_URL and TEST_REDIS_URL, two contexts on
 * one Postgres and one Redis (as two `guildhall serve` would run); without them, two app
 * instances on one embedded database and in-process pub/sub. Clients sit on both.
 */
describe(`draft rooms across two servers (${shared ? 'Postgres + Redis' : 'one embedded database'})`, () => {
  let a: DraftServer;
  let b: DraftServer;
  let communityId: string;
  let onA: Record<string, string>;
  let onB: Record<string, string>;

  beforeAll(async () => {
    // One installation: both processes sign and read session cookies with the same secret.
    const env = { GUILDHALL_SECRET: crypto.randomBytes(32).toString('base64url') };
    a = await startDraftServer({ redis: true, env });
    b = shared
      ? await startDraftServer({ redis: true, shareWith: a, env })
      : await startDraftServer({ sameContextAs: a });
    const c = await makeCommunity(a.ctx, { game: 'dota' });
    communityId = c.id;
    const { cookie } = await userWithRole(a.app, a.ctx, communityId, 'member');
    onA = { cookie, origin: a.origin };
    onB = { cookie, origin: b.origin };
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function room() {
    const roomId = await createRoom(a, communityId, onA, {
      mode: 'all_pick',
      firstPick: 'radiant',
      timer: null,
    });
    const radiant = await DraftTestClient.open(a.wsUrl(roomId), onA);
    const dire = await DraftTestClient.open(b.wsUrl(roomId), onB);
    const watchA = await DraftTestClient.open(a.wsUrl(roomId), onA);
    const watchB = await DraftTestClient.open(b.wsUrl(roomId), onB);
    const token = (await radiant.join('radiant')).seatToken!;
    const direToken = (await dire.join('dire')).seatToken!;
    await watchA.join('spectator');
    await watchB.join('spectator');
    const started = await watchB.next((m) => m.type === 'state' && m.state.status === 'drafting');
    const version = started.type === 'state' ? started.state.version : 0;
    return {
      roomId,
      radiant,
      dire,
      watchA,
      watchB,
      token,
      direToken,
      version,
      all: [radiant, dire, watchA, watchB],
    };
  }

  it('relays a pick made on one server to clients on both', async () => {
    const r = await room();
    r.radiant.send({ type: 'pick', heroId: AXE });
    for (const c of r.all) expect((await c.stateAt(r.version + 1)).state.radiant.picks).toEqual([AXE]);
    // And back the other way: dire picks on B, A's clients see it.
    r.dire.send({ type: 'pick', heroId: LION });
    for (const c of r.all) expect((await c.stateAt(r.version + 2)).state.dire.picks).toEqual([LION]);
    await Promise.all(r.all.map((c) => c.close()));
  });

  it('lets exactly one of many concurrent picks for one step win, on either server', async () => {
    const r = await room();
    const seats = new Set(['radiant'] as const);
    const heroes = DOTA_HEROES.slice(0, 12).map((h) => h.id);
    const results = await Promise.all(
      heroes.map((heroId, i) =>
        (i % 2 === 0 ? a : b).hub.change(r.roomId, { type: 'pick', heroId }, { seats, host: false }),
      ),
    );
    const won = results.filter((x) => x.ok);
    expect(won).toHaveLength(1);
    for (const x of results) if (!x.ok) expect(x.code).toBe('NOT_YOUR_TURN');
    const state = (await r.watchA.stateAt(r.version + 1)).state;
    expect(state.radiant.picks).toHaveLength(1);
    expect(state.actions).toHaveLength(1);
    // Both servers' clients agree on the winner, and no later version was published.
    expect((await r.watchB.stateAt(r.version + 1)).state.radiant.picks).toEqual(state.radiant.picks);
    // Two captains' sockets for one seat (one on each server) racing over the wire: one pick lands.
    const twin = await DraftTestClient.open(b.wsUrl(r.roomId), onB);
    await twin.join('dire', { seatToken: r.direToken });
    r.dire.send({ type: 'pick', heroId: 50, ref: 'x' });
    twin.send({ type: 'pick', heroId: 51, ref: 'y' });
    const after = (await r.watchA.stateAt(r.version + 2)).state;
    expect(after.dire.picks).toHaveLength(1);
    const loser = after.dire.picks[0] === 50 ? twin.error('y') : r.dire.error('x');
    expect((await loser).code).toBe('NOT_YOUR_TURN');
    await twin.close();
    await Promise.all(r.all.map((c) => c.close()));
  });

  it('resumes a captain who drops on one server and comes back on the other', async () => {
    const r = await room();
    r.radiant.send({ type: 'pick', heroId: AXE });
    const seen = (await r.radiant.stateAt(r.version + 1)).state.version;
    await r.radiant.close();
    r.dire.send({ type: 'pick', heroId: LION });
    await r.watchA.stateAt(seen + 1);
    const back = await DraftTestClient.open(b.wsUrl(r.roomId), onB);
    expect((await back.join('radiant', { seatToken: r.token, lastVersion: seen })).seats).toEqual([
      'radiant',
    ]);
    const resumed = (await back.stateFrom(seen + 1)).state;
    expect(resumed.version).toBe(seen + 1);
    expect(resumed.dire.picks).toEqual([LION]);
    expect(resumed.turn).toMatchObject({ side: 'radiant', step: 2 });
    back.send({ type: 'pick', heroId: 3 });
    expect((await r.watchA.stateAt(seen + 2)).state.radiant.picks).toEqual([AXE, 3]);
    await back.close();
    await Promise.all([r.dire, r.watchA, r.watchB].map((c) => c.close()));
  });
});
