/** Wall-clock time in an IANA zone ⇄ UTC, with Intl only. */

export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function wallClock(instant: number, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/**
 * The UTC instant of a wall-clock date and time in `zone`, or undefined when that time does
 * not exist there (skipped by a daylight-saving change). In the repeated hour the earlier
 * instant wins.
 */
export function zonedToUtc(date: string, time: string, zone: string): Date | undefined {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (t: number) => {
    const w = wallClock(t, zone);
    return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(t / 60_000) * 60_000;
  };
  const candidates = [asUtc - offsetAt(asUtc - 86_400_000), asUtc - offsetAt(asUtc + 86_400_000)].sort(
    (a, b) => a - b,
  );
  for (const t of candidates) {
    const w = wallClock(t, zone);
    if (w.y === y && w.mo === mo && w.d === d && w.h === h && w.mi === mi) return new Date(t);
  }
  return undefined;
}
