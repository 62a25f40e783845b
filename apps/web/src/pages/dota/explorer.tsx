import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Empty, ErrorState, Kpi, Loading, PageTitle } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { DeltaChart, formatDelta } from './chart';
import { asDelta, heroesByName, heroName, type Matchup, useMatchups, useStrengths } from './queries';

export const Route = createLazyRoute('/c/$cid/dota/explorer')({
  component: () => (
    <PageGate page="dota">
      <ExplorerPage />
    </PageGate>
  ),
});

/** How many counters and synergies each side of the chart shows. */
const SHOWN = 6;

/** Pick a hero: its strength with its interval, who it beats and loses to, who it pairs with. */
function ExplorerPage() {
  const { t, i18n } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const search = useSearch({ from: '/c/$cid/dota/explorer' });
  const navigate = useNavigate({ from: '/c/$cid/dota/explorer' });
  const strengths = useStrengths(cid);
  const hero = search.hero ?? strengths.data?.strengths[0]?.heroId;
  const matchups = useMatchups(cid, strengths.data?.model ? hero : undefined);

  if (strengths.isPending) return <Loading rows={6} />;
  if (strengths.error) return <ErrorState error={strengths.error} onRetry={() => strengths.refetch()} />;
  const { model } = strengths.data;
  const strength = strengths.data.strengths.find((s) => s.heroId === hero)?.estimate;
  const lang = i18n.language;

  return (
    <div className="space-y-5">
      <PageTitle
        aside={
          model && (
            <span className="text-sm text-muted" data-testid="model-info">
              {t('dota.modelInfo', {
                patch: model.patch,
                matches: f.int(model.matches),
                date: f.dateTime(model.builtAt),
              })}
            </span>
          )
        }
      >
        {t('dota.explorer.title')}
      </PageTitle>
      {!model ? (
        <Card>
          <Empty>{t('dota.noModel')}</Empty>
        </Card>
      ) : (
        <>
          <div className="card flex flex-wrap items-end gap-3 p-4">
            <label className="min-w-56 flex-1 text-sm text-muted">
              {t('dota.explorer.pick')}
              <select
                className="input mt-1"
                data-testid="hero-select"
                value={hero ?? ''}
                onChange={(e) => navigate({ search: { hero: Number(e.target.value) } })}
              >
                {heroesByName.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.localizedName}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="grid gap-3 sm:grid-cols-3">
            <Kpi
              label={t('dota.explorer.strength')}
              testId="strength"
              value={strength ? formatDelta(asDelta(strength.value), lang) : '—'}
              hint={
                strength
                  ? t('dota.explorer.interval', {
                      low: formatDelta(asDelta(strength.low), lang),
                      high: formatDelta(asDelta(strength.high), lang),
                    })
                  : t('dota.explorer.noStrength')
              }
            />
            <Kpi
              label={t('dota.explorer.games')}
              value={strength ? f.int(strength.games) : '—'}
              hint={hero ? heroName(hero) : undefined}
            />
            <Kpi
              label={t('dota.explorer.matches')}
              value={f.int(model.matches)}
              hint={t('dota.explorer.matchesHint')}
            />
          </div>
          {matchups.isPending ? (
            <Loading rows={4} />
          ) : matchups.error ? (
            <ErrorState error={matchups.error} onRetry={() => matchups.refetch()} />
          ) : (
            <MatchupCards matchups={matchups.data.matchups} hero={hero!} />
          )}
        </>
      )}
    </div>
  );
}

function MatchupCards({ matchups, hero }: { matchups: Matchup[]; hero: number }) {
  const { t } = useTranslation();
  const sorted = (kind: Matchup['kind']) =>
    matchups.filter((m) => m.kind === kind).sort((a, b) => b.estimate.value - a.estimate.value);
  const counters = sorted('COUNTER');
  const synergies = sorted('SYNERGY');
  const best = counters.filter((m) => m.estimate.value > 0).slice(0, SHOWN);
  const worst = counters.filter((m) => m.estimate.value < 0).slice(-SHOWN);
  const pairs = [
    ...synergies.slice(0, SHOWN),
    ...synergies
      .slice(SHOWN)
      .filter((m) => m.estimate.value < 0)
      .slice(-2),
  ];
  const rows = (list: Matchup[]) => list.map((m) => ({ heroId: m.otherId, estimate: m.estimate }));
  const name = heroName(hero);
  return (
    <div className="grid gap-5 xl:grid-cols-2">
      <Card
        title={t('dota.explorer.counters', { hero: name })}
        subtitle={t('dota.explorer.countersHint', { hero: name })}
      >
        {best.length + worst.length === 0 ? (
          <Empty>{t('dota.explorer.none')}</Empty>
        ) : (
          <DeltaChart
            rows={rows([...best, ...worst])}
            label={t('dota.explorer.counters', { hero: name })}
            testId="counters-chart"
          />
        )}
      </Card>
      <Card
        title={t('dota.explorer.synergies', { hero: name })}
        subtitle={t('dota.explorer.synergiesHint', { hero: name })}
      >
        {pairs.length === 0 ? (
          <Empty>{t('dota.explorer.none')}</Empty>
        ) : (
          <DeltaChart
            rows={rows(pairs)}
            label={t('dota.explorer.synergies', { hero: name })}
            testId="synergies-chart"
          />
        )}
      </Card>
    </div>
  );
}
