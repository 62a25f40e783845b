import { createLazyRoute, Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMythicOverview, useTeamCandidates } from '../api/queries';
import type { TeamCandidate } from '../api/types';
import { PageGate, useCommunityView } from '../components/community';
import {
  Card,
  ClassName,
  Empty,
  ErrorState,
  Loading,
  OnlineDot,
  PageTitle,
  QueryState,
  Score,
} from '../components/ui';
import { game } from '../i18n/game';
import { useFormat } from '../lib/format';
import { checkTeam } from '../lib/team';
import { classColor } from '../lib/wow';

export const Route = createLazyRoute('/c/$cid/mythic-plus')({
  component: () => (
    <PageGate page="leaderboard">
      <MythicPage />
    </PageGate>
  ),
});

function MythicPage() {
  const { t } = useTranslation();
  const { cid, role } = useCommunityView();
  const overview = useMythicOverview(cid);
  return (
    <div className="space-y-5">
      <PageTitle>{t('mythic.title')}</PageTitle>
      <QueryState
        query={overview}
        rows={6}
        isEmpty={(d) => d.top.length === 0 && d.dungeons.length === 0}
        empty={t('mythic.empty')}
      >
        {(d) => (
          <div className="grid gap-5 xl:grid-cols-3">
            <Card title={t('mythic.top')} id="top10">
              <ol className="space-y-1.5" data-testid="top10">
                {d.top.map((m, i) => (
                  <li
                    key={m.id}
                    className="flex items-center gap-3 rounded-lg px-2 py-1.5 hover:bg-raised/60"
                  >
                    <span
                      className={`h-display w-6 text-right text-lg ${i < 3 ? 'text-warn' : 'text-faint'}`}
                      aria-hidden="true"
                    >
                      {i + 1}
                    </span>
                    <Link
                      to="/c/$cid/members/$memberId"
                      params={{ cid, memberId: m.id }}
                      className="min-w-0 flex-1 truncate hover:underline"
                    >
                      <ClassName name={m.name} cls={m.class} short />
                      {m.spec && <span className="ml-2 text-xs text-faint">{game.spec(m.spec)}</span>}
                    </Link>
                    <Score value={m.score} />
                  </li>
                ))}
              </ol>
            </Card>
            <Card className="xl:col-span-2" title={t('mythic.grid')} subtitle={t('mythic.gridHint')}>
              <DungeonGrid data={d.dungeons} cid={cid} />
            </Card>
          </div>
        )}
      </QueryState>
      {role && <TeamBuilder />}
    </div>
  );
}

function DungeonGrid({
  data,
  cid,
}: {
  data: NonNullable<ReturnType<typeof useMythicOverview>['data']>['dungeons'];
  cid: string;
}) {
  const { t } = useTranslation();
  const levels = [20, 15, 10];
  if (!data.length) return <Empty>{t('mythic.empty')}</Empty>;
  const names = (members: { id: string; name: string; class: string | null; best: number }[], max: number) =>
    members.length === 0 ? (
      <span className="text-xs text-faint">{t('mythic.nobody')}</span>
    ) : (
      <span className="flex flex-wrap gap-1">
        {members.slice(0, max).map((m) => (
          <Link
            key={m.id}
            to="/c/$cid/members/$memberId"
            params={{ cid, memberId: m.id }}
            className="rounded bg-raised px-1.5 py-0.5 text-xs hover:ring-1 hover:ring-accent/50"
            title={`+${m.best}`}
          >
            <ClassName name={m.name} cls={m.class} short />
          </Link>
        ))}
        {members.length > max && (
          <span className="px-1 text-xs text-faint">{t('mythic.more', { count: members.length - max })}</span>
        )}
      </span>
    );
  return (
    <>
      {/* Phones: one card per dungeon. */}
      <ul className="space-y-3 sm:hidden">
        {data.map((row) => (
          <li key={row.dungeon} className="rounded-lg border border-line bg-bg/40 p-3">
            <p className="font-medium">{game.dungeon(row.dungeon)}</p>
            <dl className="mt-2 space-y-1.5">
              {levels.map((l) => (
                <div key={l} className="grid grid-cols-[2.5rem_1fr] items-start gap-2">
                  <dt className="text-xs font-semibold text-muted">+{l}</dt>
                  <dd>{names(row.tiers.find((x) => x.level === l)?.members ?? [], 4)}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
      <div className="-mx-4 hidden overflow-x-auto sm:-mx-5 sm:block">
        <table className="w-full min-w-[560px]" data-testid="dungeon-grid">
          <thead className="border-b border-line">
            <tr>
              <th className="th">{t('profile.dungeon')}</th>
              {levels.map((l) => (
                <th key={l} className="th">
                  +{l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((row) => (
              <tr key={row.dungeon} className="border-b border-line/50 align-top">
                <th scope="row" className="td text-left font-medium">
                  {game.dungeon(row.dungeon)}
                </th>
                {levels.map((l) => (
                  <td key={l} className="td !whitespace-normal" data-level={l}>
                    {names(row.tiers.find((x) => x.level === l)?.members ?? [], 6)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function TeamBuilder() {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const f = useFormat();
  const candidates = useTeamCandidates(cid);
  const [picked, setPicked] = useState<TeamCandidate[]>([]);
  const [q, setQ] = useState('');
  const [onlyOnline, setOnlyOnline] = useState(false);
  const check = checkTeam(picked);
  const list = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (candidates.data?.items ?? [])
      .filter((c) => !picked.some((p) => p.id === c.id))
      .filter((c) => (onlyOnline ? c.online : true))
      .filter((c) => (needle ? c.name.toLowerCase().includes(needle) : true))
      .slice(0, 40);
  }, [candidates.data, picked, q, onlyOnline]);
  const full = picked.length >= 5;

  return (
    <Card title={t('mythic.team.title')} subtitle={t('mythic.team.hint')} id="team-builder">
      <div className="grid gap-5 lg:grid-cols-2">
        <div>
          <div className="flex flex-wrap items-end gap-3">
            <div className="min-w-48 flex-1">
              <label className="label" htmlFor="team-q">
                {t('mythic.team.search')}
              </label>
              <input
                id="team-q"
                className="input"
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                autoComplete="off"
              />
            </div>
            <label className="flex items-center gap-2 pb-1.5 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-cyan-400"
                checked={onlyOnline}
                onChange={(e) => setOnlyOnline(e.target.checked)}
                data-testid="team-only-online"
              />
              {t('mythic.team.onlyOnline')}
            </label>
          </div>
          <div
            className="mt-3 max-h-80 overflow-y-auto rounded-lg border border-line"
            data-testid="team-candidates"
          >
            {candidates.isPending ? (
              <div className="p-3">
                <Loading />
              </div>
            ) : candidates.error ? (
              <ErrorState error={candidates.error} onRetry={() => candidates.refetch()} />
            ) : list.length === 0 ? (
              <p className="p-3 text-sm text-muted">{t('mythic.team.noMatch')}</p>
            ) : (
              <ul>
                {list.map((c) => (
                  <li key={c.id} className="border-b border-line/50 last:border-0">
                    <button
                      type="button"
                      disabled={full}
                      onClick={() => {
                        setPicked([...picked, c]);
                        setQ('');
                      }}
                      aria-label={t('mythic.team.add', { name: c.name })}
                      data-testid="team-candidate"
                      data-name={c.name}
                      className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm hover:bg-raised disabled:opacity-50"
                    >
                      <OnlineDot online={c.online} lastSeen={c.lastSeen} />
                      <ClassName name={c.name} cls={c.class} short />
                      <span className="text-xs text-faint">
                        {[game.spec(c.spec), c.role ? t(`roles.${c.role}`) : null]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      <span className="ml-auto">
                        <Score value={c.score} />
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
        <div>
          <div className="flex items-center justify-between">
            <p className="text-sm text-muted">{t('mythic.team.slots', { count: picked.length })}</p>
            {picked.length > 0 && (
              <button type="button" className="btn" onClick={() => setPicked([])}>
                {t('mythic.team.clear')}
              </button>
            )}
          </div>
          <ul className="mt-2 space-y-1.5" data-testid="team-picked">
            {Array.from({ length: 5 }, (_, i) => {
              const m = picked[i];
              return (
                <li
                  key={m?.id ?? `empty-${i}`}
                  className="flex h-10 items-center gap-2 rounded-lg border px-3 text-sm"
                  style={{
                    borderColor: m ? `${classColor(m.class)}88` : '#263046',
                    borderStyle: m ? 'solid' : 'dashed',
                  }}
                >
                  {m ? (
                    <>
                      <ClassName name={m.name} cls={m.class} short />
                      <span className="text-xs text-faint">{m.role ? t(`roles.${m.role}`) : '—'}</span>
                      <span className="ml-auto">
                        <Score value={m.score} />
                      </span>
                      <button
                        type="button"
                        className="ml-2 rounded px-1.5 text-muted hover:text-bad"
                        aria-label={t('mythic.team.remove', { name: m.name })}
                        onClick={() => setPicked(picked.filter((p) => p.id !== m.id))}
                      >
                        ✕
                      </button>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <dl className="mt-4 grid gap-2 text-sm" data-testid="team-check">
            <div className="flex items-center justify-between rounded-lg bg-raised/60 px-3 py-2">
              <dt className="text-muted">{t('mythic.team.average')}</dt>
              <dd className="h-display text-xl" data-testid="team-average">
                {check.averageScore === null ? '—' : f.int(check.averageScore)}
              </dd>
            </div>
            <CheckRow
              label={t('mythic.team.roleCheck')}
              ok={check.rolesOk}
              testId="team-roles"
              detail={`${check.roles.tank} ${t('roles.tank')} · ${check.roles.healer} ${t('roles.healer')} · ${check.roles.dps} ${t('roles.dps')}`}
            />
            <CheckRow
              label={t('mythic.team.lust')}
              ok={check.lust.length > 0}
              testId="team-lust"
              detail={
                check.lust.length
                  ? t('mythic.team.providedBy', {
                      names: check.lust.map((m) => m.name.split('-')[0]).join(', '),
                    })
                  : ''
              }
            />
            <CheckRow
              label={t('mythic.team.battleRes')}
              ok={check.battleRes.length > 0}
              testId="team-bres"
              detail={
                check.battleRes.length
                  ? t('mythic.team.providedBy', {
                      names: check.battleRes.map((m) => m.name.split('-')[0]).join(', '),
                    })
                  : ''
              }
            />
          </dl>
        </div>
      </div>
    </Card>
  );
}

function CheckRow(props: { label: string; ok: boolean; detail: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div
      className={`flex flex-wrap items-center justify-between gap-2 rounded-lg border px-3 py-2 ${props.ok ? 'border-good/40 bg-good/5' : 'border-bad/40 bg-bad/5'}`}
      data-testid={props.testId}
      data-ok={props.ok}
    >
      <dt className="text-muted">{props.label}</dt>
      <dd className={`text-right ${props.ok ? 'text-good' : 'text-bad'}`}>
        <span className="mr-2 font-semibold">
          {props.ok ? `✓ ${t('mythic.team.ok')}` : `✗ ${t('mythic.team.missing')}`}
        </span>
        <span className="text-xs text-muted">{props.detail}</span>
      </dd>
    </div>
  );
}
