import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertGuildLink } from '../src/modules/bot/bot.repo';
import { removeDepartedMember } from '../src/modules/events';
import { eventSignups } from '../src/modules/events/events.tables';
import { discordId, eventsKey, memberWithDiscord, nextYear } from './events-fixtures';
import { createTestApp, makeCommunity, type TestApp, userWithRole } from './helpers';

interface Listed {
  items: { discordUserId: string; displayName: string; status: string; position: number }[];
  total: number;
}

describe('event sign-ups: capacity, caps, waitlist, window, withdrawal, departures', () => {
  let t: TestApp;
  let cid: string;
  let key: Record<string, string>;
  let officer: Record<string, string>;

  beforeAll(async () => {
    // Hundreds of sign-ups from one key: past the default per-client rate limit.
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    cid = (await makeCommunity(t.ctx)).id;
    key = await eventsKey(t.ctx, cid);
    officer = { cookie: (await userWithRole(t.app, t.ctx, cid, 'officer')).cookie };
  });
  afterAll(() => t.close());

  const base = () => `/api/v1/communities/${cid}/events`;
  let titles = 0;
  async function publishedEvent(extra: object = {}, publish = true): Promise<string> {
    titles += 1;
    const res = await t.app.inject({
      method: 'POST',
      url: base(),
      headers: key,
      payload: { title: `Event ${titles}`, startsAt: nextYear(), capacity: 2, ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    if (publish) await t.app.inject({ method: 'POST', url: `${base()}/${id}/publish`, headers: key });
    return id;
  }
  const signUp = (eventId: string, payload: object, headers = key) =>
    t.app.inject({ method: 'POST', url: `${base()}/${eventId}/signups`, headers, payload });
  const list = async (eventId: string, headers = key): Promise<Listed> =>
    (await t.app.inject({ url: `${base()}/${eventId}/signups`, headers })).json();
  const withdraw = (eventId: string, who: string, headers = key) =>
    t.app.inject({ method: 'DELETE', url: `${base()}/${eventId}/signups/${who}`, headers });
  const summary = (l: Listed) => l.items.map((i) => `${i.displayName}:${i.status}:${i.position}`);

  it('confirms up to the capacity, waitlists the rest in order, promotes on withdrawal', async () => {
    const id = await publishedEvent();
    const people = ['Ana', 'Bea', 'Carla', 'Dani'].map((name) => ({
      discordUserId: discordId(),
      displayName: name,
    }));
    const answers = [];
    for (const p of people) answers.push(await signUp(id, p));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    expect(answers.map((a) => [a.json().status, a.json().position])).toEqual([
      ['confirmed', 1],
      ['confirmed', 2],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
    // Signing up again answers the place already held, and nobody is in twice.
    const again = await signUp(id, people[2]!);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(summary(await list(id))).toEqual([
      'Ana:confirmed:1',
      'Bea:confirmed:2',
      'Carla:waitlisted:1',
      'Dani:waitlisted:2',
    ]);

    expect((await withdraw(id, people[0]!.discordUserId)).statusCode).toBe(204);
    expect(summary(await list(id))).toEqual(['Bea:confirmed:1', 'Carla:confirmed:2', 'Dani:waitlisted:1']);
    expect((await withdraw(id, people[0]!.discordUserId)).json().error.code).toBe('SIGNUP_NOT_FOUND');

    // Back after withdrawing: the end of the line.
    expect((await signUp(id, people[0]!)).json()).toMatchObject({ status: 'waitlisted', position: 2 });
    const l = await list(id);
    expect(l.total).toBe(4);
    expect(l.items[0]).toEqual({
      discordUserId: people[1]!.discordUserId,
      displayName: 'Bea',
      status: 'confirmed',
      position: 1,
      role: null,
      class: null,
    });
  });

  it('promotes the line in order when the capacity or a cap is raised', async () => {
    const id = await publishedEvent({ capacity: 1 });
    for (const name of ['Ana', 'Bea', 'Carla', 'Dani'])
      await signUp(id, { discordUserId: discordId(), displayName: name });
    const event = (await t.app.inject({ url: `${base()}/${id}`, headers: key })).json();
    const raised = await t.app.inject({
      method: 'PATCH',
      url: `${base()}/${id}`,
      headers: officer,
      payload: { version: event.version, capacity: 3 },
    });
    expect(raised.statusCode).toBe(200);
    expect(summary(await list(id))).toEqual([
      'Ana:confirmed:1',
      'Bea:confirmed:2',
      'Carla:confirmed:3',
      'Dani:waitlisted:1',
    ]);
    // Lowering it keeps those seated (nobody loses a confirmed seat) and seats no one new.
    await t.app.inject({
      method: 'PATCH',
      url: `${base()}/${id}`,
      headers: officer,
      payload: { version: raised.json().version, capacity: 1 },
    });
    expect((await signUp(id, { discordUserId: discordId(), displayName: 'Eva' })).json().status).toBe(
      'waitlisted',
    );
  });

  it('holds per-role and per-class caps; a later sign-up of a free role passes a full one', async () => {
    const id = await publishedEvent({
      capacity: 4,
      caps: { roles: { tank: 1, healer: 1 }, classes: { mage: 1 } },
    });
    const go = (name: string, role?: string, klass?: string) =>
      signUp(id, { discordUserId: discordId(), displayName: name, role, class: klass });
    expect((await go('Tank1', 'tank')).json().status).toBe('confirmed');
    expect((await go('Tank2', 'tank')).json().status).toBe('waitlisted');
    expect((await go('Mage1', 'dps', 'mage')).json().status).toBe('confirmed');
    expect((await go('Mage2', 'dps', 'mage')).json().status).toBe('waitlisted');
    expect((await go('Heal1', 'healer')).json().status).toBe('confirmed');
    expect((await go('Dps1', 'dps', 'rogue')).json().status).toBe('confirmed');
    expect((await go('Dps2', 'dps', 'rogue')).json().status).toBe('waitlisted');

    // Raising the tank cap seats the waiting tank only when a seat is free too.
    const ev = (await t.app.inject({ url: `${base()}/${id}`, headers: key })).json();
    const capsRaised = await t.app.inject({
      method: 'PATCH',
      url: `${base()}/${id}`,
      headers: officer,
      payload: {
        version: ev.version,
        capacity: 5,
        caps: { roles: { tank: 2, healer: 1 }, classes: { mage: 1 } },
      },
    });
    expect(capsRaised.statusCode).toBe(200);
    const l = await list(id);
    expect(l.items.filter((i) => i.status === 'confirmed').map((i) => i.displayName)).toEqual([
      'Tank1',
      'Tank2',
      'Mage1',
      'Heal1',
      'Dps1',
    ]);
    expect(l.items.filter((i) => i.status === 'waitlisted').map((i) => i.displayName)).toEqual([
      'Mage2',
      'Dps2',
    ]);
  });

  it('never passes a role cap or the capacity when 300 of mixed roles sign up at once', async () => {
    const id = await publishedEvent({ capacity: 20, caps: { roles: { tank: 2, healer: 4 } } });
    const roles = ['tank', 'healer', 'dps'];
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        signUp(id, { discordUserId: discordId(), displayName: `P${i}`, role: roles[i % 3] }),
      ),
    );
    expect(answers.filter((a) => a.statusCode !== 201)).toEqual([]);
    const rows = await t.ctx.db
      .select({ role: eventSignups.role, status: eventSignups.status, n: sql<number>`count(*)::int` })
      .from(eventSignups)
      .where(eq(eventSignups.eventId, id))
      .groupBy(eventSignups.role, eventSignups.status);
    const n = (role: string, status: string) =>
      rows.find((r) => r.role === role && r.status === status)?.n ?? 0;
    const seated = n('tank', 'confirmed') + n('healer', 'confirmed') + n('dps', 'confirmed');
    expect(seated).toBe(20);
    expect(n('tank', 'confirmed')).toBeLessThanOrEqual(2);
    expect(n('healer', 'confirmed')).toBeLessThanOrEqual(4);
    expect(seated + n('tank', 'waitlisted') + n('healer', 'waitlisted') + n('dps', 'waitlisted')).toBe(300);
  }, 120_000);

  it('opens at publication and closes at the start unless a window says otherwise', async () => {
    const someone = () => ({ discordUserId: discordId(), displayName: 'Late' });
    const draft = await publishedEvent({}, false);
    expect((await signUp(draft, someone())).json().error).toMatchObject({ code: 'SIGNUPS_CLOSED' });
    const notYet = await publishedEvent({ registrationOpensAt: nextYear('06-01T00:00:00Z') });
    const refused = await signUp(notYet, someone());
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'SIGNUPS_CLOSED',
      details: { opensAt: expect.any(String) },
    });
    const closed = await publishedEvent({ registrationClosesAt: '2020-01-01T00:00:00Z' });
    expect((await signUp(closed, someone())).json().error.code).toBe('SIGNUPS_CLOSED');
    const past = await publishedEvent({ startsAt: '2021-05-01T18:00:00Z' });
    expect((await signUp(past, someone())).json().error.code).toBe('SIGNUPS_CLOSED');
    const openedEarly = await publishedEvent({ registrationOpensAt: '2020-01-01T00:00:00Z' });
    expect((await signUp(openedEarly, someone())).statusCode).toBe(201);
    const cancelled = await publishedEvent();
    await t.app.inject({ method: 'POST', url: `${base()}/${cancelled}/cancel`, headers: key });
    expect((await signUp(cancelled, someone())).json().error.code).toBe('SIGNUPS_CLOSED');
  });

  it('lets a signed-in member sign up and withdraw with their linked Discord account only', async () => {
    const id = await publishedEvent({ capacity: 5 });
    const m = await memberWithDiscord(t.app, t.ctx, cid, 'member', 'Marta');
    const self = await signUp(id, {}, m.headers);
    expect(self.statusCode).toBe(201);
    expect(self.json()).toMatchObject({
      discordUserId: m.discordUserId,
      displayName: 'Marta',
      status: 'confirmed',
    });
    const forOther = await signUp(id, { discordUserId: discordId(), displayName: 'X' }, m.headers);
    expect(forOther.json().error.code).toBe('MISSING_PERMISSION');
    expect((await withdraw(id, discordId(), m.headers)).json().error.code).toBe('MISSING_PERMISSION');
    expect((await list(id, m.headers)).total).toBe(1);
    expect((await withdraw(id, m.discordUserId, m.headers)).statusCode).toBe(204);

    const unlinked = await userWithRole(t.app, t.ctx, cid, 'member', 'No Discord');
    const refused = await signUp(id, {}, { cookie: unlinked.cookie });
    expect(refused.json().error.code).toBe('DISCORD_ACCOUNT_NOT_LINKED');
    // An events key must name who signs up.
    expect((await signUp(id, { displayName: 'who?' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await signUp(id, { discordUserId: 'abc', displayName: 'x' })).statusCode).toBe(400);
    // An officer signs up someone else.
    const byOfficer = await signUp(id, { discordUserId: discordId(), displayName: 'Guest' }, officer);
    expect(byOfficer.statusCode).toBe(201);
    expect((await signUp(id, { discordUserId: discordId(), displayName: 'x' }, {})).statusCode).toBe(401);
  });

  it('removes members who leave the Discord server from open events, and seats the next in line', async () => {
    const guildId = discordId();
    await upsertGuildLink(t.ctx.db, { guildId, communityId: cid, linkedBy: 'test' });
    const a = await publishedEvent({ capacity: 1 });
    const b = await publishedEvent({ capacity: 1 });
    const leaver = { discordUserId: discordId(), displayName: 'Leaver' };
    const stayer = { discordUserId: discordId(), displayName: 'Stayer' };
    for (const id of [a, b]) {
      await signUp(id, leaver);
      await signUp(id, stayer);
    }
    expect(await removeDepartedMember(t.ctx, guildId, leaver.discordUserId)).toBe(2);
    for (const id of [a, b]) expect(summary(await list(id))).toEqual(['Stayer:confirmed:1']);
    expect(await removeDepartedMember(t.ctx, guildId, leaver.discordUserId)).toBe(0);
    expect(await removeDepartedMember(t.ctx, discordId(), stayer.discordUserId)).toBe(0);
  });
});
