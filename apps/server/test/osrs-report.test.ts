import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osrsDiscordActivity, osrsDiscordLinks } from '../src/modules/osrs/discord.tables';
import { osrsGains, osrsMembers } from '../src/modules/osrs/osrs.tables';
import { reportDir, reportFileName, writeOsrsReport } from '../src/modules/osrs/report';
import { createTestContext, makeCommunity, type TestContext } from './helpers';

const DAY = 86_400_000;
const now = new Date('2026-06-15T12:00:00.000Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const day = (days: number) => ago(days).toISOString().slice(0, 10);
let t: TestContext;

/** A member with gains per window `[xp7, xp30, xp90, xp365]` and the same for boss kills. */
async function member(
  communityId: string,
  womId: number,
  name: string,
  role: string,
  joinedDaysAgo: number,
  xp: number[],
  kills: number[] = [0, 0, 0, 0],
) {
  const [row] = await t.ctx.db
    .insert(osrsMembers)
    .values({ communityId, womId, name, role, joinedAt: ago(joinedDaysAgo) })
    .returning();
  await t.ctx.db.insert(osrsGains).values(
    [7, 30, 90, 365].map((days, i) => ({
      memberId: row!.id,
      days,
      fromAt: ago(days),
      toAt: now,
      xp: xp[i]!,
      ehp: 0,
      ehb: 0,
      bossKills: kills[i]!,
      metrics: {
        skills: {},
        bosses: (kills[i] ? { zulrah: kills[i]! } : {}) as Record<string, number>,
        activities: {},
        other: {},
      },
      computedAt: now,
    })),
  );
  return row!;
}

async function seedClan(language: 'en' | 'es') {
  const c = await makeCommunity(t.ctx, {
    game: 'osrs',
    language,
    settings: {
      womGroupId: 1,
      osrsRankRules: [
        { role: 'sapphire', afterDays: 0 },
        { role: 'emerald', afterDays: 30 },
        { role: 'ruby', afterDays: 180 },
      ],
    },
  });
  const zez = await member(c.id, 1, 'Zezima', 'leader', 400, [1000, 5000, 9000, 20000], [3, 10, 30, 90]);
  const lynx = await member(c.id, 2, 'Lynx', 'sapphire', 20, [0, 0, 0, 100]);
  const idle = await member(c.id, 3, 'Idle', 'emerald', 100, [0, 0, 500, 900]);
  await member(c.id, 4, 'Ghost', 'ruby', 200, [0, 0, 0, 0]);
  await t.ctx.db.insert(osrsDiscordLinks).values([
    { memberId: zez.id, communityId: c.id, discordUserId: 'u-zez', source: 'rule' },
    { memberId: lynx.id, communityId: c.id, discordUserId: 'u-lynx', source: 'manual' },
    { memberId: idle.id, communityId: c.id, discordUserId: 'u-idle', source: 'rule' },
  ]);
  await t.ctx.db.insert(osrsDiscordActivity).values([
    { communityId: c.id, discordUserId: 'u-zez', channelId: 'general', day: day(1), messages: 4 },
    { communityId: c.id, discordUserId: 'u-zez', channelId: 'pvm', day: day(20), messages: 6 },
    { communityId: c.id, discordUserId: 'u-lynx', channelId: 'general', day: day(10), messages: 5 },
    // Idle spoke long ago only: out of every window, so still a purge candidate.
    { communityId: c.id, discordUserId: 'u-idle', channelId: 'general', day: day(200), messages: 9 },
  ]);
  return c;
}

async function readBack(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Read back by exceljs but missing from its typings. */
const conditionalFormats = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] })
    .conditionalFormattings;

const rowValues = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);

beforeAll(async () => {
  t = await createTestContext();
});

afterAll(async () => {
  await t.close();
});

describe('the OSRS Excel report', () => {
  it('writes the roster with its counts, frozen header, filter and conditional formats', async () => {
    const c = await seedClan('en');
    const file = await writeOsrsReport(t.ctx, c.id, { now });
    expect(file).toBe(path.join(t.dataDir, 'reports', 'osrs', c.id, reportFileName(now)));
    const wb = await readBack(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Roster',
      'Bosses',
      'Discord activity',
      'Purge candidates',
      'Tenure',
    ]);
    const ws = wb.getWorksheet('Roster')!;
    expect(rowValues(ws, 1)).toEqual([
      'Name',
      'Joined',
      'Rank',
      'Messages 7d',
      'Messages 30d',
      'Messages 90d',
      'XP 7d',
      'XP 30d',
      'XP 90d',
      'XP 365d',
      'Boss kills 7d',
      'Boss kills 30d',
      'Boss kills 90d',
      'Boss kills 365d',
    ]);
    // Sorted by name: Ghost, Idle, Lynx, Zezima; Ghost has no Discord link, so zeros.
    expect(rowValues(ws, 2)).toEqual(['Ghost', ago(200), 'ruby', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(rowValues(ws, 4)).toEqual(['Lynx', ago(20), 'sapphire', 0, 5, 5, 0, 0, 0, 100, 0, 0, 0, 0]);
    expect(rowValues(ws, 5)).toEqual([
      'Zezima',
      ago(400),
      'leader',
      4,
      10,
      10,
      1000,
      5000,
      9000,
      20000,
      3,
      10,
      30,
      90,
    ]);
    expect(ws.getCell('G5').numFmt).toBe('#,##0');
    expect(ws.getCell('B5').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('A6').value).toBe('Total');
    expect(ws.getCell('J6').value).toBe(21000);

    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:N5');
    const formats = conditionalFormats(ws).map((f) => [f.ref, f.rules.map((r) => r.type)]);
    expect(formats).toEqual([
      ['D2:F5', ['dataBar']],
      ['G2:G5', ['colorScale']],
      ['H2:H5', ['colorScale']],
      ['I2:I5', ['colorScale']],
      ['J2:J5', ['colorScale']],
      ['D2:N5', ['cellIs']],
    ]);

    const bosses = wb.getWorksheet('Bosses')!;
    expect(rowValues(bosses, 2)).toEqual(['zulrah', 3, 10, 30, 90]);
    const discord = wb.getWorksheet('Discord activity')!;
    expect(rowValues(discord, 5)).toEqual(['Zezima', 'u-zez', 4, 10, 10]);
    expect([discord.getCell('F1').value, discord.getCell('F2').value, discord.getCell('I2').value]).toEqual([
      'Channel',
      'general',
      9,
    ]);
  });

  it('lists members quiet in both the game and Discord, and the next rank by tenure', async () => {
    const c = await seedClan('en');
    const wb = await readBack(await writeOsrsReport(t.ctx, c.id, { now }));
    const purge = wb.getWorksheet('Purge candidates')!;
    // Lynx gained nothing for 30 days but spoke within them; Zezima did both.
    expect([2, 3].map((r) => purge.getCell(r, 1).value)).toEqual(['Ghost', 'Idle']);
    expect(purge.getCell(4, 1).value).toBeNull();
    expect(purge.getCell('F1').value).toBe('No XP gained and no Discord message in the last 30 days');

    const tenure = wb.getWorksheet('Tenure')!;
    expect(rowValues(tenure, 3)).toEqual(['Idle', 'emerald', ago(100), 100, 'emerald', 'ruby', ago(-80), 80]);
    expect(rowValues(tenure, 4)).toEqual([
      'Lynx',
      'sapphire',
      ago(20),
      20,
      'sapphire',
      'emerald',
      ago(-10),
      10,
    ]);
    // Past the last rule there is nothing due.
    expect(rowValues(tenure, 5).slice(3)).toEqual([400, 'ruby']);
  });

  it('writes sheet names and headers in Spanish for a Spanish clan', async () => {
    const c = await seedClan('es');
    const wb = await readBack(await writeOsrsReport(t.ctx, c.id, { now }));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Miembros',
      'Jefes',
      'Actividad Discord',
      'Candidatos a expulsión',
      'Antigüedad',
    ]);
    expect(rowValues(wb.getWorksheet('Miembros')!, 1).slice(0, 4)).toEqual([
      'Nombre',
      'Ingreso',
      'Rango',
      'Mensajes 7d',
    ]);
  });

  it('leaves no partial file when the write fails', async () => {
    const c = await seedClan('en');
    const target = path.join(reportDir(t.ctx, c.id), reportFileName(now));
    // A directory where the workbook should go: the rename fails after the bytes were written.
    fs.mkdirSync(target, { recursive: true });
    await expect(writeOsrsReport(t.ctx, c.id, { now })).rejects.toThrow();
    expect(fs.readdirSync(reportDir(t.ctx, c.id))).toEqual([reportFileName(now)]);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });
});
