import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHeatmapCell } from '../api/queries';
import type { Heatmap as HeatmapData } from '../api/types';
import { useFormat } from '../lib/format';
import { ClassName, Spinner } from './ui';

interface Active {
  weekday: number;
  hour: number;
  x: number;
  y: number;
}

const hours = Array.from({ length: 24 }, (_, h) => h);

/** Rows Monday first; the API numbers weekdays 0 = Sunday … 6 = Saturday. */
const weekOrder = [1, 2, 3, 4, 5, 6, 0];

/** Cyan ramp over the surface colour: 0 → faint, max → full neon. */
function cellColor(ratio: number): string {
  if (ratio <= 0) return 'rgb(26 32 48)';
  const a = 0.12 + 0.88 * Math.min(1, ratio);
  return `rgb(34 211 238 / ${a.toFixed(3)})`;
}

/** Weekday × hour grid; hovering or focusing a cell shows its numbers and the most-seen members. */
export function Heatmap({ cid, data, timezone }: { cid: string; data: HeatmapData; timezone: string }) {
  const { t } = useTranslation();
  const f = useFormat(timezone);
  const [active, setActive] = useState<Active | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const cells = useMemo(() => {
    const m = new Map<string, { average: number | null; samples: number }>();
    for (const c of data.cells) m.set(`${c.weekday}:${c.hour}`, c);
    return m;
  }, [data]);
  const sampled = data.cells.filter((c) => c.samples > 0 && c.average !== null);
  const max = Math.max(0, ...sampled.map((c) => c.average ?? 0));
  // The ramp spans the guild's own range, so quiet and busy hours stand apart.
  const min = sampled.length ? Math.min(...sampled.map((c) => c.average ?? 0)) : 0;
  const ratioOf = (avg: number) => (max > min ? 0.08 + (0.92 * (avg - min)) / (max - min) : avg > 0 ? 1 : 0);
  const peak = sampled.reduce<(typeof sampled)[number] | null>(
    (best, c) => (!best || (c.average ?? 0) > (best.average ?? 0) ? c : best),
    null,
  );
  const detail = useHeatmapCell(cid, active ? { weekday: active.weekday, hour: active.hour } : null);

  const show = (weekday: number, hour: number, el: HTMLElement) => {
    const box = boxRef.current?.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (!box) return;
    setActive({ weekday, hour, x: r.left - box.left + r.width / 2, y: r.top - box.top });
  };

  const current = active ? cells.get(`${active.weekday}:${active.hour}`) : undefined;
  const boxWidth = boxRef.current?.clientWidth ?? 800;

  return (
    <div className="relative" ref={boxRef}>
      <div className="overflow-x-auto pb-2">
        <table
          className="w-full table-fixed border-separate border-spacing-px sm:border-spacing-[3px]"
          data-testid="heatmap"
        >
          <thead>
            <tr>
              <th className="w-8 sm:w-12" />
              {hours.map((h) => (
                <th key={h} scope="col" className="text-left text-[10px] font-normal text-faint">
                  <span className={h % 6 === 0 ? '' : h % 3 === 0 ? 'hidden sm:inline' : 'hidden'}>
                    {String(h).padStart(2, '0')}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weekOrder.map((d) => (
              <tr key={d}>
                <th scope="row" className="pr-1 text-right text-xs font-normal text-muted sm:pr-2">
                  {f.weekdayShort(d)}
                </th>
                {hours.map((h) => {
                  const c = cells.get(`${d}:${h}`);
                  const avg = c?.average ?? 0;
                  const label = t('home.heatmap.cellLabel', {
                    day: f.weekday(d),
                    hour: f.hour(h),
                    avg: f.one(avg),
                  });
                  const isActive = active?.weekday === d && active.hour === h;
                  return (
                    <td key={h} className="p-0">
                      <button
                        type="button"
                        aria-label={label}
                        data-weekday={d}
                        data-hour={h}
                        data-average={avg}
                        data-samples={c?.samples ?? 0}
                        onMouseEnter={(e) => show(d, h, e.currentTarget)}
                        onFocus={(e) => show(d, h, e.currentTarget)}
                        onBlur={() => setActive(null)}
                        onMouseLeave={() => setActive(null)}
                        onKeyDown={(e) => {
                          const moves: Record<string, [number, number]> = {
                            ArrowRight: [0, 1],
                            ArrowLeft: [0, -1],
                            ArrowDown: [1, 0],
                            ArrowUp: [-1, 0],
                          };
                          const mv = moves[e.key];
                          if (e.key === 'Escape') setActive(null);
                          if (!mv) return;
                          e.preventDefault();
                          const nd = weekOrder[(weekOrder.indexOf(d) + mv[0] + 7) % 7]!;
                          const nh = (h + mv[1] + 24) % 24;
                          boxRef.current
                            ?.querySelector<HTMLButtonElement>(
                              `button[data-weekday="${nd}"][data-hour="${nh}"]`,
                            )
                            ?.focus();
                        }}
                        className={`block h-6 w-full rounded-[3px] transition sm:h-7 sm:rounded-[4px] xl:h-10 ${
                          isActive ? 'ring-2 ring-accent-strong' : 'hover:ring-1 hover:ring-accent/60'
                        }`}
                        style={{ background: cellColor(c?.samples ? ratioOf(avg) : 0) }}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <HourProfile data={data} />
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-faint">
        <span data-testid="heatmap-peak">
          {peak
            ? t('home.heatmap.peak', {
                day: f.weekday(peak.weekday),
                hour: f.hour(peak.hour),
                avg: f.one(peak.average),
              })
            : ''}
        </span>
        <span className="flex items-center gap-2">
          {t('home.heatmap.less')}
          {[0, 0.25, 0.5, 0.75, 1].map((r) => (
            <span key={r} className="size-3 rounded-[3px]" style={{ background: cellColor(r) }} />
          ))}
          {t('home.heatmap.more')}
        </span>
      </div>
      {active && (
        <div
          role="tooltip"
          data-testid="heatmap-tooltip"
          className="pointer-events-none absolute z-20 w-64 -translate-x-1/2 -translate-y-full rounded-lg border border-accent/40 bg-raised/95 p-3 text-sm shadow-xl shadow-black/50 backdrop-blur"
          style={{ left: Math.min(Math.max(active.x, 132), boxWidth - 132), top: active.y - 8 }}
        >
          <p className="font-semibold text-text">
            {f.weekday(active.weekday)} · {f.hour(active.hour)}–{f.hour((active.hour + 1) % 24)}
          </p>
          <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1">
            <dt className="text-muted">{t('home.heatmap.average')}</dt>
            <dd
              className="text-right font-semibold text-accent-strong tabular-nums"
              data-testid="tooltip-average"
            >
              {f.one(current?.average ?? 0)}
            </dd>
            <dt className="text-muted">{t('home.heatmap.samples')}</dt>
            <dd className="text-right tabular-nums" data-testid="tooltip-samples">
              {f.int(current?.samples ?? 0)}
            </dd>
          </dl>
          {(current?.samples ?? 0) === 0 ? (
            <p className="mt-2 text-xs text-faint">{t('home.heatmap.noSamples')}</p>
          ) : (
            <div className="mt-2 border-t border-line pt-2">
              <p className="text-xs text-muted">{t('home.heatmap.mostSeen')}</p>
              {detail.isPending ? (
                <Spinner />
              ) : (
                <ul className="mt-1 space-y-0.5" data-testid="tooltip-members">
                  {(detail.data?.members ?? []).slice(0, 5).map((m) => (
                    <li key={m.id} className="flex justify-between gap-2 text-xs">
                      <ClassName name={m.name} cls={m.class} short />
                      <span className="text-faint tabular-nums">
                        {t('home.heatmap.seenTimes', { count: m.seen })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** The average online count per hour over the whole week: the guild's daily rhythm. */
function HourProfile({ data }: { data: HeatmapData }) {
  const { t } = useTranslation();
  const f = useFormat(data.timezone);
  const perHour = hours.map((h) => {
    const cells = data.cells.filter((c) => c.hour === h && c.samples > 0 && c.average !== null);
    const samples = cells.reduce((sum, c) => sum + c.samples, 0);
    const total = cells.reduce((sum, c) => sum + (c.average ?? 0) * c.samples, 0);
    return samples ? total / samples : 0;
  });
  const max = Math.max(...perHour, 0);
  if (max === 0) return null;
  return (
    <div className="mt-4">
      <p className="mb-1 text-xs text-muted">{t('home.heatmap.byHour')}</p>
      <div className="flex h-16 items-end gap-px pl-8 sm:gap-[3px] sm:pl-12" aria-hidden="true">
        {hours.map((h) => (
          <div
            key={h}
            className="flex-1 rounded-t-[3px] bg-violet/60"
            style={{ height: `${Math.max(4, (perHour[h]! / max) * 100)}%` }}
            title={`${f.hour(h)} · ${f.one(perHour[h]!)}`}
          />
        ))}
      </div>
    </div>
  );
}
