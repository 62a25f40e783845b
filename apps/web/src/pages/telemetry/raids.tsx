import type { TTelemetryRaid } from '@guildhall/contracts';
import { createLazyRoute, Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Pager, PageTitle, QueryState } from '../../components/ui';
import { game } from '../../i18n/game';
import { type Format, useFormat } from '../../lib/format';
import { PAGE_SIZE, useTelemetryRaids } from './queries';

export const Route = createLazyRoute('/c/$cid/logs')({
  component: () => (
    <PageGate page="logs">
      <RaidsPage />
    </PageGate>
  ),
});

/** Every raid the lake knows, newest first, with what each one came to. */
function RaidsPage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const { page = 1 } = useSearch({ from: '/c/$cid/logs' });
  const navigate = useNavigate({ from: '/c/$cid/logs' });
  const raids = useTelemetryRaids(cid, page);
  const pages = raids.data ? Math.max(1, Math.ceil(raids.data.total / PAGE_SIZE)) : 1;
  return (
    <div className="space-y-5">
      <PageTitle
        aside={
          raids.data?.builtAt ? (
            <span className="text-sm text-muted">
              {t('logs.builtAt', { date: f.dateTime(raids.data.builtAt) })}
            </span>
          ) : undefined
        }
      >
        {t('logs.title')}
      </PageTitle>
      <Card title={t('logs.raids')} subtitle={t('logs.raidsHint')}>
        <QueryState query={raids} isEmpty={(d) => d.items.length === 0} empty={t('logs.noRaids')}>
          {(data) => (
            <>
              <RaidTable cid={cid} items={data.items} f={f} />
              {pages > 1 && (
                <Pager
                  page={page}
                  pages={pages}
                  onChange={(n) => navigate({ search: { page: n } })}
                  className="mt-4"
                />
              )}
            </>
          )}
        </QueryState>
      </Card>
    </div>
  );
}

function RaidTable({ cid, items, f }: { cid: string; items: TTelemetryRaid[]; f: Format }) {
  const { t } = useTranslation();
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full min-w-[640px]" data-testid="telemetry-raids">
        <thead className="border-b border-line">
          <tr>
            <th className="th">{t('logs.raid')}</th>
            <th className="th">{t('logs.date')}</th>
            <th className="th text-right">{t('logs.players')}</th>
            <th className="th text-right">{t('logs.pulls')}</th>
            <th className="th text-right">{t('logs.kills')}</th>
            <th className="th text-right">{t('logs.wipes')}</th>
            <th className="th text-right">{t('logs.deaths')}</th>
            <th className="th text-right">{t('logs.duration')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.raidId} className="border-b border-line/50 hover:bg-raised/40">
              <th scope="row" className="td text-left font-medium">
                <Link
                  to="/c/$cid/logs/$raidId"
                  params={{ cid, raidId: r.raidId }}
                  className="text-accent-strong hover:underline"
                >
                  {game.raid(r.zoneName) ?? r.raidId}
                </Link>
                {r.zoneName && <span className="ml-2 text-xs text-faint">{r.raidId}</span>}
              </th>
              <td className="td">{f.dateTime(r.startedAt)}</td>
              <td className="td text-right tabular-nums">{f.int(r.players)}</td>
              <td className="td text-right tabular-nums">{f.int(r.pulls)}</td>
              <td className="td text-right tabular-nums text-good">{f.int(r.kills)}</td>
              <td className="td text-right tabular-nums text-bad">{f.int(r.wipes)}</td>
              <td className="td text-right tabular-nums">{f.int(r.deaths)}</td>
              <td className="td text-right tabular-nums">
                {f.duration(new Date(r.endedAt).getTime() - new Date(r.startedAt).getTime())}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
