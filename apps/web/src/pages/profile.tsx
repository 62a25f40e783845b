import { createLazyRoute, Link, useParams } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useMember, useMemberMythicPlus, useMemberParses } from '../api/queries';
import type { MemberProfile, Parse } from '../api/types';
import { PageGate, useCommunityView } from '../components/community';
import {
  Avatar,
  Card,
  ClassBadge,
  Empty,
  ErrorState,
  isNotFound,
  Loading,
  OnlineDot,
  ParseValue,
  Score,
} from '../components/ui';
import { game } from '../i18n/game';
import { type Format, useFormat } from '../lib/format';
import { classColor, parseColor } from '../lib/wow';
import { MemberRaidHistory } from './telemetry/member-history';

export const Route = createLazyRoute('/c/$cid/members/$memberId')({
  component: () => (
    <PageGate page="member">
      <ProfilePage />
    </PageGate>
  ),
});

const DAY = 86_400_000;
const axis = { stroke: '#6b7590', fontSize: 11, tickLine: false, axisLine: false } as const;
const tooltipStyle = {
  contentStyle: { background: '#1a2030', border: '1px solid #263046', borderRadius: 8, color: '#e6e9f0' },
  labelStyle: { color: '#9aa4b8' },
  cursor: { fill: 'rgb(34 211 238 / 0.08)' },
} as const;

/** Messages per day for the last 30 days ending at the profile's latest day, gaps as zero. */
function last30(chat: MemberProfile['chat'], end: Date): { date: string; count: number }[] {
  const byDate = new Map(chat.map((c) => [c.date, c.count]));
  const out: { date: string; count: number }[] = [];
  for (let i = 29; i >= 0; i--) {
    const d = new Date(end.getTime() - i * DAY).toISOString().slice(0, 10);
    out.push({ date: d, count: byDate.get(d) ?? 0 });
  }
  return out;
}

/** The score at the end of each week, from a history of changes (when the sync gave no weekly series). */
function weekly(
  history: { at: string; score: number }[],
  weeks = 16,
): { week: string; score: number | null }[] {
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  if (!sorted.length) return [];
  const end = new Date(sorted[sorted.length - 1]!.at).getTime();
  const out: { week: string; score: number | null }[] = [];
  let i = 0;
  let current: number | null = null;
  for (let w = weeks - 1; w >= 0; w--) {
    const weekEnd = end - w * 7 * DAY;
    while (i < sorted.length && new Date(sorted[i]!.at).getTime() <= weekEnd) current = sorted[i++]!.score;
    out.push({ week: new Date(weekEnd).toISOString().slice(0, 10), score: current });
  }
  return out.filter((p) => p.score !== null);
}

const bracketColors: Record<string, string> = {
  grey: '#9d9d9d',
  green: '#1eff00',
  blue: '#0070ff',
  purple: '#a335ee',
  orange: '#ff8000',
  pink: '#e268a8',
  gold: '#e5cc80',
};
const difficultyRank: Record<string, number> = { mythic: 4, heroic: 3, normal: 2, lfr: 1 };

/** Per boss, the best parse at the highest difficulty that has one. */
function bestPerBoss(items: Parse[]): Parse[] {
  const byBoss = new Map<number, Parse>();
  for (const p of items) {
    if (p.bestPercent === null) continue;
    const cur = byBoss.get(p.encounterId);
    const better =
      !cur ||
      (difficultyRank[p.difficulty] ?? 0) > (difficultyRank[cur.difficulty] ?? 0) ||
      (p.difficulty === cur.difficulty && (p.bestPercent ?? 0) > (cur.bestPercent ?? 0));
    if (better) byBoss.set(p.encounterId, p);
  }
  return [...byBoss.values()].sort((a, b) => a.encounterId - b.encounterId);
}

function ProfilePage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const { memberId } = useParams({ from: '/c/$cid/members/$memberId' });
  const f = useFormat(community.timezone);
  const member = useMember(cid, memberId);

  if (member.isPending) {
    return (
      <div className="card p-5">
        <Loading rows={6} />
      </div>
    );
  }
  if (member.error) {
    return isNotFound(member.error) ? (
      <Empty>{t('profile.notFound')}</Empty>
    ) : (
      <ErrorState error={member.error} onRetry={() => member.refetch()} />
    );
  }
  return <Profile m={member.data} cid={cid} memberId={memberId} f={f} />;
}

function Profile({ m, cid, memberId, f }: { m: MemberProfile; cid: string; memberId: string; f: Format }) {
  const { t } = useTranslation();
  const { canSee } = useCommunityView();
  const main = m.characters.find((c) => c.isMain) ?? m.characters[0];
  const color = classColor(main?.class);
  const mplus = useMemberMythicPlus(cid, memberId);
  const parses = useMemberParses(cid, memberId);
  // The 30 days end at the member's latest chat day, so a quiet member's last month still shows.
  const chatEnd = useMemo(() => {
    const last = m.chat[m.chat.length - 1]?.date;
    return last ? new Date(`${last}T12:00:00Z`) : m.lastSeen ? new Date(m.lastSeen) : new Date();
  }, [m]);
  const chat = useMemo(() => last30(m.chat, chatEnd), [m.chat, chatEnd]);
  const chatTotal = chat.reduce((s, d) => s + d.count, 0);
  const mainRuns = mplus.data?.characters.find((c) => c.isMain) ?? mplus.data?.characters[0];
  const scoreHistory = useMemo(() => {
    if (mainRuns?.weekly.length) return mainRuns.weekly.slice(-16);
    return weekly(m.scores.filter((s) => !main || s.characterId === main.id));
  }, [mainRuns, m.scores, main]);
  const bestRuns = mainRuns?.bestRuns ?? [];
  const bossParses = useMemo(() => bestPerBoss(parses.data?.items ?? []), [parses.data]);
  const online = main?.online ?? false;
  const score = main?.score ?? mainRuns?.score ?? null;
  const itemLevel = main?.itemLevel ?? mainRuns?.itemLevel ?? null;
  const avatar = main?.avatarUrl ?? mainRuns?.avatarUrl ?? null;

  return (
    <div className="space-y-5">
      <Link to="/c/$cid/roster" params={{ cid }} className="text-sm text-muted hover:text-accent-strong">
        ← {t('profile.back')}
      </Link>
      <section
        className="card relative overflow-hidden p-5"
        style={{ background: `linear-gradient(120deg, ${color}2e, #121722 55%)` }}
        data-testid="profile-header"
      >
        {main?.renderUrl && (
          <img
            src={main.renderUrl}
            alt=""
            onError={(e) => {
              e.currentTarget.style.display = 'none';
            }}
            className="pointer-events-none absolute inset-y-0 right-0 hidden h-full w-1/2 object-cover object-top opacity-30 [mask-image:linear-gradient(to_left,black,transparent)] md:block"
          />
        )}
        <div className="relative flex flex-wrap items-center gap-4">
          <Avatar name={m.name} cls={main?.class} url={avatar} size={72} />
          <div className="min-w-0 flex-1 basis-48">
            <h1 className="h-display flex items-center gap-2 text-2xl sm:text-3xl" style={{ color }}>
              {main?.name.split('-')[0] ?? m.name}
              <OnlineDot online={online} lastSeen={main?.lastSeen ?? m.lastSeen} withText />
            </h1>
            <p className="text-sm text-muted">
              {[main?.realm, main?.rank, main?.level ? t('profile.level', { level: main.level }) : null]
                .filter(Boolean)
                .join(' · ')}
            </p>
            <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
              <ClassBadge cls={main?.class} />
              {main?.spec && <span className="chip">{game.spec(main.spec)}</span>}
              {main?.role && <span className="chip">{t(`roles.${main.role}`)}</span>}
              {!m.active && <span className="chip !border-warn/50 !text-warn">{t('profile.inactive')}</span>}
            </div>
          </div>
          <dl className="grid w-full grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 lg:w-auto">
            <div>
              <dt className="text-xs text-muted uppercase">{t('profile.score')}</dt>
              <dd className="h-display text-xl">
                <Score value={score} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted uppercase">{t('profile.itemLevel')}</dt>
              <dd className="h-display text-xl tabular-nums">{f.one(itemLevel)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted uppercase">{t('profile.lastSeen')}</dt>
              <dd className="tabular-nums" title={f.dateTime(m.lastSeen)}>
                {m.lastSeen ? f.ago(m.lastSeen) : t('state.never')}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted uppercase">{t('profile.firstSeen')}</dt>
              <dd>{f.date(m.firstSeen)}</dd>
            </div>
          </dl>
        </div>
        {m.officerNote && (
          <p className="mt-4 rounded-lg border border-violet/40 bg-violet/5 px-3 py-2 text-sm">
            <span className="text-violet">{t('profile.officerNote')}:</span> {m.officerNote}
          </p>
        )}
      </section>

      <div className="grid gap-5 lg:grid-cols-2">
        <Card
          title={t('profile.activity')}
          subtitle={`${t('profile.activitySubtitle')} · ${f.int(chatTotal)}`}
        >
          {chatTotal === 0 ? (
            <Empty>{t('profile.noChat')}</Empty>
          ) : (
            <div className="h-56" data-testid="chat-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chat} margin={{ top: 5, right: 5, bottom: 0, left: -20 }}>
                  <CartesianGrid stroke="#263046" vertical={false} />
                  <XAxis
                    dataKey="date"
                    {...axis}
                    tickFormatter={(d: string) => f.shortDate(`${d}T12:00:00Z`)}
                    minTickGap={24}
                  />
                  <YAxis {...axis} allowDecimals={false} />
                  <Tooltip
                    {...tooltipStyle}
                    labelFormatter={(d) => f.date(`${String(d)}T12:00:00Z`)}
                    formatter={(v) => [f.int(Number(v)), t('profile.messages')]}
                  />
                  <Bar dataKey="count" fill="#22d3ee" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
        </Card>
        <Card title={t('profile.scoreHistory')}>
          {scoreHistory.length === 0 ? (
            <Empty>{t('profile.noScores')}</Empty>
          ) : (
            <div className="h-56" data-testid="score-chart">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={scoreHistory} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
                  <CartesianGrid stroke="#263046" vertical={false} />
                  <XAxis
                    dataKey="week"
                    {...axis}
                    tickFormatter={(d: string) => f.shortDate(`${d}T12:00:00Z`)}
                    minTickGap={24}
                  />
                  <YAxis
                    {...axis}
                    domain={[
                      (min: number) => Math.floor((min - 50) / 100) * 100,
                      (max: number) => Math.ceil((max + 50) / 100) * 100,
                    ]}
                    tickFormatter={(v: number) => f.int(v)}
                  />
                  <Tooltip
                    {...tooltipStyle}
                    labelFormatter={(d) => `${t('profile.week')} ${f.date(`${String(d)}T12:00:00Z`)}`}
                    formatter={(v) => [f.int(Number(v)), t('profile.score')]}
                  />
                  <Line
                    type="monotone"
                    dataKey="score"
                    stroke="#a78bfa"
                    strokeWidth={2.5}
                    dot={{ r: 2.5, fill: '#a78bfa' }}
                    connectNulls
                    isAnimationActive={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            </div>
          )}
        </Card>

        <Card title={t('profile.bestRuns')}>
          {mplus.isPending ? (
            <Loading />
          ) : !bestRuns.length ? (
            <Empty>{t('profile.noRuns')}</Empty>
          ) : (
            <div className="-mx-4 overflow-x-auto sm:-mx-5">
              <table className="w-full" data-testid="best-runs">
                <thead className="border-b border-line">
                  <tr>
                    <th className="th">{t('profile.dungeon')}</th>
                    <th className="th text-right">{t('profile.keyLevel')}</th>
                    <th className="th text-right">{t('profile.time')}</th>
                    <th className="th">{t('profile.upgrades')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...bestRuns]
                    .sort((a, b) => b.level - a.level || a.dungeonName.localeCompare(b.dungeonName))
                    .map((r) => (
                      <tr key={r.dungeon} className="border-b border-line/50">
                        <td className="td">{game.dungeon(r.dungeonName)}</td>
                        <td
                          className={`td text-right font-semibold tabular-nums ${r.upgrades > 0 ? 'text-accent-strong' : 'text-muted'}`}
                        >
                          +{r.level}
                        </td>
                        <td className="td text-right text-muted tabular-nums">
                          {f.duration(r.clearTimeMs)}
                          {r.parTimeMs ? (
                            <span className="text-faint"> / {f.duration(r.parTimeMs)}</span>
                          ) : null}
                        </td>
                        <td className="td">
                          {r.upgrades > 0 ? (
                            <span className="text-warn" role="img" aria-label={`+${r.upgrades}`}>
                              {'★'.repeat(Math.max(1, Math.min(3, r.upgrades)))}
                            </span>
                          ) : (
                            <span className="text-xs text-faint">{t('profile.depleted')}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card title={t('profile.wcl')} subtitle={game.raid(parses.data?.zone?.name)}>
          {parses.isPending ? (
            <Loading />
          ) : !bossParses.length ? (
            <Empty>{t('profile.noParses')}</Empty>
          ) : (
            <ul className="space-y-2" data-testid="parses">
              {bossParses.map((p) => (
                <li key={`${p.encounterId}-${p.difficulty}`} className="flex items-center gap-3">
                  <span className="min-w-0 flex-1 truncate text-sm">
                    {game.raid(p.encounterName)}
                    <span className="ml-2 text-xs text-faint">
                      {t(`raid.difficulty.${p.difficulty.toLowerCase()}`, { defaultValue: p.difficulty })}
                    </span>
                  </span>
                  <span className="h-2 w-28 overflow-hidden rounded-full bg-raised sm:w-40">
                    <span
                      className="block h-full rounded-full"
                      style={{
                        width: `${Math.max(2, p.bestPercent ?? 0)}%`,
                        background:
                          (p.bestBracket && bracketColors[p.bestBracket]) || parseColor(p.bestPercent),
                      }}
                    />
                  </span>
                  <span className="w-8 text-right">
                    <ParseValue value={p.bestPercent} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('profile.rankHistory')}>
          {m.ranks.length === 0 ? (
            <Empty>{t('profile.noRanks')}</Empty>
          ) : (
            <ol className="space-y-2" data-testid="rank-history">
              {m.ranks.map((r) => (
                <li
                  key={`${r.at}-${r.kind}-${r.to}`}
                  className="flex flex-wrap items-baseline gap-x-3 text-sm"
                >
                  <time className="w-28 shrink-0 text-xs text-faint" dateTime={r.at}>
                    {f.date(r.at)}
                  </time>
                  <span>
                    {r.kind === 'rank_change' ? (
                      <>
                        <span className="text-muted">{r.from ?? '—'}</span> → <strong>{r.to ?? '—'}</strong>
                      </>
                    ) : (
                      t(`home.feed.${r.kind}`, { name: m.name.split('-')[0] })
                    )}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card title={t('profile.characters')}>
          <ul className="divide-y divide-line/60">
            {m.characters.map((c) => (
              <li key={c.id} className="flex items-center gap-3 py-2">
                <OnlineDot online={c.online} lastSeen={c.lastSeen} />
                <span className="min-w-0 flex-1">
                  <span className="font-semibold" style={{ color: classColor(c.class) }}>
                    {c.name}
                  </span>
                  {c.isMain && <span className="chip ml-2 !py-0 text-[10px]">{t('profile.main')}</span>}
                  <span className="block text-xs text-faint">
                    {[c.rank, c.level ? t('profile.level', { level: c.level }) : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </span>
                <Score value={c.score} />
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {canSee('logs') && <MemberRaidHistory cid={cid} memberId={memberId} f={f} />}
    </div>
  );
}
