import type { TEvent, TEventUpdate } from '@guildhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Notice, PageTitle, QueryState } from '../../components/ui';
import {
  CopyField,
  EventsTabs,
  localInputOf,
  StatusBadge,
  useActorName,
  useZoneFormat,
  zonedToUtc,
} from './common';
import {
  actionsFrom,
  type EventAction,
  eventPath,
  isConflict,
  useEvent,
  useFeeds,
  useRefreshEvents,
} from './queries';
import { RacingCard } from './racing';
import { ResultsCard } from './results';
import { SignupsCard } from './signups';

export const Route = createLazyRoute('/c/$cid/events/$eventId')({
  component: () => (
    <PageGate page="events">
      <EventPage />
    </PageGate>
  ),
});

function EventPage() {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const { eventId } = useParams({ from: '/c/$cid/events/$eventId' });
  const event = useEvent(cid, eventId);
  return (
    <div className="space-y-5">
      <EventsTabs current="events" />
      <Link
        to="/c/$cid/events"
        params={{ cid }}
        search={{}}
        className="text-sm text-accent-strong hover:underline"
      >
        ← {t('events.detail.back')}
      </Link>
      <QueryState query={event}>{(e) => <EventView event={e} />}</QueryState>
    </div>
  );
}

function EventView({ event }: { event: TEvent }) {
  const { cid, isOfficer } = useCommunityView();
  const [editing, setEditing] = useState(false);
  return (
    <>
      <PageTitle aside={<StatusBadge status={event.status} />}>
        <span data-testid="event-title">{event.title}</span>
      </PageTitle>
      {/* On a phone the state actions come first; on a desktop they head the side column. */}
      <div className="grid gap-5 lg:grid-cols-[3fr_2fr] lg:grid-rows-[auto_1fr]">
        {isOfficer && (
          <div className="min-w-0 lg:col-start-2 lg:row-start-1">
            <ActionsCard event={event} />
          </div>
        )}
        <div className="min-w-0 space-y-5 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          {editing ? (
            <EditCard event={event} onDone={() => setEditing(false)} />
          ) : (
            <DetailsCard
              event={event}
              onEdit={isOfficer && event.status !== 'archived' ? () => setEditing(true) : undefined}
            />
          )}
          {event.racing && <RacingCard cid={cid} racing={event.racing} />}
          <SignupsCard event={event} />
        </div>
        <div className="min-w-0 lg:col-start-2 lg:row-start-2">
          <FeedsCard />
        </div>
      </div>
      <ResultsCard event={event} />
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function DetailsCard({ event, onEdit }: { event: TEvent; onEdit?: () => void }) {
  const { t } = useTranslation();
  const f = useZoneFormat()(event.timeZone);
  const who = useActorName();
  return (
    <Card
      title={t('events.detail.details')}
      actions={
        onEdit && (
          <button type="button" className="btn" onClick={onEdit} data-testid="edit-event">
            {t('events.edit.edit')}
          </button>
        )
      }
    >
      <dl className="divide-y divide-line/50" data-testid="event-details">
        <Row label={t('events.detail.starts')}>
          <span data-testid="event-starts">{f.dateTime(event.startsAt)}</span>{' '}
          <span className="text-xs text-faint">{event.timeZone}</span>
        </Row>
        <Row label={t('events.detail.duration')}>
          {t('events.detail.durationValue', { minutes: event.durationMinutes })}
        </Row>
        <Row label={t('events.detail.capacity')}>
          <span data-testid="event-capacity">{event.capacity}</span>
        </Row>
        <Row label={t('events.detail.registration')}>
          {event.registrationOpensAt || event.registrationClosesAt
            ? t('events.detail.registrationWindow', {
                from: f.dateTime(event.registrationOpensAt),
                to: f.dateTime(event.registrationClosesAt),
              })
            : t('events.detail.always')}
        </Row>
        {event.reminderOffsets.length > 0 && (
          <Row label={t('events.detail.reminders')}>
            {t('events.detail.remindersValue', {
              list: event.reminderOffsets
                .map((m) => (m % 1440 === 0 ? `${m / 1440} d` : m % 60 === 0 ? `${m / 60} h` : `${m} min`))
                .join(', '),
            })}
          </Row>
        )}
        <Row label={t('events.detail.description')}>
          <p className="whitespace-pre-line" data-testid="event-description">
            {event.description || <span className="text-faint">{t('events.detail.noDescription')}</span>}
          </p>
        </Row>
      </dl>
      <div className="mt-4 space-y-0.5 text-xs text-faint" data-testid="event-audit">
        <p>
          {t('events.detail.createdBy', { who: who(event.createdBy), when: f.dateTime(event.createdAt) })}
        </p>
        <p>{t('events.detail.editedBy', { who: who(event.updatedBy), when: f.dateTime(event.updatedAt) })}</p>
        {event.publishedAt && (
          <p>{t('events.detail.publishedAt', { when: f.dateTime(event.publishedAt) })}</p>
        )}
        {event.cancelledAt && (
          <p>{t('events.detail.cancelledAt', { when: f.dateTime(event.cancelledAt) })}</p>
        )}
        {event.archivedAt && <p>{t('events.detail.archivedAt', { when: f.dateTime(event.archivedAt) })}</p>}
        <p>{t('events.detail.version', { version: event.version })}</p>
      </div>
    </Card>
  );
}

/** Inline edit of the fields people change most, sent with the version it started from. */
function EditCard({ event, onDone }: { event: TEvent; onDone: () => void }) {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const qc = useQueryClient();
  const refresh = useRefreshEvents(cid);
  const [form, setForm] = useState(() => ({
    title: event.title,
    description: event.description,
    start: localInputOf(event.startsAt, event.timeZone),
    capacity: String(event.capacity),
    version: event.version,
  }));
  const save = useMutation({
    mutationFn: () => {
      const [date, time] = form.start.split('T');
      const startsAt = zonedToUtc(date ?? '', time ?? '', event.timeZone);
      const body: TEventUpdate = {
        version: form.version,
        title: form.title,
        description: form.description,
        capacity: Number(form.capacity),
        ...(startsAt ? { startsAt: startsAt.toISOString() } : {}),
      };
      return api<TEvent>(eventPath(cid, event.id), { method: 'PATCH', body });
    },
    onSuccess: (updated) => {
      qc.setQueryData(['event', cid, event.id], updated);
      void refresh();
      onDone();
    },
  });
  const reload = async () => {
    const fresh = await api<TEvent>(eventPath(cid, event.id));
    qc.setQueryData(['event', cid, event.id], fresh);
    setForm({
      title: fresh.title,
      description: fresh.description,
      start: localInputOf(fresh.startsAt, fresh.timeZone),
      capacity: String(fresh.capacity),
      version: fresh.version,
    });
    save.reset();
  };
  const set = (k: 'title' | 'description' | 'start' | 'capacity') => ({
    id: `edit-${k}`,
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm((s) => ({ ...s, [k]: e.target.value })),
  });
  return (
    <Card title={t('events.edit.edit')}>
      <form
        className="grid gap-3 sm:grid-cols-2"
        data-testid="edit-event-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="sm:col-span-2">
          <label className="label" htmlFor="edit-title">
            {t('events.edit.title')}
          </label>
          <input className="input" maxLength={120} required {...set('title')} />
        </div>
        <div className="sm:col-span-2">
          <label className="label" htmlFor="edit-description">
            {t('events.edit.description')}
          </label>
          <textarea className="input min-h-24" maxLength={4000} {...set('description')} />
        </div>
        <div>
          <label className="label" htmlFor="edit-start">
            {t('events.edit.startsAt', { zone: event.timeZone })}
          </label>
          <input className="input" type="datetime-local" required {...set('start')} />
        </div>
        <div>
          <label className="label" htmlFor="edit-capacity">
            {t('events.edit.capacity')}
          </label>
          <input className="input" type="number" min={0} max={10000} required {...set('capacity')} />
        </div>
        {save.error && (
          <div
            className="space-y-2 sm:col-span-2"
            data-testid={isConflict(save.error) ? 'edit-conflict' : undefined}
          >
            <Notice kind="bad">
              {isConflict(save.error) ? t('events.edit.conflict') : (save.error as Error).message}
            </Notice>
            {isConflict(save.error) && (
              <button type="button" className="btn" onClick={() => void reload()} data-testid="edit-reload">
                {t('events.edit.reload')}
              </button>
            )}
          </div>
        )}
        <div className="flex gap-2 sm:col-span-2">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={save.isPending}
            data-testid="save-event"
          >
            {t('events.edit.save')}
          </button>
          <button type="button" className="btn" onClick={onDone}>
            {t('events.edit.cancel')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function ActionsCard({ event }: { event: TEvent }) {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const qc = useQueryClient();
  const refresh = useRefreshEvents(cid);
  const act = useMutation({
    mutationFn: (action: EventAction) =>
      api<TEvent>(`${eventPath(cid, event.id)}/${action}`, {
        method: 'POST',
        body: { version: event.version },
      }),
    onSuccess: (updated) => {
      qc.setQueryData(['event', cid, event.id], updated);
      void refresh();
    },
  });
  const actions = actionsFrom[event.status];
  return (
    <Card title={t('events.detail.actions')}>
      {actions.length === 0 ? (
        <p className="text-sm text-muted">{t('events.detail.noActions')}</p>
      ) : (
        <div className="flex flex-wrap gap-2" data-testid="event-actions">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={`btn ${a === 'cancel' ? 'btn-danger' : 'btn-primary'}`}
              disabled={act.isPending}
              data-testid={`event-action-${a}`}
              onClick={() => {
                if (a === 'cancel' && !window.confirm(t('events.actionConfirm'))) return;
                act.mutate(a);
              }}
            >
              {t(`events.action.${a}`)}
            </button>
          ))}
        </div>
      )}
      {act.error && (
        <div className="mt-3">
          <Notice kind="bad">
            {isConflict(act.error)
              ? t('events.edit.conflict')
              : act.error instanceof ApiError
                ? act.error.message
                : String(act.error)}
          </Notice>
        </div>
      )}
    </Card>
  );
}

const absolute = (url: string) => (url.startsWith('/') ? `${window.location.origin}${url}` : url);

function FeedsCard() {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const feeds = useFeeds(cid);
  return (
    <Card title={t('events.feeds.title')} subtitle={t('events.feeds.hint')}>
      <QueryState query={feeds}>
        {(d) => (
          <div className="space-y-3" data-testid="calendar-feeds">
            {/* Without a public URL configured the server answers a path: this origin serves it. */}
            <CopyField
              label={t('events.feeds.community')}
              value={absolute(d.community)}
              testId="feed-community"
            />
            {d.member ? (
              <CopyField label={t('events.feeds.member')} value={absolute(d.member)} testId="feed-member" />
            ) : (
              <p className="text-sm text-muted">{t('events.feeds.noMember')}</p>
            )}
          </div>
        )}
      </QueryState>
    </Card>
  );
}
