import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const locales = { en: 'en-GB', es: 'es-ES' } as const;

/** Number and date formatters for the current language (and the community's time zone when given). */
export function makeFormat(lang: string, timeZone?: string) {
  const locale = lang === 'es' ? locales.es : locales.en;
  const tz = timeZone && isTimeZone(timeZone) ? timeZone : undefined;
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: tz });
  const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: tz });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
  const rel = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const weekdayFmt = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const weekdayShortFmt = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const toDate = (v: string | number | Date) => (v instanceof Date ? v : new Date(v));
  // Weekdays as the API numbers them (0 = Sunday … 6 = Saturday); 2024-01-07 was a Sunday.
  const dayOf = (w: number) => new Date(Date.UTC(2024, 0, 7 + w));
  return {
    locale,
    int: (n: number | null | undefined) => (n === null || n === undefined ? '—' : int.format(n)),
    one: (n: number | null | undefined) => (n === null || n === undefined ? '—' : one.format(n)),
    pct: (n: number | null | undefined) => (n === null || n === undefined ? '—' : pct.format(n)),
    date: (v: string | number | Date | null | undefined) => (v ? date.format(toDate(v)) : '—'),
    shortDate: (v: string | number | Date) => shortDate.format(toDate(v)),
    dateTime: (v: string | number | Date | null | undefined) => (v ? dateTime.format(toDate(v)) : '—'),
    /** "3 days ago", "in 2 hours". */
    ago: (v: string | number | Date | null | undefined, now = Date.now()) => {
      if (!v) return '—';
      const seconds = (toDate(v).getTime() - now) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return rel.format(Math.round(seconds), 'second');
      if (abs < 3600) return rel.format(Math.round(seconds / 60), 'minute');
      if (abs < 86400) return rel.format(Math.round(seconds / 3600), 'hour');
      if (abs < 86400 * 60) return rel.format(Math.round(seconds / 86400), 'day');
      if (abs < 86400 * 730) return rel.format(Math.round(seconds / (86400 * 30)), 'month');
      return rel.format(Math.round(seconds / (86400 * 365)), 'year');
    },
    weekday: (i: number) => capitalise(weekdayFmt.format(dayOf(i))),
    weekdayShort: (i: number) => capitalise(weekdayShortFmt.format(dayOf(i))),
    hour: (h: number) => `${String(h).padStart(2, '0')}:00`,
    duration: (ms: number) => {
      const s = Math.round(ms / 1000);
      return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    },
  };
}

export type Format = ReturnType<typeof makeFormat>;

export function useFormat(timeZone?: string): Format {
  const { i18n } = useTranslation();
  return useMemo(() => makeFormat(i18n.language, timeZone), [i18n.language, timeZone]);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
