import type { TOsrsDashboard } from '@guildhall/contracts';
import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Format } from '../../lib/format';

const hours = Array.from({ length: 24 }, (_, h) => h);
const isoWeekdays = [1, 2, 3, 4, 5, 6, 7];
/** ISO weekdays (1 = Monday … 7 = Sunday) as the format helper numbers them (0 = Sunday). */
const apiWeekday = (iso: number) => iso % 7;

function cellColor(ratio: number): string {
  if (ratio <= 0) return 'rgb(26 32 48)';
  return `rgb(34 211 238 / ${(0.15 + 0.85 * Math.min(1, ratio)).toFixed(3)})`;
}

/** Messages per hour × weekday over 30 days, Monday first, in the clan's time zone. */
export function ActivityHeatmap({ heatmap, f }: { heatmap: number[][]; f: Format }) {
  const { t } = useTranslation();
  const max = Math.max(0, ...heatmap.flat());
  let peak: { dow: number; hour: number; n: number } | null = null;
  heatmap.forEach((row, d) => {
    row.forEach((n, h) => {
      if (n > 0 && (!peak || n > peak.n)) peak = { dow: d + 1, hour: h, n };
    });
  });
  const busiest = peak as { dow: number; hour: number; n: number } | null;
  return (
    <div>
      <div className="overflow-x-auto pb-2">
        <table
          className="w-full table-fixed border-separate border-spacing-px sm:border-spacing-[3px]"
          data-testid="osrs-heatmap"
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
            {isoWeekdays.map((dow) => (
              <tr key={dow}>
                <th scope="row" className="pr-1 text-right text-xs font-normal text-muted sm:pr-2">
                  {f.weekdayShort(apiWeekday(dow))}
                </th>
                {hours.map((h) => {
                  const n = heatmap[dow - 1]?.[h] ?? 0;
                  return (
                    <td key={h} className="p-0">
                      <div
                        role="img"
                        data-dow={dow}
                        data-hour={h}
                        data-count={n}
                        aria-label={t('osrs.heatmap.cell', {
                          day: f.weekday(apiWeekday(dow)),
                          hour: f.hour(h),
                          count: n,
                        })}
                        title={`${f.weekday(apiWeekday(dow))} ${f.hour(h)} · ${f.int(n)}`}
                        className="h-6 w-full rounded-[3px] sm:h-7 sm:rounded-[4px]"
                        style={{ background: cellColor(max ? n / max : 0) }}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-faint" data-testid="osrs-heatmap-peak">
        {busiest
          ? t('osrs.heatmap.peak', {
              day: f.weekday(apiWeekday(busiest.dow)),
              hour: f.hour(busiest.hour),
              count: busiest.n,
            })
          : t('osrs.noData')}
      </p>
    </div>
  );
}

/** One bar per day of the last 30; the newest on the right. */
export function DayBars(props: {
  history: TOsrsDashboard['history'];
  field: 'messages' | 'xp';
  color: string;
  f: Format;
  testId: string;
}) {
  const { t } = useTranslation();
  const { history, field, f } = props;
  const max = Math.max(0, ...history.map((d) => d[field]));
  const total = history.reduce((s, d) => s + d[field], 0);
  return (
    <figure data-testid={props.testId} data-total={total}>
      <div className="flex h-32 items-end gap-[3px]">
        {history.map((d) => (
          <div
            key={d.day}
            data-day={d.day}
            data-value={d[field]}
            title={`${f.shortDate(`${d.day}T12:00:00Z`)} · ${f.int(d[field])}`}
            className="flex-1 rounded-t-[3px]"
            style={{
              height: `${max ? Math.max(2, (d[field] / max) * 100) : 2}%`,
              background: d[field] > 0 ? props.color : 'rgb(38 48 70)',
            }}
          />
        ))}
      </div>
      <figcaption className="mt-1 flex justify-between text-[11px] text-faint">
        <span>{history[0] ? f.shortDate(`${history[0].day}T12:00:00Z`) : ''}</span>
        <span className="text-muted tabular-nums">{t('osrs.history.total', { total: f.int(total) })}</span>
        <span>{history.at(-1) ? f.shortDate(`${history.at(-1)!.day}T12:00:00Z`) : ''}</span>
      </figcaption>
    </figure>
  );
}

const H = 280;
const PAD = { l: 56, r: 24, t: 12, b: 36 };

/** The element's width in CSS pixels, so an SVG is drawn at its real size (text stays legible). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(240, Math.round(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** A dot per active member: 30-day XP (x) against 30-day Discord messages (y). */
export function XpVsMessages({ points, f }: { points: TOsrsDashboard['scatter']; f: Format }) {
  const { t } = useTranslation();
  const { ref, width: W } = useWidth(560);
  const maxX = Math.max(1, ...points.map((p) => p.xp));
  const maxY = Math.max(1, ...points.map((p) => p.messages));
  const x = (v: number) => PAD.l + (v / maxX) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / maxY) * (H - PAD.t - PAD.b);
  const compact = new Intl.NumberFormat(f.locale, { notation: 'compact', maximumFractionDigits: 1 });
  return (
    <div ref={ref}>
      <svg
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        className="block"
        role="img"
        aria-label={t('osrs.scatter.title')}
        data-testid="osrs-scatter"
      >
        <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} stroke="#263046" />
        <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} stroke="#263046" />
        {[0, 0.5, 1].map((r) => (
          <g key={r} fill="#6b7590" fontSize="11">
            <text
              x={x(maxX * r)}
              y={H - PAD.b + 16}
              textAnchor={r === 1 ? 'end' : r === 0 ? 'start' : 'middle'}
            >
              {compact.format(maxX * r)}
            </text>
            <text x={PAD.l - 6} y={y(maxY * r) + 4} textAnchor="end">
              {compact.format(Math.round(maxY * r))}
            </text>
          </g>
        ))}
        <text x={(W + PAD.l) / 2} y={H - 2} textAnchor="middle" fill="#9aa4b8" fontSize="11">
          {t('osrs.scatter.x')}
        </text>
        <text
          transform={`translate(12 ${(H - PAD.b + PAD.t) / 2}) rotate(-90)`}
          textAnchor="middle"
          fill="#9aa4b8"
          fontSize="11"
        >
          {t('osrs.scatter.y')}
        </text>
        {points.map((p) => (
          <circle
            key={p.name}
            cx={x(p.xp)}
            cy={y(p.messages)}
            r={6}
            fill="rgb(167 139 250 / 0.75)"
            stroke="#a78bfa"
            data-name={p.name}
            data-xp={p.xp}
            data-messages={p.messages}
          >
            <title>{`${p.name}: ${f.int(p.xp)} XP · ${t('osrs.messagesCount', { count: p.messages })}`}</title>
          </circle>
        ))}
      </svg>
    </div>
  );
}
