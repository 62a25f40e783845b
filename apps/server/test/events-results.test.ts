import type { TPointsSystem, TResultEntry } from '@guildhall/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../src/modules/events/events.tables';
import { recomputeStandings } from '../src/modules/events/results.service';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';

const ids = {
  ana: '100000000000000001',
  ben: '100000000000000002',
  cai: '100000000000000003',
  dani: '100000000000000004',
};

let t: TestApp;
let cookie: string;
let communityId: string;
let day = 1;

async function newEvent(title: string): Promise<string> {
  day += 1;
  const [row] = await t.ctx.db
    .insert(events)
    .values({
      communityId,
      title,
      startsAt: new Date(Date.UTC(2026, 0, day, 19)),
      timeZone: 'Europe/Madrid',
      capacity: 20,
      createdBy: 'test',
      updatedBy: 'test',
    })
    .returning();
  return row!.id;
}

const api = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url: `/api/v1/communities/${communityId}${url}`,
    headers: { cookie, ...headers },
    ...(payload === undefined
      ? {}
      : typeof payload === 'string'
        ? { payload }
        : { payload: payload as object }),
  });

async function championship(system: Partial<TPointsSystem> = {}, name = `League ${day}`) {
  const res = await api('POST', '/championships', {
    name,
    season: '2026',
    pointsSystem: { positions: [25, 18, 15, 12], fastestLap: 1, penaltyMode: 'time', ...system },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function round(championshipId: string, title: string) {
  const eventId = await newEvent(title);
  const res = await api('POST', `/championships/${championshipId}/events`, { eventId });
  expect(res.statusCode).toBe(200);
  return eventId;
}

const standings = async (championshipId: string) => {
  const res = await api('GET', `/championships/${championshipId}/standings`);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    rounds: number;
    items: { position: number; displayName: string; points: number; wins: number; droppedPoints: number }[];
  };
};

const table = (s: Awaited<ReturnType<typeof standings>>) =>
  s.items.map((i) => [i.position, i.displayName, i.points]);

const line = (id: keyof typeof ids, extra: Partial<TResultEntry> = {}): TResultEntry => ({
  discordUserId: ids[id],
  displayName: id[0]!.toUpperCase() + id.slice(1),
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  cookie = await ownerCookie(t.app, t.ctx);
  communityId = (await makeCommunity(t.ctx, { name: 'Liga GT', game: 'racing' })).id;
}, 180_000);
afterAll(async () => t.close());

describe('results and standings', () => {
  it('scores positions and the fastest lap, and recomputes the standings when a result changes', async () => {
    const c = await championship();
    const r1 = await round(c, 'Monza');
    const r2 = await round(c, 'Spa');
    const put = await api('PUT', `/events/${r1}/results`, {
      results: [
        line('ana', { position: 1, bestLapMs: 92_000 }),
        line('ben', { position: 2, bestLapMs: 91_500, fastestLap: true }),
        line('cai', { position: 3 }),
        line('dani', { status: 'dnf', position: 4, bestLapMs: 93_000 }),
      ],
    });
    expect(put.statusCode).toBe(200);
    expect(
      put.json().results.map((r: { displayName: string; points: number }) => [r.displayName, r.points]),
    ).toEqual([
      ['Ana', 25],
      ['Ben', 19],
      ['Cai', 15],
      ['Dani', 0],
    ]);
    expect(table(await standings(c))).toEqual([
      [1, 'Ana', 25],
      [2, 'Ben', 19],
      [3, 'Cai', 15],
      [4, 'Dani', 0],
    ]);

    await api('PUT', `/events/${r2}/results`, {
      results: [line('cai', { position: 1 }), line('ana', { position: 2 }), line('ben', { status: 'dns' })],
    });
    expect(table(await standings(c))).toEqual([
      [1, 'Ana', 43],
      [2, 'Cai', 40],
      [3, 'Ben', 19],
      [4, 'Dani', 0],
    ]);

    // The stewards swap round 1's top two: the table follows at once.
    const fix = await api('PUT', `/events/${r1}/results`, {
      results: [
        line('ben', { position: 1, fastestLap: true }),
        line('ana', { position: 2 }),
        line('cai', { position: 3 }),
      ],
    });
    expect(fix.statusCode).toBe(200);
    expect(table(await standings(c))).toEqual([
      [1, 'Cai', 40],
      [2, 'Ana', 36],
      [3, 'Ben', 26],
    ]);

    // A new points system rescores every round.
    const changed = await api('PUT', `/championships/${c}`, {
      name: 'League renamed',
      season: '2026',
      pointsSystem: { positions: [10, 8, 6], fastestLap: 0, penaltyMode: 'time' },
    });
    expect(changed.statusCode).toBe(200);
    // Ana and Cai level on 16: Cai's win puts him ahead.
    expect(table(await standings(c))).toEqual([
      [1, 'Cai', 16],
      [2, 'Ana', 16],
      [3, 'Ben', 10],
    ]);
  });

  it('adds time penalties to the race time (re-ordering) or deducts penalty points', async () => {
    const timed = await championship({ positions: [10, 6, 4] }, 'Timed');
    const e = await round(timed, 'Imola');
    const res = await api('PUT', `/events/${e}/results`, {
      results: [
        line('ana', { position: 1, laps: 20, totalTimeMs: 1_800_000, penaltySeconds: 5 }),
        line('ben', { position: 2, laps: 20, totalTimeMs: 1_803_000 }),
        line('cai', { position: 3, laps: 19, totalTimeMs: 1_790_000 }),
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .results.map((r: { displayName: string; classifiedPosition: number; points: number }) => [
          r.displayName,
          r.classifiedPosition,
          r.points,
        ]),
    ).toEqual([
      ['Ben', 1, 10],
      ['Ana', 2, 6],
      ['Cai', 3, 4],
    ]);

    // A time penalty without the race time cannot re-order anything: refused, nothing stored.
    const noTime = await api('PUT', `/events/${e}/results`, {
      results: [line('ana', { position: 1, penaltySeconds: 5 }), line('ben', { position: 2 })],
    });
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json().error.details.errors).toEqual([
      { index: 0, message: 'a time penalty needs the race time to re-order the classification' },
    ]);
    expect((await api('GET', `/events/${e}/results`)).json().results).toHaveLength(3);

    const pts = await championship({ positions: [10, 6, 4], penaltyMode: 'points' }, 'Points');
    const e2 = await round(pts, 'Mugello');
    const deducted = await api('PUT', `/events/${e2}/results`, {
      results: [line('ana', { position: 1, penaltyPoints: 3 }), line('ben', { position: 2 })],
    });
    expect(deducted.json().results.map((r: { points: number }) => r.points)).toEqual([7, 6]);
    const seconds = await api('PUT', `/events/${e2}/results`, {
      results: [line('ana', { position: 1, penaltySeconds: 5 })],
    });
    expect(seconds.statusCode).toBe(400);
    expect(seconds.json().error.details.errors[0].message).toContain('give penalty points');
  });

  it('validates a sheet: duplicate positions and drivers, gaps, two fastest laps', async () => {
    const c = await championship({}, 'Strict');
    const e = await round(c, 'Suzuka');
    const res = await api('PUT', `/events/${e}/results`, {
      results: [
        line('ana', { position: 1, fastestLap: true }),
        line('ben', { position: 1 }),
        line('ana', { position: 3, fastestLap: true }),
        line('cai', { status: 'dsq', position: 4 }),
        line('dani'),
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.errors).toEqual([
      { index: 1, message: 'position 1 is already taken by Ana' },
      { index: 2, message: `driver ${ids.ana} appears twice` },
      { index: 3, message: 'DSQ takes no position' },
      { index: 4, message: 'a finisher needs a position' },
      { index: 2, message: 'only one fastest lap: Ana has it already' },
    ]);
    const gap = await api('PUT', `/events/${e}/results`, {
      results: [line('ana', { position: 1 }), line('ben', { position: 3 })],
    });
    expect(gap.json().error.details.errors[0].message).toBe(
      "finishers' positions must run 1 to 2 without gaps: 2 is missing",
    );
    expect((await standings(c)).items).toEqual([]);
  });

  it('imports CSV with `,` or `;` (Spanish Excel), and stores nothing when any line fails', async () => {
    const c = await championship({ positions: [10, 8, 6, 4] }, 'CSV');
    const e1 = await round(c, 'Jerez');
    const comma = [
      'discord_user_id,display_name,position,laps,total_time,best_lap,penalty_seconds',
      `${ids.ana},"Ana, la rápida",1,20,30:00.000,1:30.100,0`,
      `${ids.ben},Ben,2,20,30:02.000,1:29.900,0`,
      `${ids.cai},Cai,DNF,12,,1:31.000,0`,
    ].join('\n');
    const ok = await api('POST', `/events/${e1}/results/import`, comma, { 'content-type': 'text/csv' });
    expect(ok.statusCode).toBe(200);
    expect(
      ok
        .json()
        .results.map((r: { displayName: string; status: string; points: number; fastestLap: boolean }) => [
          r.displayName,
          r.status,
          r.points,
          r.fastestLap,
        ]),
    ).toEqual([
      ['Ana, la rápida', 'finished', 10, false],
      ['Ben', 'finished', 9, true],
      ['Cai', 'dnf', 0, false],
    ]);

    const e2 = await round(c, 'Aragón');
    const semicolon = [
      'Discord ID;Piloto;Posición;Vueltas;Tiempo;Sanción segundos;Vuelta rápida',
      `${ids.ben};Ben;1;20;1800000;2,5;no`,
      `${ids.ana};Ana;2;20;1801000;0;sí`,
      '',
    ].join('\r\n');
    const es = await api('POST', `/events/${e2}/results/import`, { csv: semicolon });
    expect(es.statusCode).toBe(200);
    // Ben's 2.5 s penalty puts him 1.5 s behind Ana.
    expect(
      es
        .json()
        .results.map((r: { displayName: string; classifiedPosition: number; penaltySeconds: number }) => [
          r.displayName,
          r.classifiedPosition,
          r.penaltySeconds,
        ]),
    ).toEqual([
      ['Ana', 1, 0],
      ['Ben', 2, 2.5],
    ]);

    const bad = [
      'discord_user_id;display_name;position;best_lap',
      `${ids.ana};Ana;1;1:30,5`,
      `12;Ben;2;1:31`,
      `${ids.cai};Cai;first;1:32`,
      `${ids.dani};Dani;3`,
    ].join('\n');
    const refused = await api('POST', `/events/${e2}/results/import`, bad, { 'content-type': 'text/csv' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.errors).toEqual([
      { line: 3, message: 'discord_user_id "12" is not a Discord user id (17 to 20 digits)' },
      { line: 4, message: 'position "first" is not a position (1 to 1000, or DNF/DSQ/DNS)' },
      { line: 5, message: '3 fields where the header has 4 (separator ";")' },
    ]);
    // Sheet-level problems point at the file's lines too.
    const dup = ['discord_user_id,display_name,position', `${ids.ana},Ana,1`, `${ids.ben},Ben,1`].join('\n');
    const dupRes = await api('POST', `/events/${e2}/results/import`, dup, { 'content-type': 'text/csv' });
    expect(dupRes.json().error.details.errors).toEqual([
      { line: 3, message: 'position 1 is already taken by Ana' },
    ]);
    const header = await api('POST', `/events/${e2}/results/import`, 'who,what\n1,2', {
      'content-type': 'text/csv',
    });
    expect(header.json().error.details.errors[0]).toEqual({ line: 1, message: 'unknown column "who"' });
    // Round two kept its earlier sheet.
    expect(
      (await api('GET', `/events/${e2}/results`))
        .json()
        .results.map((r: { displayName: string }) => r.displayName),
    ).toEqual(['Ana', 'Ben']);
  });

  it('breaks ties by wins, then best finishes; drops each driver’s worst rounds', async () => {
    const system = { positions: [10, 6, 4, 2], fastestLap: 0, penaltyMode: 'time' as const };
    const c = await championship(system, 'Ties');
    const sheets: (keyof typeof ids)[][] = [
      ['ana', 'cai', 'ben', 'dani'],
      ['ben', 'ana', 'cai', 'dani'],
      ['cai', 'dani', 'ben', 'ana'],
    ];
    for (const [i, order] of sheets.entries()) {
      const e = await round(c, `Round ${i + 1}`);
      const res = await api('PUT', `/events/${e}/results`, {
        results: order.map((d, p) => line(d, { position: p + 1 })),
      });
      expect(res.statusCode).toBe(200);
    }
    // Ana (1st, 2nd, 4th) and Ben (3rd, 1st, 3rd) both have 18 and one win: Ana's 2nd place decides.
    expect(table(await standings(c))).toEqual([
      [1, 'Cai', 20],
      [2, 'Ana', 18],
      [3, 'Ben', 18],
      [4, 'Dani', 10],
    ]);
    // Dropping each one's worst round: Ana and Cai on 16 with a win and a 2nd each; Cai's 3rd decides.
    const dropped = await api('PUT', `/championships/${c}`, {
      name: 'Ties',
      season: '2026',
      pointsSystem: { ...system, dropWorst: 1 },
    });
    expect(dropped.statusCode).toBe(200);
    const s = await standings(c);
    expect(table(s)).toEqual([
      [1, 'Cai', 16],
      [2, 'Ana', 16],
      [3, 'Ben', 14],
      [4, 'Dani', 8],
    ]);
    expect(s.items.find((i) => i.displayName === 'Ana')?.droppedPoints).toBe(2);
    expect(s.rounds).toBe(3);

    // Equal points from one round: the win decides.
    const level = await championship({ positions: [5, 5] }, 'Level');
    const e = await round(level, 'Level round');
    await api('PUT', `/events/${e}/results`, {
      results: [line('ana', { position: 1 }), line('ben', { position: 2 })],
    });
    expect(table(await standings(level))).toEqual([
      [1, 'Ana', 5],
      [2, 'Ben', 5],
    ]);
  });

  it('scores an event once it joins a championship, keeps concurrent sheets consistent, and follows a removed round', async () => {
    const loose = await newEvent('Friendly');
    const free = await api('PUT', `/events/${loose}/results`, {
      results: [line('ana', { position: 1 }), line('ben', { position: 2 })],
    });
    expect(free.json()).toMatchObject({ championshipId: null });
    expect(free.json().results.map((r: { points: number }) => r.points)).toEqual([0, 0]);

    const c = await championship({ positions: [10, 6] }, 'Joined');
    expect((await api('POST', `/championships/${c}/events`, { eventId: loose })).statusCode).toBe(200);
    expect(table(await standings(c))).toEqual([
      [1, 'Ana', 10],
      [2, 'Ben', 6],
    ]);

    // Two sheets of one championship written at once: the table counts both.
    const a = await round(c, 'Night A');
    const b = await round(c, 'Night B');
    const [ra, rb] = await Promise.all([
      api('PUT', `/events/${a}/results`, {
        results: [line('ben', { position: 1 }), line('ana', { position: 2 })],
      }),
      api('PUT', `/events/${b}/results`, {
        results: [line('ben', { position: 1 }), line('cai', { position: 2 })],
      }),
    ]);
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    expect(table(await standings(c))).toEqual([
      [1, 'Ben', 26],
      [2, 'Ana', 16],
      [3, 'Cai', 6],
    ]);

    // An event deleted with its results: the events module asks for the table again.
    await t.ctx.db.delete(events).where(eq(events.id, b));
    await recomputeStandings(t.ctx.db, communityId, c);
    // Level on points, wins and 2nd places: they share 1st.
    expect(table(await standings(c))).toEqual([
      [1, 'Ana', 16],
      [1, 'Ben', 16],
    ]);
    expect((await api('GET', `/championships/${c}/standings`)).json().rounds).toBe(2);
    expect((await api('GET', `/events/${b}/results`)).statusCode).toBe(404);
  });
});
