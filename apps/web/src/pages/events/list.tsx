import type { TEvent } from '@guildhall/contracts';
import { createLazyRoute, Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Pager, PageTitle, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';
import type { EventsSearch } from '../../router';
import { dayIn, EventsTabs, StatusBadge, useZoneFormat } from './common';
import { NewEventForm } from './new-event';
import { eventStatuses, PAGE_SIZE, useEvents } from './queries';

export const Route = createLazyRoute('/c/$cid/events')({
  component: () => (
    <PageGate page="events">
      <EventsPage />
    </PageGate>
  ),
});

/** Now, to the minute: a stable query key between renders. */
const nowMinute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();

function EventsPage() {
  const { t } = useTranslation();
  const { isOfficer } = useCommunityView();
  const search = useSearch({ from: '/c/$cid/events' });
  const navigate = useNavigate({ from: '/c/$cid/events' });
  const [creating, setCreating] = useState(false);
  const set = (patch: Partial<EventsSearch>) =>
    navigate({ search: (s: EventsSearch) => ({ ...s, page: undefined, ...patch }), replace: true });
  const calendar = search.view === 'calendar';
  return (
    <div className="space-y-5">
      <PageTitle
        aside={
          isOfficer && !creating ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => setCreating(true)}
              data-testid="new-event"
            >
              {t('events.list.newEvent')}
            </button>
          ) : undefined
        }
      >
        {t('events.title')}
      </PageTitle>
      <EventsTabs current="events" />
      {creating && <NewEventForm onClose={() => setCreating(false)} />}
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto]">
          <div>
            <label className="label" htmlFor="events-q">
              {t('events.list.search')}
            </label>
            <input
              id="events-q"
              className="input"
              placeholder={t('events.list.searchPlaceholder')}
              defaultValue={search.q ?? ''}
              onChange={(e) => set({ q: e.target.value.trim() || undefined })}
            />
          </div>
          <div>
            <label className="label" htmlFor="events-status">
              {t('events.list.status')}
            </label>
            <select
              id="events-status"
              className="input"
              value={search.status ?? ''}
              onChange={(e) => set({ status: (e.target.value || undefined) as EventsSearch['status'] })}
            >
              <option value="">{t('events.list.anyStatus')}</option>
              {eventStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`events.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label className="label" htmlFor="events-when">
              {t('events.list.when')}
            </label>
            <select
              id="events-when"
              className="input"
              disabled={calendar}
              value={search.when ?? 'upcoming'}
              onChange={(e) => set({ when: e.target.value as EventsSearch['when'] })}
            >
              <option value="upcoming">{t('events.list.upcoming')}</option>
              <option value="past">{t('events.list.past')}</option>
              <option value="all">{t('events.list.all')}</option>
            </select>
          </div>
          <fieldset className="flex items-end">
            <legend className="label">{t('events.list.view')}</legend>
            <div className="flex rounded-lg border border-line p-0.5">
              {(['list', 'calendar'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  aria-pressed={(search.view ?? 'list') === v}
                  data-testid={`events-view-${v}`}
                  onClick={() => set({ view: v === 'list' ? undefined : v })}
                  className={`rounded-md px-3 py-1 text-sm ${
                    (search.view ?? 'list') === v ? 'bg-accent/20 text-accent-strong' : 'text-muted'
                  }`}
                >
                  {v === 'list' ? t('events.list.asList') : t('events.list.asCalendar')}
                </button>
              ))}
            </div>
          </fieldset>
        </div>
        {calendar ? <CalendarView search={search} set={set} /> : <ListView search={search} set={set} />}
      </Card>
    </div>
  );
}

interface ViewProps {
  search: EventsSearch;
  set: (patch: Partial<EventsSearch>) => void;
}

function ListView({ search, set }: ViewProps) {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const zf = useZoneFormat();
  const when = search.when ?? 'upcoming';
  const [now] = useState(nowMinute);
  const page = search.page ?? 1;
  const events = useEvents(cid, {
    q: search.q,
    status: search.status,
    from: when === 'upcoming' ? now : undefined,
    to: when === 'past' ? now : undefined,
    page,
  });
  const pages = events.data ? Math.max(1, Math.ceil(events.data.total / PAGE_SIZE)) : 1;
  return (
    <QueryState query={events} isEmpty={(d) => d.items.length === 0} empty={t('events.list.none')}>
      {(data) => (
        <>
          <ul className="divide-y divide-line/60" data-testid="events-list">
            {data.items.map((e) => (
              <li
                key={e.id}
                className="flex flex-wrap items-center gap-x-4 gap-y-1 py-3"
                data-testid="event-row"
              >
                <div className="min-w-0 basis-full sm:flex-1 sm:basis-auto">
                  <Link
                    to="/c/$cid/events/$eventId"
                    params={{ cid, eventId: e.id }}
                    className="font-medium text-accent-strong hover:underline"
                  >
                    {e.title}
                  </Link>
                  <p className="text-sm text-muted">
                    {zf(e.timeZone).dateTime(e.startsAt)}{' '}
                    <span className="text-xs text-faint">{e.timeZone}</span>
                  </p>
                </div>
                <StatusBadge status={e.status} />
                <Seats event={e} />
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <Pager page={page} pages={pages} onChange={(n) => set({ page: n })} className="mt-4" />
          )}
        </>
      )}
    </QueryState>
  );
}

function Seats({ event }: { event: TEvent }) {
  const { t } = useTranslation();
  const confirmed = event.signups?.confirmed ?? 0;
  const waiting = event.signups?.waitlisted ?? 0;
  const full = event.capacity > 0 && confirmed >= event.capacity;
  return (
    <div className="flex items-center gap-2 text-sm tabular-nums" data-testid="event-seats">
      <span className={full ? 'text-warn font-semibold' : 'text-text'} title={t('events.list.seats')}>
        {t('events.list.seatsOf', { confirmed, capacity: event.capacity })}
      </span>
      {waiting > 0 && <span className="chip">{t('events.list.waiting', { count: waiting })}</span>}
    </div>
  );
}

/** `YYYY-MM` ± n months. */
function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A month in the community's zone, Monday first; each event on the day it starts there. */
function CalendarView({ search, set }: ViewProps) {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const tz = community.timezone;
  const f = useFormat(tz);
  const today = dayIn(new Date(), tz);
  const month = search.month ?? today.slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  // A day's margin each side: the month's edges in the zone are within it.
  const from = new Date(Date.UTC(y!, m! - 1, 1) - 86_400_000).toISOString();
  const to = new Date(Date.UTC(y!, m!, 1) + 86_400_000).toISOString();
  const events = useEvents(cid, { q: search.q, status: search.status, from, to, limit: 500 });
  const days = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(y!, m! - 1, 1)).getUTCDay() + 6) % 7;
  const byDay = new Map<string, TEvent[]>();
  for (const e of events.data?.items ?? []) {
    const key = dayIn(e.startsAt, tz);
    byDay.set(key, [...(byDay.get(key) ?? []), e]);
  }
  const cells = [
    ...Array.from({ length: lead }, (_, i) => ({ key: `lead-${i}`, day: 0 })),
    ...Array.from({ length: days }, (_, i) => ({ key: `d-${i + 1}`, day: i + 1 })),
  ];
  const dayKey = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
  const title = new Intl.DateTimeFormat(f.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, 15)),
  );
  return (
    <div data-testid="events-calendar">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h3 className="h-display text-lg capitalize" data-testid="calendar-month">
          {title}
        </h3>
        <div className="flex gap-2">
          <button type="button" className="btn" onClick={() => set({ month: shiftMonth(month, -1) })}>
            <span aria-hidden="true">‹</span>
            <span className="sr-only sm:not-sr-only">{t('events.list.prevMonth')}</span>
          </button>
          <button type="button" className="btn" onClick={() => set({ month: undefined })}>
            {t('events.list.today')}
          </button>
          <button type="button" className="btn" onClick={() => set({ month: shiftMonth(month, 1) })}>
            <span className="sr-only sm:not-sr-only">{t('events.list.nextMonth')}</span>
            <span aria-hidden="true">›</span>
          </button>
        </div>
      </div>
      <QueryState query={events}>
        {() => (
          <>
            <div className="hidden grid-cols-7 gap-px overflow-hidden rounded-lg border border-line bg-line sm:grid">
              {[1, 2, 3, 4, 5, 6, 0].map((w) => (
                <div key={w} className="bg-surface px-2 py-1 text-xs font-semibold text-muted uppercase">
                  {f.weekdayShort(w)}
                </div>
              ))}
              {cells.map((c) => {
                const list = c.day ? (byDay.get(dayKey(c.day)) ?? []) : [];
                return (
                  <div
                    key={c.key}
                    className={`min-h-24 bg-surface p-1 ${c.day ? '' : 'bg-surface/40'}`}
                    data-day={c.day ? dayKey(c.day) : undefined}
                  >
                    {c.day > 0 && (
                      <>
                        <p
                          className={`mb-1 text-right text-xs tabular-nums ${
                            dayKey(c.day) === today ? 'font-bold text-accent-strong' : 'text-faint'
                          }`}
                        >
                          {c.day}
                        </p>
                        <div className="space-y-0.5">
                          {list.slice(0, 3).map((e) => (
                            <EventLink key={e.id} e={e} cid={cid} locale={f.locale} tz={tz} />
                          ))}
                          {list.length > 3 && (
                            <p className="px-1 text-xs text-muted">
                              {t('events.list.more', { count: list.length - 3 })}
                            </p>
                          )}
                        </div>
                      </>
                    )}
                  </div>
                );
              })}
            </div>
            {/* On a phone: the month's days that have events, as an agenda. */}
            <ul className="space-y-2 sm:hidden">
              {cells
                .filter((c) => c.day && byDay.has(dayKey(c.day)))
                .map((c) => (
                  <li key={c.key} className="rounded-lg border border-line p-2">
                    <p className="mb-1 text-xs font-semibold text-muted">
                      {f.date(`${dayKey(c.day)}T12:00:00Z`)}
                    </p>
                    <div className="space-y-1">
                      {byDay.get(dayKey(c.day))!.map((e) => (
                        <EventLink key={e.id} e={e} cid={cid} locale={f.locale} tz={tz} />
                      ))}
                    </div>
                  </li>
                ))}
              {byDay.size === 0 && <li className="text-sm text-muted">{t('events.list.none')}</li>}
            </ul>
          </>
        )}
      </QueryState>
    </div>
  );
}

function EventLink({ e, cid, locale, tz }: { e: TEvent; cid: string; locale: string; tz: string }) {
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: tz }).format(
    new Date(e.startsAt),
  );
  return (
    <Link
      to="/c/$cid/events/$eventId"
      params={{ cid, eventId: e.id }}
      className={`block truncate rounded px-1 py-0.5 text-xs hover:bg-accent/20 ${
        e.status === 'cancelled' ? 'text-bad line-through' : 'bg-accent/10 text-accent-strong'
      }`}
      title={e.title}
      data-testid="calendar-event"
    >
      <span className="tabular-nums">{time}</span> {e.title}
    </Link>
  );
}
