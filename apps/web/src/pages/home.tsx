import { createLazyRoute, Link, Navigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useFeed, useHeatmap, useKpis } from '../api/queries';
import type { FeedItem } from '../api/types';
import { PageGate, useCommunityView } from '../components/community';
import { Heatmap } from '../components/heatmap';
import { Card, ClassName, ErrorState, Kpi, PageTitle, QueryState } from '../components/ui';
import { game } from '../i18n/game';
import { type Format, useFormat } from '../lib/format';
import { homePath } from '../lib/modules';

export const Route = createLazyRoute('/c/$cid/')({ component: CommunityHome });

/** `/c/$cid`: the WoW command centre, or the home page of the community's own game (lib/modules.ts). */
function CommunityHome() {
  const { cid, community } = useCommunityView();
  const home = homePath(community);
  if (home) return <Navigate to={home} params={{ cid }} replace />;
  return (
    <PageGate page="home">
      <HomePage />
    </PageGate>
  );
}

function HomePage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const kpis = useKpis(cid);
  const heatmap = useHeatmap(cid);
  const feed = useFeed(cid);
  const k = kpis.data;

  return (
    <div className="space-y-5">
      <PageTitle
        aside={
          <span className="text-sm text-muted">
            {[community.realm, community.region?.toUpperCase()].filter(Boolean).join(' · ')}
          </span>
        }
      >
        {community.name}
      </PageTitle>
      {kpis.error ? (
        <ErrorState error={kpis.error} onRetry={() => kpis.refetch()} />
      ) : (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-busy={kpis.isPending}>
          <Kpi
            testId="kpi-active"
            label={t('home.kpi.activeMembers')}
            value={k ? f.int(k.activeMembers) : '…'}
            hint={k ? t('home.kpi.ofTotal', { total: f.int(k.totalMembers) }) : undefined}
          />
          <Kpi
            testId="kpi-online"
            accent="#4ade80"
            label={t('home.kpi.onlineNow')}
            value={k ? (k.onlineCurrent ? f.int(k.onlineNow) : '—') : '…'}
            hint={
              k?.onlineAt
                ? k.onlineCurrent
                  ? `${t('home.kpi.atSnapshot')} · ${f.ago(k.onlineAt)}`
                  : t('home.kpi.lastSnapshot', { ago: f.ago(k.onlineAt) })
                : undefined
            }
          />
          <Kpi
            testId="kpi-score"
            accent="#a78bfa"
            label={t('home.kpi.averageScore')}
            value={k ? f.int(k.averageScore) : '…'}
          />
          <Kpi
            testId="kpi-messages"
            accent="#fbbf24"
            label={t('home.kpi.messagesWeek')}
            value={k ? f.int(k.messagesThisWeek) : '…'}
            hint={k ? t('home.kpi.lastWeek', { count: f.int(k.messagesPreviousWeek) }) : undefined}
          />
        </div>
      )}
      <div className="grid gap-5 xl:grid-cols-3">
        <Card
          className="xl:col-span-2"
          id="heatmap-title"
          title={t('home.heatmap.title')}
          subtitle={t('home.heatmap.subtitle', { timezone: community.timezone })}
        >
          <QueryState
            query={heatmap}
            rows={5}
            isEmpty={(d) => d.cells.every((c) => c.samples === 0)}
            empty={t('home.heatmap.empty')}
          >
            {(d) => <Heatmap cid={cid} data={d} timezone={community.timezone} />}
          </QueryState>
        </Card>
        <Card id="feed-title" title={t('home.feed.title')}>
          <QueryState
            query={feed}
            rows={6}
            isEmpty={(d) => d.items.length === 0}
            empty={t('home.feed.empty')}
          >
            {(d) => (
              <ol className="space-y-3" data-testid="feed">
                {d.items.map((item) => (
                  <FeedLine key={item.id} item={item} cid={cid} f={f} />
                ))}
              </ol>
            )}
          </QueryState>
        </Card>
      </div>
    </div>
  );
}

const kindStyle: Record<string, { icon: string; color: string }> = {
  join: { icon: '+', color: '#4ade80' },
  leave: { icon: '−', color: '#f87171' },
  rank_change: { icon: '⇅', color: '#a78bfa' },
  score_milestone: { icon: '★', color: '#fbbf24' },
  boss_kill: { icon: '⚔', color: '#f472b6' },
  online_record: { icon: '◉', color: '#22d3ee' },
};

function FeedLine({ item, cid, f }: { item: FeedItem; cid: string; f: Format }) {
  const { t } = useTranslation();
  const style = kindStyle[item.kind] ?? { icon: '•', color: '#9aa4b8' };
  const who = item.characterName ?? item.memberName;
  const cls = item.characterClass;
  const nameEl = who ? (
    item.memberId ? (
      <Link
        to="/c/$cid/members/$memberId"
        params={{ cid, memberId: item.memberId }}
        className="hover:underline"
      >
        <ClassName name={who} cls={cls} short />
      </Link>
    ) : (
      <ClassName name={who} cls={cls} short />
    )
  ) : (
    '?'
  );
  const text = (() => {
    const name = '\u0000';
    // Each kind's data has its own schema (@guildhall/contracts activity-events): no guessing.
    switch (item.kind) {
      case 'join':
      case 'leave':
        return t(`home.feed.${item.kind}`, { name });
      case 'rank_change':
        return t('home.feed.rank_change', { name, rank: item.data.to });
      case 'score_milestone':
        return t('home.feed.score_milestone', { name, score: f.int(item.data.milestone) });
      case 'boss_kill': {
        const { boss, difficulty } = item.data;
        return t('home.feed.boss_kill', {
          boss: game.raid(boss),
          difficulty: t(`raid.difficulty.${difficulty.toLowerCase()}`, { defaultValue: difficulty }),
        });
      }
      case 'online_record':
        return t('home.feed.online_record', { count: item.data.count });
      default:
        return t('home.feed.other', { name, kind: (item as { kind: string }).kind });
    }
  })();
  // The name is rendered as a link inside the translated sentence, wherever the language puts it.
  const [before, after] = text.includes('\u0000') ? (text.split('\u0000') as [string, string]) : [text, ''];
  return (
    <li className="flex gap-3" data-kind={item.kind}>
      <span
        aria-hidden="true"
        className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-lg border text-sm"
        style={{ borderColor: `${style.color}66`, color: style.color, background: `${style.color}14` }}
      >
        {style.icon}
      </span>
      <div className="min-w-0">
        <p className="text-sm leading-snug text-text">
          {before}
          {text.includes('\u0000') && nameEl}
          {after}
        </p>
        <p className="text-xs text-faint">
          <time dateTime={item.at} title={f.dateTime(item.at)}>
            {f.ago(item.at)}
          </time>
        </p>
      </div>
    </li>
  );
}
