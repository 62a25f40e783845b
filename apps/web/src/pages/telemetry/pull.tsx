import type { TTelemetryDeath } from '@guildhall/contracts';
import { createLazyRoute, Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Empty, ErrorState, isNotFound, Kpi, Loading, PageTitle } from '../../components/ui';
import { game } from '../../i18n/game';
import { type Format, useFormat } from '../../lib/format';
import { classColor } from '../../lib/wow';
import { Outcome, PlayerBars } from './bars';
import { useTelemetryPull } from './queries';
import { PlayerTable } from './raid';

export const Route = createLazyRoute('/c/$cid/logs/$raidId/pulls/$pullId')({
  component: () => (
    <PageGate page="logs">
      <PullPage />
    </PageGate>
  ),
});

/** One pull: who did what (bars in class colours), who died, in order, and to what. */
function PullPage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const { raidId, pullId } = useParams({ from: '/c/$cid/logs/$raidId/pulls/$pullId' });
  const f = useFormat(community.timezone);
  const pull = useTelemetryPull(cid, raidId, pullId);
  const back = (
    <Link to="/c/$cid/logs/$raidId" params={{ cid, raidId }} className="text-sm text-muted hover:text-text">
      ← {t('logs.backToRaid')}
    </Link>
  );
  if (pull.isPending) return <Loading rows={6} />;
  if (pull.error) {
    return isNotFound(pull.error) ? (
      <Card title={t('logs.pullMissing')}>{back}</Card>
    ) : (
      <ErrorState error={pull.error} onRetry={() => pull.refetch()} />
    );
  }
  const p = pull.data;
  return (
    <div className="space-y-5">
      {back}
      <PageTitle aside={<span className="text-sm text-muted">{f.dateTime(p.startedAt)}</span>}>
        {t('logs.pullTitle', {
          number: p.number,
          name: game.raid(p.encounterName) ?? p.encounterId ?? t('logs.trash'),
        })}
      </PageTitle>
      <div className="grid gap-3 sm:grid-cols-3" data-testid="pull-kpis">
        <Kpi label={t('logs.outcomeTitle')} value={<Outcome outcome={p.outcome} bossHpPct={p.bossHpPct} />} />
        <Kpi label={t('logs.duration')} value={f.duration(p.durationMs)} />
        <Kpi label={t('logs.deaths')} value={f.int(p.deaths.length)} />
      </div>
      <div className="grid gap-5 xl:grid-cols-2">
        <Card title={t('logs.byPlayer')}>
          <PlayerBars cid={cid} players={p.players} f={f} />
        </Card>
        <Card title={t('logs.deathsTitle')} subtitle={t('logs.deathsHint')}>
          <Deaths deaths={p.deaths} f={f} />
        </Card>
      </div>
      <Card title={t('logs.table')}>
        <PlayerTable players={p.players} f={f} />
      </Card>
    </div>
  );
}

function Deaths({ deaths, f }: { deaths: TTelemetryDeath[]; f: Format }) {
  const { t } = useTranslation();
  if (deaths.length === 0) return <Empty>{t('logs.noDeaths')}</Empty>;
  return (
    <ol className="space-y-2" data-testid="pull-deaths">
      {deaths.map((d, i) => (
        <li key={`${d.playerId}-${d.at}`} className="flex items-baseline gap-3 text-sm">
          <span className="w-6 text-right tabular-nums text-faint">{i + 1}</span>
          <span className="w-12 tabular-nums text-muted">{f.duration(d.offsetMs)}</span>
          <span className="min-w-0 flex-1">
            <span className="font-semibold" style={{ color: classColor(d.class) }}>
              {d.name}
            </span>{' '}
            {d.killingBlow ? (
              <span className="text-muted">
                {t('logs.killedBy', {
                  ability: d.killingBlow.abilityName ?? t('logs.melee'),
                  source: d.killingBlow.sourceName ?? '?',
                })}
                {d.killingBlow.amount !== null && (
                  <span className="ml-1 tabular-nums">({f.int(d.killingBlow.amount)})</span>
                )}
              </span>
            ) : (
              <span className="text-muted">{t('logs.died')}</span>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
