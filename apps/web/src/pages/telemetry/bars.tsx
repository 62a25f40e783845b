import type { TTelemetryPlayerStats } from '@guildhall/contracts';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, Tabs } from '../../components/ui';
import type { Format } from '../../lib/format';
import { classColor, shortName } from '../../lib/wow';

export type Metric = 'dps' | 'hps' | 'damageTaken';

const value = (p: TTelemetryPlayerStats, metric: Metric) => p[metric];

/**
 * One bar per player in class colours, longest first: what officers look at after a pull.
 * The metric tabs switch between damage, healing and damage taken.
 */
export function PlayerBars(props: { cid: string; players: TTelemetryPlayerStats[]; f: Format }) {
  const { t } = useTranslation();
  const [metric, setMetric] = useState<Metric>('dps');
  const rows = props.players
    .filter((p) => value(p, metric) > 0)
    .sort((a, b) => value(b, metric) - value(a, metric) || a.name.localeCompare(b.name));
  const top = rows[0] ? value(rows[0], metric) : 0;
  return (
    <div>
      <Tabs
        label={t('logs.metric')}
        value={metric}
        onChange={setMetric}
        tabs={[
          { id: 'dps', label: t('logs.dps') },
          { id: 'hps', label: t('logs.hps') },
          { id: 'damageTaken', label: t('logs.damageTaken') },
        ]}
      />
      {rows.length === 0 ? (
        <Empty>{t('logs.noFigures')}</Empty>
      ) : (
        <ol className="space-y-1.5" data-testid={`bars-${metric}`}>
          {rows.map((p) => {
            const v = value(p, metric);
            const color = classColor(p.class);
            return (
              <li key={p.playerId} className="grid grid-cols-[9rem_1fr_5rem] items-center gap-2 text-sm">
                <span className="truncate font-semibold" style={{ color }} title={p.name}>
                  {p.memberId ? (
                    <Link
                      to="/c/$cid/members/$memberId"
                      params={{ cid: props.cid, memberId: p.memberId }}
                      className="hover:underline"
                    >
                      {shortName(p.name)}
                    </Link>
                  ) : (
                    shortName(p.name)
                  )}
                </span>
                <span className="h-4 overflow-hidden rounded bg-raised" aria-hidden="true">
                  <span
                    className="block h-full rounded"
                    style={{ width: `${top ? (v / top) * 100 : 0}%`, background: color, opacity: 0.85 }}
                  />
                </span>
                <span className="text-right tabular-nums" data-testid="bar-value">
                  {props.f.int(v)}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/** The outcome of a pull as a coloured word, with the boss's health on a wipe. */
export function Outcome(props: { outcome: 'kill' | 'wipe' | 'incomplete'; bossHpPct: number | null }) {
  const { t } = useTranslation();
  const cls = props.outcome === 'kill' ? 'text-good' : props.outcome === 'wipe' ? 'text-bad' : 'text-muted';
  return (
    <span className={`font-semibold ${cls}`}>
      {t(`logs.outcome.${props.outcome}`)}
      {props.outcome === 'wipe' && props.bossHpPct !== null && (
        <span className="ml-1 font-normal text-muted">
          {t('logs.bossAt', { pct: Math.round(props.bossHpPct * 10) / 10 })}
        </span>
      )}
    </span>
  );
}
