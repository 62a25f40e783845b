import type { TOsrsDashboard } from '@guildhall/contracts';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Empty, Kpi, PageTitle, QueryState } from '../../components/ui';
import { type Format, useFormat } from '../../lib/format';
import { ActivityHeatmap, DayBars, XpVsMessages } from './charts';
import { metricLabel, OsrsTabs, ReportButton } from './common';
import { useOsrsDashboard } from './queries';

export const Route = createLazyRoute('/c/$cid/osrs')({
  component: () => (
    <PageGate page="osrs">
      <OverviewPage />
    </PageGate>
  ),
});

function OverviewPage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const dashboard = useOsrsDashboard(cid);
  return (
    <div className="space-y-5">
      <PageTitle aside={<ReportButton />}>{t('osrs.title')}</PageTitle>
      <OsrsTabs current="overview" />
      <QueryState query={dashboard}>{(d) => <Overview d={d} f={f} />}</QueryState>
    </div>
  );
}

function Overview({ d, f }: { d: TOsrsDashboard; f: Format }) {
  const { t } = useTranslation();
  const sum = (k: 'messages' | 'xp') => d.history.reduce((s, x) => s + x[k], 0);
  return (
    <>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Kpi testId="osrs-kpi-members" label={t('osrs.kpi.members')} value={f.int(d.scatter.length)} />
        <Kpi testId="osrs-kpi-xp" accent="#4ade80" label={t('osrs.kpi.xp30')} value={f.int(sum('xp'))} />
        <Kpi
          testId="osrs-kpi-messages"
          accent="#a78bfa"
          label={t('osrs.kpi.messages30')}
          value={f.int(sum('messages'))}
        />
        <Kpi
          testId="osrs-kpi-bosses"
          accent="#fbbf24"
          label={t('osrs.kpi.bosses')}
          value={f.int(d.bosses.length)}
        />
      </div>
      <Card title={t('osrs.heatmap.title')} subtitle={t('osrs.heatmap.hint', { tz: d.timezone })}>
        <ActivityHeatmap heatmap={d.heatmap} f={f} />
      </Card>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title={t('osrs.history.messages')} subtitle={t('osrs.history.hint')}>
          <DayBars
            history={d.history}
            field="messages"
            color="#a78bfa"
            f={f}
            testId="osrs-history-messages"
          />
        </Card>
        <Card title={t('osrs.history.xp')} subtitle={t('osrs.history.hint')}>
          <DayBars history={d.history} field="xp" color="#4ade80" f={f} testId="osrs-history-xp" />
        </Card>
      </div>
      <div className="grid gap-5 xl:grid-cols-[3fr_2fr]">
        <Card title={t('osrs.scatter.title')} subtitle={t('osrs.scatter.hint')}>
          {d.scatter.length ? <XpVsMessages points={d.scatter} f={f} /> : <Empty>{t('osrs.noData')}</Empty>}
        </Card>
        <Card title={t('osrs.bosses.title')} subtitle={t('osrs.bosses.hint')}>
          <BossRecords bosses={d.bosses} f={f} />
        </Card>
      </div>
      <div className="grid gap-5 md:grid-cols-3">
        <Board id="osrs-top-xp7" title={t('osrs.top.xp7')} rows={d.topXp7} f={f} />
        <Board id="osrs-top-xp30" title={t('osrs.top.xp30')} rows={d.topXp30} f={f} />
        <Board id="osrs-top-messages" title={t('osrs.top.messages')} rows={d.topMessages} f={f} />
      </div>
    </>
  );
}

function Board(props: { id: string; title: string; rows: { name: string; value: number }[]; f: Format }) {
  const { t } = useTranslation();
  return (
    <Card title={props.title}>
      {props.rows.length === 0 ? (
        <Empty>{t('osrs.noData')}</Empty>
      ) : (
        <ol className="space-y-1" data-testid={props.id}>
          {props.rows.map((r, i) => (
            <li key={r.name} className="flex items-baseline gap-2 text-sm" data-testid="osrs-board-row">
              <span className="w-5 text-right text-faint tabular-nums">{i + 1}</span>
              <span className="min-w-0 flex-1 truncate" data-testid="osrs-board-name">
                {r.name}
              </span>
              <span
                className="font-semibold tabular-nums"
                data-testid="osrs-board-value"
                data-value={r.value}
              >
                {props.f.int(r.value)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function BossRecords({ bosses, f }: { bosses: TOsrsDashboard['bosses']; f: Format }) {
  const { t } = useTranslation();
  if (bosses.length === 0) return <Empty>{t('osrs.noData')}</Empty>;
  return (
    <div className="-mx-4 max-h-[22rem] overflow-auto sm:-mx-5">
      <table className="w-full" data-testid="osrs-bosses">
        <thead className="sticky top-0 border-b border-line bg-surface">
          <tr>
            <th className="th">{t('osrs.bosses.boss')}</th>
            {[1, 2, 3].map((n) => (
              <th key={n} className="th">
                {t('osrs.bosses.place', { n })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bosses.map((b) => (
            <tr key={b.boss} data-boss={b.boss} className="border-b border-line/50">
              <td className="td font-medium">{metricLabel(b.boss)}</td>
              {[0, 1, 2].map((i) => {
                const r = b.top[i];
                return (
                  <td key={i} className="td text-sm">
                    {r ? (
                      <>
                        <span className="block truncate" data-testid="osrs-boss-name">
                          {r.name}
                        </span>
                        <span className="text-xs text-muted tabular-nums" data-value={r.value}>
                          {f.int(r.value)}
                        </span>
                      </>
                    ) : (
                      <span className="text-faint">—</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
