import { useTranslation } from 'react-i18next';
import { asDelta, type Estimate, heroName } from './queries';

export interface ChartRow {
  heroId: number;
  estimate: Estimate;
}

const pct = (x: number, lang: string) =>
  `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toLocaleString(lang, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  })} %`;
export const formatDelta = pct;

/**
 * A diverging bar per hero: the change of win probability (bar) with its 95 % interval
 * (whisker), green right of zero, red left of it. Everything is drawn in SVG with the page's colours.
 */
export function DeltaChart(props: { rows: ChartRow[]; label: string; testId?: string }) {
  const { i18n, t } = useTranslation();
  const lang = i18n.language;
  const rows = props.rows;
  const extent = Math.max(
    0.02,
    ...rows.flatMap((r) => [Math.abs(asDelta(r.estimate.low)), Math.abs(asDelta(r.estimate.high))]),
  );
  const rowH = 26;
  const labelW = 150;
  const countW = 150;
  const width = 640;
  const plotW = width - labelW - countW;
  const height = rows.length * rowH + 24;
  const x = (d: number) => labelW + plotW / 2 + (d / extent) * (plotW / 2 - 8);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="w-full"
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    >
      <line x1={x(0)} x2={x(0)} y1={0} y2={height - 20} stroke="var(--color-line)" strokeWidth={1.5} />
      {rows.map((r, i) => {
        const d = asDelta(r.estimate.value);
        const y = i * rowH + 4;
        const good = d >= 0;
        return (
          <g key={r.heroId} data-testid="chart-row">
            <text x={labelW - 8} y={y + 15} textAnchor="end" fontSize={12} fill="var(--color-text)">
              {heroName(r.heroId)}
            </text>
            <rect
              x={Math.min(x(0), x(d))}
              y={y + 4}
              width={Math.max(1, Math.abs(x(d) - x(0)))}
              height={rowH - 10}
              rx={3}
              fill={good ? 'var(--color-good)' : 'var(--color-bad)'}
              opacity={0.75}
            />
            <line
              x1={x(asDelta(r.estimate.low))}
              x2={x(asDelta(r.estimate.high))}
              y1={y + rowH / 2 - 1}
              y2={y + rowH / 2 - 1}
              stroke="var(--color-text)"
              strokeWidth={1.2}
            />
            <text
              x={labelW + plotW + 8}
              y={y + 15}
              fontSize={12}
              fontWeight={600}
              fill={good ? 'var(--color-good)' : 'var(--color-bad)'}
            >
              {pct(d, lang)}
            </text>
            <text x={width - 4} y={y + 15} textAnchor="end" fontSize={11} fill="var(--color-faint)">
              {t('dota.games', { count: r.estimate.games, n: r.estimate.games.toLocaleString(lang) })}
            </text>
          </g>
        );
      })}
      <text x={x(0)} y={height - 4} textAnchor="middle" fontSize={10} fill="var(--color-faint)">
        0 %
      </text>
      <text x={x(-extent)} y={height - 4} textAnchor="start" fontSize={10} fill="var(--color-faint)">
        {pct(-extent, lang)}
      </text>
      <text x={x(extent)} y={height - 4} textAnchor="end" fontSize={10} fill="var(--color-faint)">
        {pct(extent, lang)}
      </text>
    </svg>
  );
}
