import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText, foldLine } from '../src/modules/events/ics';
import { eventsKey, memberWithDiscord, nextYear } from './events-fixtures';
import { createTestApp, makeCommunity, type TestApp } from './helpers';

/** What RFC 5545 asks of the text itself, which a lenient parser would not notice. */
function expectWellFormed(ics: string) {
  expect(ics.endsWith('\r\n')).toBe(true);
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
}

function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      sequence: e.sequence,
      status: v.getFirstPropertyValue('status'),
      dtstamp: v.getFirstPropertyValue('dtstamp') !== null,
      lastModified: v.getFirstPropertyValue('last-modified') !== null,
    };
  });
}

describe('calendar feeds (RFC 5545, parsed with ical.js)', () => {
  let t: TestApp;
  let cid: string;
  let key: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    cid = (await makeCommunity(t.ctx, { name: 'Liga Ñandú, Sección; Sur' })).id;
    key = await eventsKey(t.ctx, cid);
  });
  afterAll(() => t.close());

  it('escapes TEXT and folds at 75 octets without splitting a character', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    const folded = foldLine(`SUMMARY:${'ñ'.repeat(80)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`SUMMARY:${'ñ'.repeat(80)}`);
  });

  it('serves the community feed and a member feed, with edits, cancellations and stable UIDs', async () => {
    const base = `/api/v1/communities/${cid}/events`;
    const create = async (payload: object, publish = true) => {
      const res = await t.app.inject({ method: 'POST', url: base, headers: key, payload });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      if (publish) await t.app.inject({ method: 'POST', url: `${base}/${id}/publish`, headers: key });
      return id;
    };
    const title =
      'Gran Premio de España, Montmeló; clasificación \\ carrera — edición especial 2027 con ñandúes';
    const description = 'Reglas:\n1. Sin choques, por favor; 2. Daño 100%\nEnlace: https://example.org/a,b';
    const edited = await create({
      title,
      description,
      startsAt: nextYear('05-10T16:00:00+02:00'),
      durationMinutes: 90,
      capacity: 20,
    });
    const cancelled = await create({
      title: 'Cancelled race',
      startsAt: nextYear('05-17T16:00:00+02:00'),
      capacity: 20,
    });
    await create({ title: 'Still a draft', startsAt: nextYear(), capacity: 20 }, false);
    const mine = await create({ title: 'Mine', startsAt: nextYear('05-24T16:00:00+02:00'), capacity: 20 });

    const member = await memberWithDiscord(t.app, t.ctx, cid, 'member', 'Sofía');
    await t.app.inject({
      method: 'POST',
      url: `${base}/${mine}/signups`,
      headers: member.headers,
      payload: {},
    });

    const feeds = await t.app.inject({
      url: `/api/v1/communities/${cid}/calendar/feeds`,
      headers: member.headers,
    });
    expect(feeds.statusCode).toBe(200);
    const { community, member: memberUrl } = feeds.json() as { community: string; member: string };
    expect(memberUrl).toContain('token=');
    const fetchFeed = async (url: string) => {
      const res = await t.app.inject({ url: url.replace(/^https?:\/\/[^/]+/, '') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('text/calendar');
      expectWellFormed(res.body);
      return res.body;
    };

    const before = parse(await fetchFeed(community));
    expect(before.map((e) => e.summary)).toEqual([title, 'Cancelled race', 'Mine']);
    const first = before[0]!;
    expect(first).toMatchObject({
      description,
      start: new Date(nextYear('05-10T16:00:00+02:00')).toISOString(),
      end: new Date(new Date(nextYear('05-10T16:00:00+02:00')).getTime() + 90 * 60_000).toISOString(),
      sequence: 2,
      status: 'CONFIRMED',
      dtstamp: true,
      lastModified: true,
    });
    expect(first.uid).toContain(edited);

    // An edit and a cancellation travel through: new SEQUENCE, same UID, STATUS:CANCELLED.
    const current = (await t.app.inject({ url: `${base}/${edited}`, headers: key })).json();
    await t.app.inject({
      method: 'PATCH',
      url: `${base}/${edited}`,
      headers: key,
      payload: { version: current.version, startsAt: nextYear('05-10T18:00:00+02:00') },
    });
    await t.app.inject({ method: 'POST', url: `${base}/${cancelled}/cancel`, headers: key });
    const after = parse(await fetchFeed(community));
    const moved = after.find((e) => e.uid === first.uid)!;
    expect(moved.sequence).toBe(3);
    expect(moved.start).toBe(new Date(nextYear('05-10T18:00:00+02:00')).toISOString());
    expect(after.find((e) => e.summary === 'Cancelled race')).toMatchObject({
      status: 'CANCELLED',
      sequence: 3,
    });

    // The member's feed shows only what they signed up to.
    expect(parse(await fetchFeed(memberUrl)).map((e) => e.summary)).toEqual(['Mine']);
  });

  it('refuses a missing, tampered or foreign token', async () => {
    const url = `/api/v1/communities/${cid}/calendar.ics`;
    expect((await t.app.inject({ url })).statusCode).toBe(400);
    const feeds = (
      await t.app.inject({ url: `/api/v1/communities/${cid}/calendar/feeds`, headers: key })
    ).json() as { community: string; member: string | null };
    expect(feeds.member).toBeNull();
    const token = new URL(feeds.community, 'http://x').searchParams.get('token')!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const bad = await t.app.inject({ url: `${url}?token=${tampered}` });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('INVALID_CALENDAR_TOKEN');
    const other = await makeCommunity(t.ctx);
    const foreign = await t.app.inject({
      url: `/api/v1/communities/${other.id}/calendar.ics?token=${token}`,
    });
    expect(foreign.statusCode).toBe(401);
    expect((await t.app.inject({ url: `${url}?token=garbage` })).statusCode).toBe(401);
  });
});
