import { describe, expect, it } from 'vitest';
import { discordId, eventsKey, nextYear } from './events-fixtures';
import { createTestApp, makeCommunity, type TestApp, testDatabaseUrl } from './helpers';

const PEOPLE = 1_000;
const SEATS = 20;

/**
 * 1,000 sign-ups for 20 seats at once, through the API as the bot sends them, with 100 of
 * them sent twice: exactly 20 confirmed, 980 waiting, each once, the line in the order the
 * event's lock let them in (every answer's position is the one the list shows). Then ten of
 * the seated withdraw at once and the first ten in line move up, in order.
 */
async function thousandForTwenty(t: TestApp) {
  const cid = (await makeCommunity(t.ctx)).id;
  const key = await eventsKey(t.ctx, cid);
  const base = `/api/v1/communities/${cid}/events`;
  const created = await t.app.inject({
    method: 'POST',
    url: base,
    headers: key,
    payload: { title: 'Grand Prix', startsAt: nextYear(), capacity: SEATS },
  });
  const id = created.json().id as string;
  await t.app.inject({ method: 'POST', url: `${base}/${id}/publish`, headers: key });

  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    discordUserId: discordId(),
    displayName: `Driver ${i}`,
  }));
  const requests = [...people, ...people.slice(0, 100)];
  const answers = await Promise.all(
    requests.map((p) =>
      t.app.inject({ method: 'POST', url: `${base}/${id}/signups`, headers: key, payload: p }),
    ),
  );
  const statuses = new Map<string, number>();
  for (const a of answers)
    statuses.set(
      `${a.statusCode} ${a.statusCode >= 300 ? a.body.slice(0, 200) : ''}`,
      (statuses.get(`${a.statusCode} ${a.statusCode >= 300 ? a.body.slice(0, 200) : ''}`) ?? 0) + 1,
    );
  expect([...statuses.keys()].filter((s) => !/^20[01]/.test(s))).toEqual([]);
  expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(PEOPLE);

  const listed = (await t.app.inject({ url: `${base}/${id}/signups`, headers: key })).json() as {
    items: { discordUserId: string; status: string; position: number }[];
    total: number;
  };
  expect(listed.total).toBe(PEOPLE);
  expect(new Set(listed.items.map((i) => i.discordUserId)).size).toBe(PEOPLE);
  const confirmed = listed.items.filter((i) => i.status === 'confirmed');
  const waiting = listed.items.filter((i) => i.status === 'waitlisted');
  expect(confirmed).toHaveLength(SEATS);
  expect(waiting).toHaveLength(PEOPLE - SEATS);
  expect(confirmed.map((i) => i.position)).toEqual(Array.from({ length: SEATS }, (_, i) => i + 1));
  expect(waiting.map((i) => i.position)).toEqual(Array.from({ length: PEOPLE - SEATS }, (_, i) => i + 1));
  // Each first answer told its sender the place the list now shows: nobody overtook anyone.
  const place = new Map(listed.items.map((i) => [i.discordUserId, `${i.status}:${i.position}`]));
  for (const a of answers.filter((x) => x.statusCode === 201)) {
    const body = a.json();
    expect(`${body.status}:${body.position}`).toBe(place.get(body.discordUserId));
  }

  const leaving = confirmed.slice(0, 10).map((i) => i.discordUserId);
  const nextTen = waiting.slice(0, 10).map((i) => i.discordUserId);
  const gone = await Promise.all(
    leaving.map((who) =>
      t.app.inject({ method: 'DELETE', url: `${base}/${id}/signups/${who}`, headers: key }),
    ),
  );
  expect(gone.every((g) => g.statusCode === 204)).toBe(true);
  const after = (await t.app.inject({ url: `${base}/${id}/signups`, headers: key })).json() as typeof listed;
  const seated = after.items.filter((i) => i.status === 'confirmed').map((i) => i.discordUserId);
  expect(seated).toHaveLength(SEATS);
  expect(seated.slice(-10)).toEqual(nextTen);
  expect(after.items.filter((i) => i.status === 'waitlisted')).toHaveLength(PEOPLE - SEATS - 10);
}

/** One key sends them all, as the bot would in a rush: past the default per-client rate limit. */
const unlimited = { RATE_LIMIT_PER_MINUTE: '100000' };

describe('1,000 concurrent sign-ups for 20 seats', () => {
  it('on PGlite', async () => {
    // An empty DATABASE_URL keeps the embedded database even when TEST_DATABASE_URL is set.
    const t = await createTestApp({
      env: { ...unlimited, ...(testDatabaseUrl ? { DATABASE_URL: '' } : {}) },
    });
    expect(t.ctx.dbKind).toBe('pglite');
    try {
      await thousandForTwenty(t);
    } finally {
      await t.close();
    }
  }, 300_000);

  it.runIf(testDatabaseUrl)(
    'on PostgreSQL',
    async () => {
      const t = await createTestApp({ env: unlimited });
      expect(t.ctx.dbKind).toBe('postgres');
      try {
        await thousandForTwenty(t);
      } finally {
        await t.close();
      }
    },
    300_000,
  );
});
