import { DOTA_HEROES } from '@guildhall/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { createUser } from '../src/modules/identity';
import {
  createRoom,
  type DraftServer,
  DraftTestClient,
  fakeClock,
  fakeModel,
  fakeServices,
  startDraftServer,
} from './dota-draft-fixtures';
import { makeCommunity, sessionCookie, userWithRole } from './helpers';

const AXE = 2;
const LION = 26;
const heroIds = DOTA_HEROES.map((h) => h.id);

describe('draft rooms on one server', () => {
  let s: DraftServer;
  let communityId: string;
  let officer: Record<string, string>;
  let member: Record<string, string>;
  let key: Record<string, string>;
  const clock = fakeClock();
  const model = fakeModel();
  const noModelFor = new Set<string>();

  beforeAll(async () => {
    s = await startDraftServer({ clock, services: fakeServices(model, noModelFor) });
    const c = await makeCommunity(s.ctx, { game: 'dota' });
    communityId = c.id;
    const o = await userWithRole(s.app, s.ctx, communityId, 'officer');
    officer = { cookie: o.cookie, origin: s.origin };
    const m = await userWithRole(s.app, s.ctx, communityId, 'member');
    member = { cookie: m.cookie, origin: s.origin };
    const k = await createApiKey(s.ctx, communityId, { name: 'draft bot', scopes: ['read'] }, cliActor);
    key = { 'x-api-key': k.key };
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A room with both captains seated (two member connections) and a spectator. */
  async function seatedRoom(body: Parameters<typeof createRoom>[3]) {
    const roomId = await createRoom(s, communityId, officer, body);
    const radiant = await DraftTestClient.open(s.wsUrl(roomId), member);
    const dire = await DraftTestClient.open(s.wsUrl(roomId), key);
    const watcher = await DraftTestClient.open(s.wsUrl(roomId), member);
    const r = await radiant.join('radiant');
    const d = await dire.join('dire');
    await watcher.join('spectator');
    const started = await watcher.next((m) => m.type === 'state' && m.state.status === 'drafting');
    const version = started.type === 'state' ? started.state.version : 0;
    return {
      roomId,
      radiant,
      dire,
      watcher,
      tokens: { radiant: r.seatToken!, dire: d.seatToken! },
      version,
      async close() {
        await Promise.all([radiant.close(), dire.close(), watcher.close()]);
      },
    };
  }

  it('opens a room for a member with read access and refuses one without credentials', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${communityId}/dota/rooms`,
      headers: { ...member, host: new URL(s.origin).host },
      payload: { mode: 'captains_mode' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { roomId: string; joinUrl: string; wsPath: string };
    expect(body.joinUrl).toBe(`/c/${communityId}/dota/draft?room=${body.roomId}`);
    expect(body.wsPath).toBe(`/ws/draft/${body.roomId}`);
    const anonymous = await s.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${communityId}/dota/rooms`,
      payload: { mode: 'captains_mode' },
    });
    expect(anonymous.statusCode).toBe(401);
    const bad = await s.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${communityId}/dota/rooms`,
      headers: { ...member, host: new URL(s.origin).host },
      payload: { mode: 'turbo', bansPerSide: 99 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("lists the community's open rooms with a free seat, newest activity first", async () => {
    const full = await seatedRoom({ mode: 'captains_mode' });
    const half = await createRoom(s, communityId, officer, { mode: 'all_pick', bansPerSide: 2 });
    const empty = await createRoom(s, communityId, officer, { mode: 'captains_mode' });
    const captain = await DraftTestClient.open(s.wsUrl(half), member);
    await captain.join('radiant');
    const elsewhere = await makeCommunity(s.ctx, { game: 'dota' });
    const list = async (headers: Record<string, string>) =>
      s.app.inject({ method: 'GET', url: `/api/v1/communities/${communityId}/dota/rooms`, headers });
    const res = await list(member);
    expect(res.statusCode).toBe(200);
    const rooms = (res.json() as { rooms: { roomId: string; freeSeats: string[]; status: string }[] }).rooms;
    const ids = rooms.map((r) => r.roomId);
    expect(ids).not.toContain(full.roomId);
    expect(rooms.find((r) => r.roomId === half)).toMatchObject({
      mode: 'all_pick',
      status: 'waiting',
      freeSeats: ['dire'],
      steps: 0,
      totalSteps: 14,
      joinUrl: `/c/${communityId}/dota/draft?room=${half}`,
    });
    expect(rooms.find((r) => r.roomId === empty)?.freeSeats).toEqual(['radiant', 'dire']);
    // The room a captain just sat down in changed last.
    expect(ids.indexOf(half)).toBeLessThan(ids.indexOf(empty));
    const other = await s.app.inject({
      method: 'GET',
      url: `/api/v1/communities/${elsewhere.id}/dota/rooms`,
      headers: key,
    });
    expect(other.statusCode).toBe(403);
    expect((await list({})).statusCode).toBe(401);
    await Promise.all([full.close(), captain.close()]);
  });

  it('refuses the WebSocket without credentials, with a cookie from another site, from outsiders and for unknown rooms', async () => {
    const roomId = await createRoom(s, communityId, officer, { mode: 'all_pick' });
    expect(await DraftTestClient.refusal(s.wsUrl(roomId), {})).toBe(401);
    expect(
      await DraftTestClient.refusal(s.wsUrl(roomId), {
        cookie: member.cookie!,
        origin: 'https://evil.example',
      }),
    ).toBe(403);
    const outsider = await createUser(s.ctx.db, { displayName: 'outsider', isInstanceOwner: false });
    const outsiderCookie = await sessionCookie(s.app, s.ctx, outsider.id);
    expect(await DraftTestClient.refusal(s.wsUrl(roomId), { cookie: outsiderCookie, origin: s.origin })).toBe(
      403,
    );
    expect(await DraftTestClient.refusal(s.wsUrl('AAAAAAAAAAAAAAAA'), member)).toBe(404);
    expect(await DraftTestClient.refusal(s.wsUrl('not-a-room'), member)).toBe(404);
    // The same cookie from the installation's own page gets in.
    const ok = await DraftTestClient.open(s.wsUrl(roomId), member);
    await ok.join('spectator');
    await ok.close();
  });

  it('waits for both captains, then broadcasts each pick with fresh suggestions for the side to move', async () => {
    const room = await seatedRoom({ mode: 'all_pick', firstPick: 'radiant' });
    const first = room.watcher.latest!;
    expect(first.turn).toMatchObject({ step: 0, kind: 'pick', side: 'radiant' });
    expect(first.seats).toEqual({ radiant: true, dire: true });

    room.radiant.send({ type: 'pick', heroId: AXE, ref: 'p1' });
    const next = await room.watcher.stateAt(room.version + 1);
    expect(next.state.radiant.picks).toEqual([AXE]);
    expect(next.state.turn).toMatchObject({ step: 1, kind: 'pick', side: 'dire' });
    // Suggestions are the dire's: Axe is their enemy, and it is not among them.
    expect(next.suggestions.side).toBe('dire');
    expect(next.suggestions.items.length).toBeGreaterThan(0);
    expect(next.suggestions.items.some((i) => i.heroId === AXE)).toBe(false);
    expect(next.suggestions.items[0]!.reasons).toContainEqual({
      kind: 'counter',
      heroId: AXE,
      delta: 0.021,
      games: 812,
    });
    expect(model.asked.at(-1)).toEqual({ allies: [], enemies: [AXE], bans: [] });
    // The captains got the same state.
    expect((await room.dire.stateAt(room.version + 1)).state.radiant.picks).toEqual([AXE]);
    await room.close();
  });

  it('refuses illegal moves with typed errors and changes nothing', async () => {
    const room = await seatedRoom({ mode: 'captains_mode', firstPick: 'radiant' });
    room.dire.send({ type: 'ban', heroId: AXE, ref: 'wrong-turn' });
    expect((await room.dire.error('wrong-turn')).code).toBe('NOT_YOUR_TURN');
    room.radiant.send({ type: 'pick', heroId: AXE, ref: 'wrong-kind' });
    expect((await room.radiant.error('wrong-kind')).code).toBe('WRONG_ACTION');
    room.watcher.send({ type: 'ban', heroId: AXE, ref: 'spectator' });
    expect((await room.watcher.error('spectator')).code).toBe('NOT_A_CAPTAIN');
    room.radiant.send({ type: 'ban', heroId: AXE, ref: 'ok' });
    await room.watcher.stateAt(room.version + 1);
    // Dire's two bans: Axe is gone already.
    room.dire.send({ type: 'ban', heroId: AXE, ref: 'taken' });
    expect((await room.dire.error('taken')).code).toBe('HERO_UNAVAILABLE');
    room.dire.send({ type: 'ban', heroId: 24, ref: 'no-such-hero' }); // ids are sparse: 24 is no hero
    expect((await room.dire.error('no-such-hero')).code).toBe('HERO_UNAVAILABLE');
    room.radiant.send({ type: 'reset', ref: 'reset' });
    expect((await room.radiant.error('reset')).code).toBe('NOT_HOST');
    // A seat already held is refused to a newcomer without its token.
    const intruder = await DraftTestClient.open(s.wsUrl(room.roomId), member);
    intruder.send({ type: 'join', seat: 'radiant', ref: 'steal' });
    expect((await intruder.error('steal')).code).toBe('SEAT_TAKEN');
    intruder.send({ type: 'pick', heroId: LION, ref: 'not-joined' });
    expect((await intruder.error('not-joined')).code).toBe('NOT_JOINED');
    await intruder.close();
    // Nothing moved: the state is still the one after the single ban.
    const now = await DraftTestClient.open(s.wsUrl(room.roomId), member);
    await now.join('spectator');
    const state = (await now.stateFrom(0)).state;
    expect(state.version).toBe(room.version + 1);
    expect(state.radiant.bans).toEqual([AXE]);
    expect(state.dire.bans).toEqual([]);
    await now.close();
    await room.close();
  });

  it('answers bad messages with BAD_MESSAGE or MESSAGE_TOO_LARGE and keeps the socket open', async () => {
    const room = await seatedRoom({ mode: 'all_pick' });
    const c = room.watcher;
    const errors = c.messages.length;
    c.send('not json');
    c.send('[1,2,3]');
    c.send({ type: 'pick', heroId: 'axe' });
    c.send({ type: 'pick', heroId: 2, extra: true });
    c.send({ type: 'teleport' });
    c.send(JSON.stringify({ type: 'join', seat: 'spectator', seatToken: 'x'.repeat(2000) }));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.send({ type: 'undo', ref: 'still-here' });
    const last = await c.error('still-here');
    // Undo is refused (nothing to undo): a reply, so every bad message before it was answered too.
    expect(last.code).toBe('NOTHING_TO_UNDO');
    const codes = c.messages.slice(errors).flatMap((m) => (m.type === 'error' ? [m.code] : []));
    expect(codes).toEqual([
      'BAD_MESSAGE',
      'BAD_MESSAGE',
      'BAD_MESSAGE',
      'BAD_MESSAGE',
      'BAD_MESSAGE',
      'MESSAGE_TOO_LARGE',
      'BAD_MESSAGE',
      'NOTHING_TO_UNDO',
    ]);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await room.close();
  });

  it("undoes a captain's own last step, not the other side's; the host undoes any", async () => {
    const room = await seatedRoom({ mode: 'all_pick', firstPick: 'radiant' });
    room.radiant.send({ type: 'pick', heroId: AXE });
    await room.watcher.stateAt(room.version + 1);
    room.dire.send({ type: 'undo', ref: 'not-mine' });
    expect((await room.dire.error('not-mine')).code).toBe('NOT_YOUR_ACTION');
    room.radiant.send({ type: 'undo', ref: 'mine' });
    const undone = await room.watcher.stateAt(room.version + 2);
    expect(undone.state.radiant.picks).toEqual([]);
    expect(undone.state.turn).toMatchObject({ step: 0, side: 'radiant' });
    room.radiant.send({ type: 'undo', ref: 'empty' });
    expect((await room.radiant.error('empty')).code).toBe('NOTHING_TO_UNDO');
    room.radiant.send({ type: 'pick', heroId: LION });
    await room.watcher.stateAt(room.version + 3);
    // The officer who opened the room is its host.
    const host = await DraftTestClient.open(s.wsUrl(room.roomId), officer);
    expect((await host.join('spectator')).host).toBe(true);
    host.send({ type: 'undo' });
    expect((await room.watcher.stateAt(room.version + 4)).state.radiant.picks).toEqual([]);
    host.send({ type: 'reset' });
    expect((await room.watcher.stateAt(room.version + 5)).state.actions).toEqual([]);
    await host.close();
    await room.close();
  });

  it("walks Captain's Mode's 24 steps to the end", async () => {
    const room = await seatedRoom({ mode: 'captains_mode', firstPick: 'dire' });
    const order = room.watcher.latest!.order;
    expect(order).toHaveLength(24);
    expect(order.filter((s) => s.kind === 'ban')).toHaveLength(14);
    const bansOf = (side: string) => order.filter((s) => s.kind === 'ban' && s.side === side).length;
    expect(bansOf('dire')).toBe(7);
    expect(bansOf('radiant')).toBe(7);
    // First-pick team (dire) bans first and picks first.
    expect(order[0]).toEqual({ kind: 'ban', side: 'dire' });
    expect(order.find((s) => s.kind === 'pick')).toEqual({ kind: 'pick', side: 'dire' });
    for (let i = 0; i < 24; i++) {
      const step = order[i]!;
      const captain = step.side === 'radiant' ? room.radiant : room.dire;
      captain.send({ type: step.kind, heroId: heroIds[i]! });
      const st = await room.watcher.stateAt(room.version + i + 1);
      expect(st.state.actions).toHaveLength(i + 1);
    }
    const done = room.watcher.latest!;
    expect(done.status).toBe('done');
    expect(done.turn).toBeNull();
    expect(done.radiant.picks).toHaveLength(5);
    expect(done.dire.picks).toHaveLength(5);
    expect(done.radiant.bans.length + done.dire.bans.length).toBe(14);
    room.radiant.send({ type: 'pick', heroId: LION, ref: 'over' });
    expect((await room.radiant.error('over')).code).toBe('DRAFT_OVER');
    await room.close();
  });

  it('walks All Pick with a ban phase, alternating sides', async () => {
    const room = await seatedRoom({ mode: 'all_pick', firstPick: 'radiant', bansPerSide: 2 });
    const order = room.watcher.latest!.order;
    expect(order.map((s) => `${s.kind}:${s.side[0]}`)).toEqual([
      'ban:r',
      'ban:d',
      'ban:r',
      'ban:d',
      ...Array.from({ length: 10 }, (_, i) => `pick:${i % 2 === 0 ? 'r' : 'd'}`),
    ]);
    for (let i = 0; i < order.length; i++) {
      const step = order[i]!;
      (step.side === 'radiant' ? room.radiant : room.dire).send({
        type: step.kind,
        heroId: heroIds[i + 30]!,
      });
      await room.watcher.stateAt(room.version + i + 1);
    }
    expect(room.watcher.latest!.status).toBe('done');
    expect(room.watcher.latest!.radiant.picks).toEqual([34, 36, 38, 40, 42].map((i) => heroIds[i]));
    await room.close();
  });

  it('runs the clock on the server: step time, then reserve, then a skipped ban or a random pick', async () => {
    const room = await seatedRoom({
      mode: 'all_pick',
      firstPick: 'radiant',
      bansPerSide: 1,
      timer: { stepSeconds: 30, reserveSeconds: 60 },
    });
    const start = room.watcher.latest!;
    expect(start.turn!.stepEndsAt).toBe(clock.now() + 30_000);
    expect(start.reserveMs).toEqual({ radiant: 60_000, dire: 60_000 });
    clock.advance(89_999);
    await s.hub.checkTimers();
    // One ms short of step time plus reserve: nothing happened.
    expect(room.watcher.latest!.version).toBe(room.version);
    clock.advance(1);
    await s.hub.checkTimers();
    const skipped = await room.watcher.stateAt(room.version + 1);
    expect(skipped.state.actions[0]).toEqual({ kind: 'ban', side: 'radiant', heroId: null, auto: true });
    expect(skipped.state.reserveMs.radiant).toBe(0);
    // Dire bans 40 s in: 10 s of its reserve spent.
    clock.advance(40_000);
    room.dire.send({ type: 'ban', heroId: AXE });
    const banned = await room.watcher.stateAt(room.version + 2);
    expect(banned.state.reserveMs).toEqual({ radiant: 0, dire: 50_000 });
    // Radiant has no reserve left: its pick is made for it after 30 s.
    clock.advance(30_000);
    await s.hub.checkTimers();
    const picked = await room.watcher.stateAt(room.version + 3);
    const auto = picked.state.actions[2]!;
    expect(auto).toMatchObject({ kind: 'pick', side: 'radiant', auto: true });
    expect(auto.heroId).not.toBe(AXE);
    expect(heroIds).toContain(auto.heroId);
    await room.close();
  });

  it('resumes a reconnecting captain: the current state and the seat back with its token', async () => {
    const room = await seatedRoom({ mode: 'all_pick', firstPick: 'radiant' });
    const seen = room.radiant.latest!.version;
    await room.radiant.close();
    room.dire.send({ type: 'pick', heroId: 0 + LION, ref: 'early' });
    expect((await room.dire.error('early')).code).toBe('NOT_YOUR_TURN');
    // While radiant is away, the host moves nothing; a stranger cannot take the seat.
    const stranger = await DraftTestClient.open(s.wsUrl(room.roomId), member);
    stranger.send({ type: 'join', seat: 'radiant', seatToken: 'a'.repeat(32), ref: 'forged' });
    expect((await stranger.error('forged')).code).toBe('SEAT_TAKEN');
    await stranger.close();
    const back = await DraftTestClient.open(s.wsUrl(room.roomId), member);
    const joined = await back.join('radiant', { seatToken: room.tokens.radiant, lastVersion: seen });
    expect(joined.seats).toEqual(['radiant']);
    const state = await back.stateFrom(seen);
    expect(state.state.version).toBe(seen);
    back.send({ type: 'pick', heroId: AXE });
    expect((await room.watcher.stateAt(seen + 1)).state.radiant.picks).toEqual([AXE]);
    await back.close();
    await room.close();
  });

  it('keeps working without a model: states carry no suggestions and say why', async () => {
    const c = await makeCommunity(s.ctx, { game: 'dota' });
    noModelFor.add(c.id);
    const { cookie } = await userWithRole(s.app, s.ctx, c.id, 'member');
    const headers = { cookie, origin: s.origin };
    const roomId = await createRoom(s, c.id, headers, { mode: 'all_pick', timer: null });
    const solo = await DraftTestClient.open(s.wsUrl(roomId), headers);
    // One connection may hold both seats (practice alone).
    await solo.join('radiant');
    await solo.join('dire');
    const started = await solo.next((m) => m.type === 'state' && m.state.status === 'drafting');
    expect(started.type === 'state' && started.suggestions).toEqual({
      side: 'radiant',
      kind: 'pick',
      items: [],
      unavailable: 'NO_MODEL',
    });
    expect(started.type === 'state' && started.state.turn!.stepEndsAt).toBeNull();
    solo.send({ type: 'pick', heroId: AXE });
    solo.send({ type: 'pick', heroId: LION });
    const after = await solo.next((m) => m.type === 'state' && m.state.actions.length === 2);
    expect(after.type === 'state' && [after.state.radiant.picks, after.state.dire.picks]).toEqual([
      [AXE],
      [LION],
    ]);
    await solo.close();
  });
});
