import { z } from 'zod';
import {
  httpsUrl,
  isUuid,
  optionalInt,
  pickedId,
  pickedIds,
  requiredInt,
  requiredText,
  text,
} from './fields';
import { isTimeZone, zonedToUtc } from './zoned-time';

/* The event wizard's step schemas: raw answers (modal text, picked ids) in, typed values out. */

/** A real day between the years 1900 and 9999 (not February 31st). */
function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1900 && y <= 9999 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
  );
}

/** "24h, 1h, 15m" (or "1d", or bare minutes) → minutes before the start, largest first. */
export function parseReminders(s: string): number[] | undefined {
  const parts = s.split(/[,\s]+/).filter(Boolean);
  const out: number[] = [];
  for (const p of parts) {
    const m = /^(\d+)\s*(m|min|h|d)?$/i.exec(p);
    if (!m) return undefined;
    const unit = (m[2] ?? 'm').toLowerCase();
    const minutes = Number(m[1]) * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
    if (minutes < 1 || minutes > 43_200) return undefined;
    out.push(minutes);
  }
  return [...new Set(out)].sort((a, b) => b - a);
}

export const basics = z.object({
  title: requiredText(100),
  description: text(2000),
});

export const schedule = z
  .object({
    date: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine(isCalendarDate),
    time: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    timeZone: z.string().trim().refine(isTimeZone),
  })
  .transform((v, c) => {
    const startsAt = zonedToUtc(v.date, v.time, v.timeZone);
    if (!startsAt || Number.isNaN(startsAt.getTime())) {
      c.addIssue({ code: 'custom', path: ['time'], message: 'noSuchTime' });
      return z.NEVER;
    }
    return { timeZone: v.timeZone, startsAt };
  });

export const track = z.object({ trackList: pickedId, track: pickedId.refine(isUuid, 'trackRequired') });

export const vehicles = z
  .object({
    vehicleList: pickedId,
    vehicles: pickedIds(25),
    vehicleText: text(1000),
  })
  .transform((v, c) => {
    const free = v.vehicleText
      .split(/\n|,/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (free.some((s) => s.length > 100)) {
      c.addIssue({ code: 'custom', path: ['vehicleText'], message: 'vehicleTextLong' });
      return z.NEVER;
    }
    if (v.vehicles.length + free.length === 0) {
      c.addIssue({ code: 'custom', path: ['vehicles'], message: 'vehicleRequired' });
      return z.NEVER;
    }
    return { vehicleIds: v.vehicles, vehicleTexts: free };
  });

export const settings = z.object({
  practice: optionalInt(0, 600),
  qualifying: optionalInt(0, 600),
  race: requiredInt(1, 1440),
  weather: text(100),
  damage: optionalInt(0, 100),
});

export const rules = z
  .object({
    rulesText: text(4000),
    regulationUrl: text(500).refine((s) => s === '' || httpsUrl(s)),
    regulationChannel: pickedId.refine((s) => s === '' || /^\d{17,20}$/.test(s)),
    briefing: text(2000),
    skins: text(1000),
  })
  .refine((r) => !(r.regulationUrl && r.regulationChannel), {
    path: ['regulationChannel'],
    message: 'regulationBoth',
  });

export const capacity = z.object({
  capacity: requiredInt(1, 10_000),
  reminders: text(100).transform((s, c) => {
    const parsed = parseReminders(s);
    if (!parsed || parsed.length > 10) {
      c.addIssue({ code: 'custom', message: 'remindersInvalid' });
      return z.NEVER;
    }
    return parsed;
  }),
});

/** The parsed answers the store receives. */
export type EventAnswers = z.output<typeof basics> &
  z.output<typeof schedule> &
  z.output<typeof track> &
  z.output<typeof vehicles> &
  z.output<typeof settings> &
  z.output<typeof rules> &
  z.output<typeof capacity>;
