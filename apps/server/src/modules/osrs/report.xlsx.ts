import { OSRS_GAIN_PERIODS } from '@guildhall/contracts';
import ExcelJS from 'exceljs';
import { MESSAGE_PERIODS, purgeCandidates, type ReportData, type ReportMember, tenure } from './report.data';
import { type ReportLabels, reportLabels } from './report.labels';

const INT = '#,##0';
const DATE = 'yyyy-mm-dd';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } };
/** Excel's own red-yellow-green scale, so it reads as every clan officer expects. */
const SCALE = [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }];
const ZERO_STYLE = {
  fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } },
  font: { color: { argb: 'FF9C0006' } },
} as const;

const col = (n: number) => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/** A sheet with a bold, frozen, filtered header row and the given number formats per column. */
function table(
  wb: ExcelJS.Workbook,
  name: string,
  headers: { header: string; width?: number; numFmt?: string }[],
  rows: unknown[][],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({
    header: h.header,
    width: h.width ?? Math.max(12, h.header.length + 2),
  }));
  headers.forEach((h, i) => {
    if (h.numFmt) ws.getColumn(i + 1).numFmt = h.numFmt;
  });
  const head = ws.getRow(1);
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  head.eachCell((c) => {
    c.fill = HEADER_FILL;
  });
  ws.addRows(rows);
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, rows.length + 1), column: headers.length },
  };
  return ws;
}

function rosterSheet(wb: ExcelJS.Workbook, t: ReportLabels, data: ReportData): void {
  const { members } = data;
  const headers = [
    { header: t.name, width: 20 },
    { header: t.joined, numFmt: DATE },
    { header: t.role, width: 14 },
    ...MESSAGE_PERIODS.map((d) => ({ header: t.messages(d), numFmt: INT })),
    ...OSRS_GAIN_PERIODS.map((d) => ({ header: t.xp(d), numFmt: INT })),
    ...OSRS_GAIN_PERIODS.map((d) => ({ header: t.kills(d), numFmt: INT })),
  ];
  const values = (m: ReportMember) => [
    ...MESSAGE_PERIODS.map((d) => m.messages[d]),
    ...OSRS_GAIN_PERIODS.map((d) => m.xp[d]),
    ...OSRS_GAIN_PERIODS.map((d) => m.bossKills[d]),
  ];
  const ws = table(
    wb,
    t.roster,
    headers,
    members.map((m) => [m.name, m.joinedAt, m.role, ...values(m)]),
  );
  if (!members.length) return;
  const last = members.length + 1;
  // The totals sit below the filtered range, so sorting or filtering never moves them.
  const sums = values(members[0]!).map((_, i) => members.reduce((s, m) => s + (values(m)[i] ?? 0), 0));
  const totals = ws.getRow(last + 1);
  totals.values = [t.total, null, null, ...sums];
  totals.font = { bold: true };

  const msgFrom = 4;
  const xpFrom = msgFrom + MESSAGE_PERIODS.length;
  const lastCol = headers.length;
  let priority = 1;
  ws.addConditionalFormatting({
    ref: `${col(msgFrom)}2:${col(xpFrom - 1)}${last}`,
    rules: [
      {
        type: 'dataBar',
        priority: priority++,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: { argb: 'FF638EC6' },
        gradient: true,
      } as ExcelJS.DataBarRuleType,
    ],
  });
  // One scale per XP window: a 365-day total would otherwise paint every 7-day cell red.
  for (let c = xpFrom; c < xpFrom + OSRS_GAIN_PERIODS.length; c++) {
    ws.addConditionalFormatting({
      ref: `${col(c)}2:${col(c)}${last}`,
      rules: [
        {
          type: 'colorScale',
          priority: priority++,
          cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
          color: SCALE,
        },
      ],
    });
  }
  ws.addConditionalFormatting({
    ref: `${col(msgFrom)}2:${col(lastCol)}${last}`,
    rules: [{ type: 'cellIs', priority: priority++, operator: 'equal', formulae: ['0'], style: ZERO_STYLE }],
  });
}

function bossesSheet(wb: ExcelJS.Workbook, t: ReportLabels, data: ReportData): void {
  const totals = new Map<string, Record<number, number>>();
  for (const m of data.members)
    for (const d of OSRS_GAIN_PERIODS)
      for (const [boss, kills] of Object.entries(m.bosses[d])) {
        const row = totals.get(boss) ?? {};
        row[d] = (row[d] ?? 0) + kills;
        totals.set(boss, row);
      }
  const rows = [...totals.entries()]
    .map(([boss, k]) => [boss, ...OSRS_GAIN_PERIODS.map((d) => k[d] ?? 0)] as [string, ...number[]])
    .sort((a, b) => (b[4] ?? 0) - (a[4] ?? 0) || a[0].localeCompare(b[0]));
  table(
    wb,
    t.bosses,
    [{ header: t.boss, width: 28 }, ...OSRS_GAIN_PERIODS.map((d) => ({ header: t.kills(d), numFmt: INT }))],
    rows,
  );
}

function discordSheet(wb: ExcelJS.Workbook, t: ReportLabels, data: ReportData): void {
  const perMember = data.members.map((m) => [
    m.name,
    m.discordUserId,
    ...MESSAGE_PERIODS.map((d) => m.messages[d]),
  ]);
  const ws = table(
    wb,
    t.discord,
    [
      { header: t.name, width: 20 },
      { header: t.discordUser, width: 22 },
      ...MESSAGE_PERIODS.map((d) => ({ header: t.messages(d), numFmt: INT })),
    ],
    perMember,
  );
  // Channel totals beside the members' table, past a blank column, so each stays a plain table.
  const from = 3 + MESSAGE_PERIODS.length;
  const head = [t.channel, ...MESSAGE_PERIODS.map((d) => t.messages(d))];
  head.forEach((h, i) => {
    const cell = ws.getCell(1, from + i);
    cell.value = h;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = HEADER_FILL;
    ws.getColumn(from + i).width = Math.max(14, h.length + 2);
  });
  data.channels.forEach((c, r) => {
    ws.getCell(r + 2, from).value = c.channelId;
    MESSAGE_PERIODS.forEach((d, i) => {
      const cell = ws.getCell(r + 2, from + 1 + i);
      cell.value = c.messages[d];
      cell.numFmt = INT;
    });
  });
}

function purgeSheet(wb: ExcelJS.Workbook, t: ReportLabels, data: ReportData): void {
  const rows = purgeCandidates(data).map((m) => [m.name, m.role, m.joinedAt, m.discordUserId]);
  const ws = table(
    wb,
    t.purge,
    [
      { header: t.name, width: 20 },
      { header: t.role, width: 14 },
      { header: t.joined, numFmt: DATE },
      { header: t.discordUser, width: 22 },
    ],
    rows,
  );
  ws.getCell(1, 6).value = t.purgeNote(data.purgeDays);
}

function tenureSheet(wb: ExcelJS.Workbook, t: ReportLabels, data: ReportData): void {
  const rows = tenure(data).map((r) => [
    r.member.name,
    r.member.role,
    r.member.joinedAt,
    r.days,
    r.deserved,
    r.next?.role ?? null,
    r.next?.dueAt ?? null,
    r.next?.inDays ?? null,
  ]);
  table(
    wb,
    t.tenure,
    [
      { header: t.name, width: 20 },
      { header: t.role, width: 14 },
      { header: t.joined, numFmt: DATE },
      { header: t.days, numFmt: INT },
      { header: t.deserved, width: 18 },
      { header: t.nextRank, width: 14 },
      { header: t.dueAt, numFmt: DATE },
      { header: t.inDays, numFmt: INT },
    ],
    rows,
  );
}

/** The clan report as a workbook: roster, bosses, Discord activity, purge candidates, tenure. */
export function buildWorkbook(data: ReportData): ExcelJS.Workbook {
  const t = reportLabels[data.language];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guildhall';
  wb.created = data.generatedAt;
  rosterSheet(wb, t, data);
  bossesSheet(wb, t, data);
  discordSheet(wb, t, data);
  purgeSheet(wb, t, data);
  tenureSheet(wb, t, data);
  return wb;
}
