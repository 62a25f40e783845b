import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../core/context';
import { loadReportData } from './report.data';
import { buildWorkbook } from './report.xlsx';

export interface ReportOptions {
  now?: Date;
  progress?: (p: { step: string; done: number; total: number }) => void;
}

/** `<data dir>/reports/osrs/<community>/`: one workbook per run, named by its UTC time. */
export const reportDir = (ctx: AppContext, communityId: string) =>
  path.join(ctx.config.dataDir, 'reports', 'osrs', communityId);

export const reportFileName = (now: Date) => `${now.toISOString().replace(/[:.]/g, '-')}.xlsx`;

/**
 * Writes the clan's Excel report and answers its path. Written to a temporary file beside the
 * target and renamed over it, so a reader (or a failed run) never sees half a workbook.
 */
export async function writeOsrsReport(
  ctx: AppContext,
  communityId: string,
  opts: ReportOptions = {},
): Promise<string> {
  const now = opts.now ?? new Date();
  const step = (s: string, done: number) => opts.progress?.({ step: s, done, total: 3 });
  step('read', 0);
  const data = await loadReportData(ctx.db, communityId, now);
  step('build', 1);
  const buffer = await buildWorkbook(data).xlsx.writeBuffer();
  step('write', 2);
  const dir = reportDir(ctx, communityId);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, reportFileName(now));
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, Buffer.from(buffer as ArrayBuffer));
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  step('done', 3);
  return file;
}
