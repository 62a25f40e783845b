import type { TChampionship, TChampionshipInput, TEvent } from '@guildhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { communityPath } from '../../api/queries';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Empty, Notice, PageTitle, QueryState } from '../../components/ui';
import { EventsTabs, StatusBadge, useZoneFormat } from './common';
import { useChampionships, useEvents, useRefreshEvents, useStandings } from './queries';

export const Route = createLazyRoute('/c/$cid/events/championships')({
  component: () => (
    <PageGate page="events">
      <ChampionshipsPage />
    </PageGate>
  ),
});

function ChampionshipsPage() {
  const { t } = useTranslation();
  const { cid, isOfficer } = useCommunityView();
  const list = useChampionships(cid);
  const [picked, setPicked] = useState<string | null>(null);
  const current = list.data?.items.find((c) => c.id === picked) ?? list.data?.items[0] ?? null;
  return (
    <div className="space-y-5">
      <PageTitle>{t('events.championships.title')}</PageTitle>
      <EventsTabs current="championships" />
      <div className="grid gap-5 lg:grid-cols-[1fr_2fr]">
        <div className="min-w-0 space-y-5">
          <Card title={t('events.championships.title')}>
            <QueryState
              query={list}
              isEmpty={(d) => d.items.length === 0}
              empty={t('events.championships.none')}
            >
              {(d) => (
                <ul className="space-y-1" data-testid="championships">
                  {d.items.map((c) => (
                    <li key={c.id}>
                      <button
                        type="button"
                        aria-pressed={current?.id === c.id}
                        onClick={() => setPicked(c.id)}
                        className={`w-full rounded-lg px-3 py-2 text-left text-sm ${
                          current?.id === c.id ? 'bg-accent/15 ring-1 ring-accent/50' : 'hover:bg-raised'
                        }`}
                      >
                        <span className="font-medium">{c.name}</span>{' '}
                        <span className="text-xs text-muted">{c.season}</span>
                        <span className="block text-xs text-faint">
                          <SystemText c={c} />
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </QueryState>
          </Card>
          {isOfficer && <CreateCard onCreated={setPicked} />}
        </div>
        <div className="min-w-0 space-y-5">{current && <ChampionshipView c={current} />}</div>
      </div>
    </div>
  );
}

function SystemText({ c }: { c: TChampionship }) {
  const { t } = useTranslation();
  return (
    <>
      {t('events.championships.system', {
        positions: c.pointsSystem.positions.join('-'),
        fastest: c.pointsSystem.fastestLap,
        mode:
          c.pointsSystem.penaltyMode === 'time'
            ? t('events.championships.penaltyTime')
            : t('events.championships.penaltyPoints'),
      })}
    </>
  );
}

function CreateCard({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const refresh = useRefreshEvents(cid);
  const [form, setForm] = useState({
    name: '',
    season: String(new Date().getFullYear()),
    points: '25, 18, 15, 12, 10, 8, 6, 4, 2, 1',
    fastestLap: '1',
    penaltyMode: 'time' as 'time' | 'points',
    dropWorst: '0',
  });
  const [bad, setBad] = useState(false);
  const create = useMutation({
    mutationFn: (body: TChampionshipInput) =>
      api<TChampionship>(`${communityPath(cid)}/championships`, { method: 'POST', body }),
    onSuccess: (c) => {
      void refresh();
      onCreated(c.id);
      setForm((f) => ({ ...f, name: '' }));
    },
  });
  const input = (
    id: 'name' | 'season' | 'points' | 'fastestLap' | 'dropWorst',
    label: string,
    hint?: string,
  ) => (
    <div>
      <label className="label" htmlFor={`ch-${id}`}>
        {label}
      </label>
      <input
        id={`ch-${id}`}
        className="input"
        value={form[id]}
        onChange={(e) => setForm((s) => ({ ...s, [id]: e.target.value }))}
      />
      {hint && <p className="mt-1 text-xs text-faint">{hint}</p>}
    </div>
  );
  return (
    <Card title={t('events.championships.create')}>
      <form
        className="space-y-3"
        data-testid="create-championship"
        onSubmit={(e) => {
          e.preventDefault();
          const positions = form.points
            .split(/[,\s]+/)
            .filter(Boolean)
            .map(Number);
          const ok =
            positions.length > 0 && positions.every((n) => Number.isInteger(n) && n >= 0 && n <= 1000);
          setBad(!ok);
          if (!ok) return;
          create.mutate({
            name: form.name,
            season: form.season,
            pointsSystem: {
              positions,
              fastestLap: Number(form.fastestLap) || 0,
              penaltyMode: form.penaltyMode,
              dropWorst: Number(form.dropWorst) || 0,
            },
          });
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          {input('name', t('events.championships.name'))}
          {input('season', t('events.championships.season'))}
        </div>
        {input('points', t('events.championships.points'), t('events.championships.pointsHint'))}
        {bad && <p className="text-sm text-bad">{t('events.championships.pointsInvalid')}</p>}
        <div className="grid gap-3 sm:grid-cols-2">
          {input('fastestLap', t('events.championships.fastestLap'))}
          {input('dropWorst', t('events.championships.dropWorst'))}
        </div>
        <div>
          <label className="label" htmlFor="ch-penalty">
            {t('events.championships.penaltyMode')}
          </label>
          <select
            id="ch-penalty"
            className="input"
            value={form.penaltyMode}
            onChange={(e) => setForm((s) => ({ ...s, penaltyMode: e.target.value as 'time' | 'points' }))}
          >
            <option value="time">{t('events.championships.penaltyTime')}</option>
            <option value="points">{t('events.championships.penaltyPoints')}</option>
          </select>
        </div>
        {create.error && <Notice kind="bad">{(create.error as Error).message}</Notice>}
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('events.championships.create')}
        </button>
      </form>
    </Card>
  );
}

function ChampionshipView({ c }: { c: TChampionship }) {
  const { t } = useTranslation();
  const { cid, isOfficer } = useCommunityView();
  const standings = useStandings(cid, c.id);
  const events = useEvents(cid, { limit: 500 });
  const zf = useZoneFormat();
  const refresh = useRefreshEvents(cid);
  const [eventId, setEventId] = useState('');
  const add = useMutation({
    mutationFn: (id: string) =>
      api(`${communityPath(cid)}/championships/${c.id}/events`, { method: 'POST', body: { eventId: id } }),
    onSuccess: () => {
      setEventId('');
      void refresh();
    },
  });
  const byId = new Map<string, TEvent>((events.data?.items ?? []).map((e) => [e.id, e]));
  const inIt = c.eventIds.map((id) => byId.get(id)).filter((e): e is TEvent => Boolean(e));
  return (
    <>
      <Card title={`${t('events.championships.standings')} · ${c.name}`} subtitle={<SystemText c={c} />}>
        <QueryState
          query={standings}
          isEmpty={(d) => d.items.length === 0}
          empty={t('events.championships.noStandings')}
        >
          {(d) => {
            const top = Math.max(1, ...d.items.map((s) => s.points));
            return (
              <div className="-mx-4 overflow-x-auto sm:-mx-5">
                <table className="w-full min-w-[480px]" data-testid="standings">
                  <thead className="border-b border-line">
                    <tr>
                      <th className="th text-right">{t('events.championships.pos')}</th>
                      <th className="th">{t('events.championships.driver')}</th>
                      <th className="th w-1/3">{t('events.championships.pts')}</th>
                      <th className="th text-right">{t('events.championships.wins')}</th>
                      <th className="th text-right">{t('events.championships.rounds')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.items.map((s) => (
                      <tr key={s.discordUserId} className="border-b border-line/50">
                        <td className="td text-right tabular-nums">{s.position}</td>
                        <td className="td font-medium">{s.displayName}</td>
                        <td className="td">
                          <div className="flex items-center gap-2">
                            <div
                              className="h-2 flex-1 overflow-hidden rounded-full bg-raised"
                              aria-hidden="true"
                            >
                              <div
                                className="h-full rounded-full bg-accent"
                                style={{ width: `${(s.points / top) * 100}%` }}
                              />
                            </div>
                            <span className="w-10 text-right font-semibold tabular-nums">{s.points}</span>
                          </div>
                        </td>
                        <td className="td text-right tabular-nums">{s.wins}</td>
                        <td className="td text-right tabular-nums">{s.rounds}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </QueryState>
      </Card>
      <Card title={t('events.championships.events')}>
        {inIt.length === 0 ? (
          <Empty>{t('events.championships.noEvents')}</Empty>
        ) : (
          <ul className="divide-y divide-line/60">
            {inIt.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-3 py-2">
                <Link
                  to="/c/$cid/events/$eventId"
                  params={{ cid, eventId: e.id }}
                  className="flex-1 font-medium text-accent-strong hover:underline"
                >
                  {e.title}
                </Link>
                <span className="text-sm text-muted">{zf(e.timeZone).dateTime(e.startsAt)}</span>
                <StatusBadge status={e.status} />
              </li>
            ))}
          </ul>
        )}
        {isOfficer && (
          <form
            className="mt-4 flex flex-wrap gap-2"
            onSubmit={(ev) => {
              ev.preventDefault();
              if (eventId) add.mutate(eventId);
            }}
          >
            <select
              className="input w-auto min-w-0 flex-1"
              aria-label={t('events.championships.pickEvent')}
              value={eventId}
              onChange={(ev) => setEventId(ev.target.value)}
            >
              <option value="">{t('events.championships.pickEvent')}</option>
              {(events.data?.items ?? [])
                .filter((e) => !c.eventIds.includes(e.id))
                .map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.title}
                  </option>
                ))}
            </select>
            <button type="submit" className="btn" disabled={!eventId || add.isPending}>
              {t('events.championships.addEvent')}
            </button>
          </form>
        )}
        {add.error && (
          <div className="mt-2">
            <Notice kind="bad">{(add.error as Error).message}</Notice>
          </div>
        )}
      </Card>
    </>
  );
}
