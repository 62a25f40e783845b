import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { communityPath, useAttendance, useRaidProgress, useWclAttendance } from '../api/queries';
import type { Attendance, Community, RaidProgress, WclAttendance } from '../api/types';
import { PageGate, useCommunityView } from '../components/community';
import { Card, ClassName, Empty, ErrorState, Loading, Notice, PageTitle } from '../components/ui';
import { game } from '../i18n/game';
import { type Format, useFormat } from '../lib/format';

export const Route = createLazyRoute('/c/$cid/raid')({
  component: () => (
    <PageGate page="raid">
      <RaidPage />
    </PageGate>
  ),
});

const difficultyOrder = ['mythic', 'heroic', 'normal', 'lfr'];
const difficultyColor: Record<string, string> = {
  mythic: '#ff8000',
  heroic: '#a335ee',
  normal: '#22d3ee',
  lfr: '#4ade80',
};

function RaidPage() {
  const { t } = useTranslation();
  const { cid, community, role } = useCommunityView();
  const f = useFormat(community.timezone);
  const progress = useRaidProgress(cid);
  return (
    <div className="space-y-5">
      <PageTitle>{t('raid.title')}</PageTitle>
      <Card title={t('raid.progress')} subtitle={game.raid(progress.data?.zone?.name)}>
        {progress.isPending ? (
          <Loading />
        ) : progress.error ? (
          <ErrorState error={progress.error} onRetry={() => progress.refetch()} />
        ) : !progress.data.summary.length ? (
          <Empty>{t('raid.noProgress')}</Empty>
        ) : (
          <RaidProgressView data={progress.data} f={f} />
        )}
      </Card>
      <div className="grid gap-5 xl:grid-cols-3">
        <div className="min-w-0 xl:col-span-2">
          <AttendanceCard cid={cid} f={f} />
        </div>
        <RaidNights community={community} canEdit={role === 'owner' || role === 'officer'} f={f} />
      </div>
    </div>
  );
}

function RaidProgressView({ data, f }: { data: RaidProgress; f: Format }) {
  const { t } = useTranslation();
  const summary = [...data.summary].sort(
    (a, b) => difficultyOrder.indexOf(a.difficulty) - difficultyOrder.indexOf(b.difficulty),
  );
  return (
    <div className="space-y-5" data-testid="raid-progress">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {summary.map((s) => {
          const color = difficultyColor[s.difficulty] ?? '#22d3ee';
          return (
            <div key={s.difficulty} className="rounded-lg border border-line bg-bg/40 p-3">
              <div className="flex items-baseline justify-between gap-2">
                <span className="text-sm font-semibold" style={{ color }}>
                  {t(`raid.difficulty.${s.difficulty}`)}
                </span>
                <span className="h-display text-lg tabular-nums">
                  {t('raid.killed', { killed: s.killed, total: s.total })}
                </span>
              </div>
              <div className="mt-2 h-2 overflow-hidden rounded-full bg-raised">
                <div
                  className="h-full rounded-full"
                  style={{
                    width: `${s.total ? (s.killed / s.total) * 100 : 0}%`,
                    background: color,
                    boxShadow: s.killed ? `0 0 10px ${color}` : undefined,
                  }}
                />
              </div>
            </div>
          );
        })}
      </div>
      <div className="-mx-4 overflow-x-auto sm:-mx-5">
        <table className="w-full min-w-[520px]">
          <thead className="border-b border-line">
            <tr>
              <th className="th">{t('profile.boss')}</th>
              {summary.map((s) => (
                <th key={s.difficulty} className="th" style={{ color: difficultyColor[s.difficulty] }}>
                  {t(`raid.difficulty.${s.difficulty}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.bosses.map((b) => (
              <tr key={b.encounterId} className="border-b border-line/50">
                <th scope="row" className="td text-left font-medium">
                  {game.raid(b.name)}
                </th>
                {summary.map((s) => {
                  const kill = b.kills.find((k) => k.difficulty === s.difficulty);
                  return (
                    <td key={s.difficulty} className="td text-xs">
                      {kill?.killed ? (
                        <span
                          className="text-good"
                          title={
                            kill.firstKillAt
                              ? t('raid.firstKill', { date: f.date(kill.firstKillAt) })
                              : undefined
                          }
                        >
                          ✓ {kill.firstKillAt ? f.date(kill.firstKillAt) : ''}
                        </span>
                      ) : (
                        <span className="text-faint">{t('raid.notKilled')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

type SortKey = 'name' | 'addon' | 'wcl';

interface AttendanceRow {
  memberId: string;
  name: string;
  class: string | null;
  attended: number;
  windows: number;
  addon: number | null;
  wclNights: number;
  wcl: number | null;
}

/** Addon presence in raid-night windows and Warcraft Logs attendance, side by side per member. */
function mergeAttendance(addon: Attendance | undefined, wcl: WclAttendance | undefined): AttendanceRow[] {
  const rows = new Map<string, AttendanceRow>();
  for (const a of addon?.items ?? []) {
    rows.set(a.memberId, {
      memberId: a.memberId,
      name: a.name,
      class: a.class,
      attended: a.attended,
      windows: a.windows,
      addon: a.share,
      wclNights: 0,
      wcl: null,
    });
  }
  for (const w of wcl?.items ?? []) {
    if (!w.memberId) continue;
    const row = rows.get(w.memberId);
    if (row) {
      row.wclNights = w.present + w.bench;
      row.wcl = w.share;
    } else {
      rows.set(w.memberId, {
        memberId: w.memberId,
        name: w.name,
        class: w.class,
        attended: 0,
        windows: 0,
        addon: null,
        wclNights: w.present + w.bench,
        wcl: w.share,
      });
    }
  }
  return [...rows.values()];
}

function AttendanceCard({ cid, f }: { cid: string; f: Format }) {
  const { t } = useTranslation();
  const attendance = useAttendance(cid);
  const wcl = useWclAttendance(cid);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'addon', desc: true });
  const hasWcl = (wcl.data?.items.length ?? 0) > 0;
  const rows = useMemo(() => {
    const items = mergeAttendance(attendance.data, wcl.data);
    const dir = sort.desc ? -1 : 1;
    items.sort((a, b) => {
      if (sort.key === 'name') return dir * a.name.localeCompare(b.name);
      const av = a[sort.key] ?? -1;
      const bv = b[sort.key] ?? -1;
      return dir * (av - bv) || a.name.localeCompare(b.name);
    });
    return items;
  }, [attendance.data, wcl.data, sort]);
  const header = (key: SortKey, label: string, right = false) => {
    const active = sort.key === key;
    return (
      <th
        className={`th ${right ? 'text-right' : ''}`}
        aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}
      >
        <button
          type="button"
          className={`inline-flex items-center gap-1 uppercase hover:text-text ${active ? 'text-accent-strong' : ''}`}
          onClick={() => setSort({ key, desc: active ? !sort.desc : key !== 'name' })}
          data-testid={`attendance-sort-${key}`}
        >
          {label}
          <span aria-hidden="true" className="text-[10px]">
            {active ? (sort.desc ? '▼' : '▲') : '↕'}
          </span>
        </button>
      </th>
    );
  };
  const noWindows = (attendance.data?.windows ?? 0) === 0 && !hasWcl;
  return (
    <Card title={t('raid.attendance')} subtitle={t('raid.attendanceHint')}>
      {attendance.isPending ? (
        <Loading rows={6} />
      ) : attendance.error ? (
        <ErrorState error={attendance.error} onRetry={() => attendance.refetch()} />
      ) : noWindows || rows.length === 0 ? (
        <Empty>{t('raid.noAttendance')}</Empty>
      ) : (
        <div className="-mx-4 max-h-[32rem] overflow-auto sm:-mx-5">
          <table className="w-full" data-testid="attendance">
            <thead className="sticky top-0 border-b border-line bg-surface">
              <tr>
                {header('name', t('raid.member'))}
                {header('addon', t('raid.sources.addon'), true)}
                {hasWcl && header('wcl', t('raid.sources.wcl'), true)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.memberId} className="border-b border-line/50">
                  <td className="td">
                    <Link
                      to="/c/$cid/members/$memberId"
                      params={{ cid, memberId: r.memberId }}
                      className="hover:underline"
                    >
                      <ClassName name={r.name} cls={r.class} />
                    </Link>
                  </td>
                  <td className="td text-right">
                    <Share value={r.addon} f={f} detail={`${f.int(r.attended)} / ${f.int(r.windows)}`} />
                  </td>
                  {hasWcl && (
                    <td className="td text-right">
                      <Share value={r.wcl} f={f} detail={r.wclNights ? f.int(r.wclNights) : ''} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function Share({ value, f, detail }: { value: number | null; f: Format; detail: string }) {
  const v = value ?? 0;
  return (
    <span className="inline-flex items-center justify-end gap-2">
      <span className="hidden text-xs text-faint tabular-nums md:inline">{detail}</span>
      <span className="hidden h-1.5 w-16 overflow-hidden rounded-full bg-raised sm:inline-block">
        <span
          className="block h-full rounded-full"
          style={{
            width: `${v * 100}%`,
            background: v >= 0.8 ? '#4ade80' : v >= 0.5 ? '#fbbf24' : '#f87171',
          }}
        />
      </span>
      <span className="w-11 font-semibold tabular-nums">{f.pct(value)}</span>
    </span>
  );
}

interface Night {
  weekday: number;
  start: string;
  minutes: number;
}

/** A night being edited, with a key that survives reordering and removal. */
type EditedNight = Night & { key: number };
let nextNightKey = 0;
const withKey = (n: Night): EditedNight => ({ ...n, key: nextNightKey++ });
const withoutKey = ({ key: _key, ...n }: EditedNight): Night => n;

function RaidNights({ community, canEdit, f }: { community: Community; canEdit: boolean; f: Format }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const nights = community.settings.raidNights ?? [];
  const [editing, setEditing] = useState<EditedNight[] | null>(null);
  const save = useMutation({
    mutationFn: (raidNights: Night[]) =>
      api<Community>(communityPath(community.id), { method: 'PATCH', body: { settings: { raidNights } } }),
    onSuccess: (c) => {
      qc.setQueryData(['community', community.id], c);
      void qc.invalidateQueries({ queryKey: ['attendance', community.id] });
      setEditing(null);
    },
  });
  const end = (n: Night) => {
    const [h, m] = n.start.split(':').map(Number);
    const total = (h ?? 0) * 60 + (m ?? 0) + n.minutes;
    return `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  };
  return (
    <Card
      title={t('raid.raidNights')}
      subtitle={community.timezone}
      actions={
        canEdit && !editing ? (
          <button
            type="button"
            className="btn"
            onClick={() => setEditing(nights.map(withKey))}
            data-testid="edit-nights"
          >
            {t('raid.editNights')}
          </button>
        ) : null
      }
    >
      {save.isSuccess && !editing && (
        <div className="mb-3">
          <Notice kind="good">{t('raid.saved')}</Notice>
        </div>
      )}
      {!editing ? (
        nights.length === 0 ? (
          <Empty>{t('raid.noNights')}</Empty>
        ) : (
          <ul className="space-y-2" data-testid="raid-nights">
            {nights.map((n) => (
              <li
                key={`${n.weekday}-${n.start}-${n.minutes}`}
                className="flex justify-between rounded-lg bg-raised/60 px-3 py-2 text-sm"
              >
                <span className="font-medium">{f.weekday(n.weekday)}</span>
                <span className="text-muted tabular-nums">
                  {n.start}–{end(n)}
                </span>
              </li>
            ))}
          </ul>
        )
      ) : (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(editing.map(withoutKey));
          }}
        >
          {editing.map((n, i) => (
            <fieldset key={n.key} className="grid grid-cols-[1fr_auto_auto_auto] items-end gap-2">
              <legend className="sr-only">
                {t('raid.raidNights')} {i + 1}
              </legend>
              <div>
                <label className="label" htmlFor={`night-day-${i}`}>
                  {t('raid.weekday')}
                </label>
                <select
                  id={`night-day-${i}`}
                  className="input"
                  value={n.weekday}
                  onChange={(e) =>
                    setEditing(
                      editing.map((x, j) => (j === i ? { ...x, weekday: Number(e.target.value) } : x)),
                    )
                  }
                >
                  {[1, 2, 3, 4, 5, 6, 0].map((w) => (
                    <option key={w} value={w}>
                      {f.weekday(w)}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label className="label" htmlFor={`night-start-${i}`}>
                  {t('raid.start')}
                </label>
                <input
                  id={`night-start-${i}`}
                  type="time"
                  className="input"
                  required
                  value={n.start}
                  onChange={(e) =>
                    setEditing(editing.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)))
                  }
                />
              </div>
              <div>
                <label className="label" htmlFor={`night-min-${i}`}>
                  {t('raid.minutes')}
                </label>
                <input
                  id={`night-min-${i}`}
                  type="number"
                  min={15}
                  max={720}
                  step={15}
                  className="input w-24"
                  required
                  value={n.minutes}
                  onChange={(e) =>
                    setEditing(
                      editing.map((x, j) => (j === i ? { ...x, minutes: Number(e.target.value) } : x)),
                    )
                  }
                />
              </div>
              <button
                type="button"
                className="btn btn-danger"
                aria-label={t('raid.removeNight')}
                onClick={() => setEditing(editing.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </fieldset>
          ))}
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="btn"
              disabled={editing.length >= 14}
              onClick={() => setEditing([...editing, withKey({ weekday: 3, start: '20:00', minutes: 180 })])}
            >
              + {t('raid.addNight')}
            </button>
            <button
              type="submit"
              className="btn btn-primary"
              disabled={save.isPending}
              data-testid="save-nights"
            >
              {t('raid.save')}
            </button>
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              {t('raid.cancel')}
            </button>
          </div>
          {save.error && <Notice kind="bad">{(save.error as Error).message}</Notice>}
        </form>
      )}
    </Card>
  );
}
