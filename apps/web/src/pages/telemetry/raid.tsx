import type { TTelemetryPlayerStats, TTelemetryPull } from '@guildhall/contracts';
import { createLazyRoute, Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, ErrorState, isNotFound, Kpi, Loading, PageTitle } from '../../components/ui';
import { game } from '../../i18n/game';
import { type Format, useFormat } from '../../lib/format';
import { classColor } from '../../lib/wow';
import { Outcome, PlayerBars } from './bars';
import { useTelemetryRaid } from './queries';

export const Route = createLazyRoute('/c/$cid/logs/$raidId')({
  component: () => (
    <PageGate page="logs">
      <RaidPage />
    </PageGate>
  ),
});

/** One raid: its pulls in order, then every player's figures over the whole raid. */
function RaidPage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const { raidId } = useParams({ from: '/c/$cid/logs/$raidId' });
  const f = useFormat(community.timezone);
  const raid = useTelemetryRaid(cid, raidId);
  if (raid.isPending) return <Loading rows={6} />;
  if (raid.error) {
    return isNotFound(raid.error) ? (
      <Card title={t('logs.raidMissing')}>
        <Link to="/c/$cid/logs" params={{ cid }} search={{}} className="btn">
          {t('logs.backToRaids')}
        </Link>
      </Card>
    ) : (
      <ErrorState error={raid.error} onRetry={() => raid.refetch()} />
    );
  }
  const r = raid.data;
  return (
    <div className="space-y-5">
      <Link to="/c/$cid/logs" params={{ cid }} search={{}} className="text-sm text-muted hover:text-text">
        ← {t('logs.backToRaids')}
      </Link>
      <PageTitle aside={<span className="text-sm text-muted">{f.dateTime(r.startedAt)}</span>}>
        {game.raid(r.zoneName) ?? r.raidId}
      </PageTitle>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" data-testid="raid-kpis">
        <Kpi label={t('logs.pulls')} value={f.int(r.pulls.length)} />
        <Kpi
          label={t('logs.kills')}
          value={<span className="text-good">{f.int(r.kills)}</span>}
          accent="#4ade80"
        />
        <Kpi
          label={t('logs.wipes')}
          value={<span className="text-bad">{f.int(r.wipes)}</span>}
          accent="#f87171"
        />
        <Kpi label={t('logs.deaths')} value={f.int(r.deaths)} />
        <Kpi label={t('logs.players')} value={f.int(r.players.length)} />
      </div>
      <Card title={t('logs.pullsTitle')}>
        <PullTable cid={cid} raidId={r.raidId} pulls={r.pulls} f={f} />
      </Card>
      <div className="grid gap-5 xl:grid-cols-2">
        <Card title={t('logs.byPlayer')} subtitle={t('logs.byPlayerHint')}>
          <PlayerBars cid={cid} players={r.players} f={f} />
        </Card>
        <Card title={t('logs.table')}>
          <PlayerTable players={r.players} f={f} />
        </Card>
      </div>
    </div>
  );
}

function PullTable(props: { cid: string; raidId: string; pulls: TTelemetryPull[]; f: Format }) {
  const { t } = useTranslation();
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full min-w-[560px]" data-testid="telemetry-pulls">
        <thead className="border-b border-line">
          <tr>
            <th className="th">#</th>
            <th className="th">{t('logs.encounter')}</th>
            <th className="th">{t('logs.outcomeTitle')}</th>
            <th className="th text-right">{t('logs.duration')}</th>
            <th className="th text-right">{t('logs.deaths')}</th>
          </tr>
        </thead>
        <tbody>
          {props.pulls.map((p) => (
            <tr key={p.pullId} className="border-b border-line/50 hover:bg-raised/40">
              <td className="td tabular-nums text-muted">{p.number}</td>
              <th scope="row" className="td text-left font-medium">
                <Link
                  to="/c/$cid/logs/$raidId/pulls/$pullId"
                  params={{ cid: props.cid, raidId: props.raidId, pullId: p.pullId }}
                  className="text-accent-strong hover:underline"
                >
                  {game.raid(p.encounterName) ?? p.encounterId ?? t('logs.trash')}
                </Link>
                {p.difficulty && (
                  <span className="ml-2 text-xs text-faint">
                    {t(`raid.difficulty.${p.difficulty.toLowerCase()}`, { defaultValue: p.difficulty })}
                  </span>
                )}
              </th>
              <td className="td">
                <Outcome outcome={p.outcome} bossHpPct={p.bossHpPct} />
              </td>
              <td className="td text-right tabular-nums">{props.f.duration(p.durationMs)}</td>
              <td className="td text-right tabular-nums">{props.f.int(p.deaths)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The per-player figures as numbers, for those who want them exact. */
export function PlayerTable({ players, f }: { players: TTelemetryPlayerStats[]; f: Format }) {
  const { t } = useTranslation();
  const rows = [...players].sort((a, b) => b.damage - a.damage || b.healing - a.healing);
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full min-w-[560px] text-sm" data-testid="telemetry-players">
        <thead className="border-b border-line">
          <tr>
            <th className="th">{t('logs.player')}</th>
            <th className="th text-right">{t('logs.dps')}</th>
            <th className="th text-right">{t('logs.hps')}</th>
            <th className="th text-right">{t('logs.overhealing')}</th>
            <th className="th text-right">{t('logs.damageTaken')}</th>
            <th className="th text-right">{t('logs.deaths')}</th>
            <th className="th text-right">{t('logs.crit')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.playerId} className="border-b border-line/50">
              <th scope="row" className="td text-left font-semibold" style={{ color: classColor(p.class) }}>
                {p.name}
                {p.spec && <span className="ml-1 text-xs font-normal text-faint">{game.spec(p.spec)}</span>}
              </th>
              <td className="td text-right tabular-nums">{f.int(p.dps)}</td>
              <td className="td text-right tabular-nums">{f.int(p.hps)}</td>
              <td className="td text-right tabular-nums">{f.int(p.overhealing)}</td>
              <td className="td text-right tabular-nums">{f.int(p.damageTaken)}</td>
              <td className="td text-right tabular-nums">{f.int(p.deaths)}</td>
              <td className="td text-right tabular-nums">{f.pct(p.critRate / 100)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
