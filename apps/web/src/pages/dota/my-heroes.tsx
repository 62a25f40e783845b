import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Empty, Notice, PageTitle, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { formatDelta } from './chart';
import { asDelta, heroName, useMyHeroes } from './queries';

export const Route = createLazyRoute('/c/$cid/dota/my-heroes')({
  component: () => (
    <PageGate page="dota">
      <MyHeroesPage />
    </PageGate>
  ),
});

/** The signed-in player's own edge per hero, beyond what their drafts predicted. */
function MyHeroesPage() {
  const { t, i18n } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const q = useMyHeroes(cid);
  const lang = i18n.language;
  return (
    <div className="space-y-5">
      <PageTitle>{t('dota.myHeroes.title')}</PageTitle>
      <QueryState query={q} rows={5}>
        {(data) => {
          if (!data.me)
            return (
              <Card>
                <Empty>{t('state.signInNeeded')}</Empty>
              </Card>
            );
          if (!data.me.steamId)
            return (
              <div data-testid="link-steam">
                <Notice>
                  {t('dota.myHeroes.linkSteam')}{' '}
                  <Link to="/signin" search={{ c: cid }} className="text-accent-strong underline">
                    {t('dota.myHeroes.linkSteamAction')}
                  </Link>
                </Notice>
              </div>
            );
          if (!data.model)
            return (
              <Card>
                <Empty>{t('dota.noModel')}</Empty>
              </Card>
            );
          const rows = data.me.personal;
          const top = Math.max(0.01, ...rows.map((r) => Math.abs(asDelta(r.score))));
          return (
            <Card title={t('dota.myHeroes.table')} subtitle={t('dota.myHeroes.hint')}>
              {rows.length === 0 ? (
                <Empty>{t('dota.myHeroes.thin')}</Empty>
              ) : (
                <div className="overflow-x-auto">
                  <table className="w-full text-sm" data-testid="personal-table">
                    <thead className="text-left text-xs text-muted uppercase">
                      <tr>
                        <th className="py-2 pr-3">{t('dota.myHeroes.hero')}</th>
                        <th className="py-2 pr-3 text-right">{t('dota.myHeroes.games')}</th>
                        <th className="py-2 pr-3 text-right">{t('dota.myHeroes.wins')}</th>
                        <th className="py-2 pr-3 text-right">{t('dota.myHeroes.expected')}</th>
                        <th className="py-2 pr-3">{t('dota.myHeroes.edge')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => {
                        const d = asDelta(r.score);
                        return (
                          <tr key={r.heroId} className="border-t border-line/60" data-testid="personal-row">
                            <td className="py-2 pr-3 text-text">{heroName(r.heroId)}</td>
                            <td className="py-2 pr-3 text-right tabular-nums">{f.int(r.games)}</td>
                            <td className="py-2 pr-3 text-right tabular-nums">{f.int(r.wins)}</td>
                            <td className="py-2 pr-3 text-right tabular-nums">{f.one(r.expectedWins)}</td>
                            <td className="py-2 pr-3">
                              <div className="flex items-center gap-2">
                                <div className="relative h-2.5 w-40 rounded bg-raised" aria-hidden="true">
                                  <div className="absolute inset-y-0 left-1/2 w-px bg-line" />
                                  <div
                                    className={`absolute inset-y-0 rounded ${d >= 0 ? 'bg-good/80' : 'bg-bad/80'}`}
                                    style={
                                      d >= 0
                                        ? { left: '50%', width: `${(d / top) * 50}%` }
                                        : { right: '50%', width: `${(-d / top) * 50}%` }
                                    }
                                  />
                                </div>
                                <span className={`tabular-nums ${d >= 0 ? 'text-good' : 'text-bad'}`}>
                                  {formatDelta(d, lang)}
                                </span>
                              </div>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          );
        }}
      </QueryState>
    </div>
  );
}
