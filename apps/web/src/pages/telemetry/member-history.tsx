import type { TTelemetryMemberHistory } from '@guildhall/contracts';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Card, QueryState } from '../../components/ui';
import { game } from '../../i18n/game';
import type { Format } from '../../lib/format';
import { useMemberTelemetry } from './queries';

type Item = TTelemetryMemberHistory['items'][number];

/** A member's raids from the combat logs: a trend line of their output, then each raid. */
export function MemberRaidHistory(props: { cid: string; memberId: string; f: Format }) {
  const { t } = useTranslation();
  const history = useMemberTelemetry(props.cid, props.memberId);
  return (
    <Card title={t('logs.history')} subtitle={t('logs.historyHint')}>
      <QueryState query={history} isEmpty={(d) => d.items.length === 0} empty={t('logs.noHistory')}>
        {(data) => (
          <div className="space-y-4" data-testid="member-telemetry">
            <Trend items={data.items} f={props.f} />
            <div className="-mx-4 overflow-x-auto sm:-mx-5">
              <table className="w-full min-w-[480px] text-sm">
                <thead className="border-b border-line">
                  <tr>
                    <th className="th">{t('logs.raid')}</th>
                    <th className="th text-right">{t('logs.dps')}</th>
                    <th className="th text-right">{t('logs.hps')}</th>
                    <th className="th text-right">{t('logs.share')}</th>
                    <th className="th text-right">{t('logs.deaths')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...data.items].reverse().map((r) => (
                    <tr key={r.raidId} className="border-b border-line/50">
                      <th scope="row" className="td text-left font-medium">
                        <Link
                          to="/c/$cid/logs/$raidId"
                          params={{ cid: props.cid, raidId: r.raidId }}
                          className="text-accent-strong hover:underline"
                        >
                          {game.raid(r.zoneName) ?? r.raidId}
                        </Link>
                        <span className="ml-2 text-xs text-faint">{props.f.date(r.startedAt)}</span>
                      </th>
                      <td className="td text-right tabular-nums">{props.f.int(r.dps)}</td>
                      <td className="td text-right tabular-nums">{props.f.int(r.hps)}</td>
                      <td className="td text-right tabular-nums">
                        {props.f.pct(Math.max(r.damageShare, r.healingShare) / 100)}
                      </td>
                      <td className="td text-right tabular-nums">{props.f.int(r.deaths)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </QueryState>
    </Card>
  );
}

const W = 600;
const H = 120;
const PAD = 6;

/** DPS (accent) and HPS (green) per raid, oldest to newest, each scaled to its own maximum. */
function Trend({ items, f }: { items: Item[]; f: Format }) {
  const { t } = useTranslation();
  if (items.length < 2) return null;
  const line = (pick: (i: Item) => number) => {
    const max = Math.max(...items.map(pick));
    if (max <= 0) return null;
    return items
      .map((item, i) => {
        const x = PAD + (i / (items.length - 1)) * (W - 2 * PAD);
        const y = H - PAD - (pick(item) / max) * (H - 2 * PAD);
        return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
      })
      .join(' ');
  };
  const dps = line((i) => i.dps);
  const hps = line((i) => i.hps);
  const last = items[items.length - 1]!;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-28 w-full"
        role="img"
        aria-label={t('logs.trendLabel', { dps: f.int(last.dps), hps: f.int(last.hps), raids: items.length })}
        data-testid="telemetry-trend"
      >
        {dps && <path d={dps} fill="none" stroke="var(--color-accent, #22d3ee)" strokeWidth="2.5" />}
        {hps && <path d={hps} fill="none" stroke="#4ade80" strokeWidth="2.5" strokeDasharray="6 4" />}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-muted">
        <span>
          <span className="mr-1 inline-block h-0.5 w-4 bg-accent align-middle" />
          {t('logs.dps')}
        </span>
        <span>
          <span className="mr-1 inline-block h-0.5 w-4 bg-good align-middle" />
          {t('logs.hps')}
        </span>
      </figcaption>
    </figure>
  );
}
