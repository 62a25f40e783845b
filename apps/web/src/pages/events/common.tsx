import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommunityView } from '../../components/community';
import { CopyButton } from '../../components/copy';
import { tabClass } from '../../components/ui';
import { type Format, makeFormat } from '../../lib/format';
import type { EventStatus } from './queries';

const statusColor: Record<EventStatus, string> = {
  draft: 'border-line text-muted',
  scheduled: 'border-accent/50 text-accent-strong bg-accent/10',
  active: 'border-good/50 text-good bg-good/10',
  completed: 'border-line text-text bg-raised',
  archived: 'border-line text-faint',
  cancelled: 'border-bad/50 text-bad bg-bad/10',
};

export function StatusBadge({ status }: { status: EventStatus }) {
  const { t } = useTranslation();
  return (
    <span
      className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-semibold ${statusColor[status]}`}
      data-testid="event-status"
      data-status={status}
    >
      {t(`events.status.${status}`)}
    </span>
  );
}

type Section = 'events' | 'catalogue' | 'championships' | 'tickets';

/** The events area's own sections, as links (each is its own page and URL). */
export function EventsTabs({ current }: { current: Section }) {
  const { t } = useTranslation();
  const view = useCommunityView();
  const items: { id: Section; to: string }[] = [
    { id: 'events', to: '/c/$cid/events' },
    { id: 'catalogue', to: '/c/$cid/events/catalogue' },
    { id: 'championships', to: '/c/$cid/events/championships' },
    ...(view.canSee('tickets') ? [{ id: 'tickets' as const, to: '/c/$cid/events/tickets' }] : []),
  ];
  return (
    <nav aria-label={t('events.tabs.label')} className="tab-strip">
      {items.map((i) => (
        <Link
          key={i.id}
          to={i.to}
          params={{ cid: view.cid }}
          search={{}}
          aria-current={i.id === current ? 'page' : undefined}
          className={tabClass(i.id === current)}
        >
          {t(`events.tabs.${i.id}`)}
        </Link>
      ))}
    </nav>
  );
}

/** Formatters per time zone: each event is shown in the zone it was planned in. */
export function useZoneFormat(): (timeZone: string) => Format {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const cache = new Map<string, Format>();
    return (tz: string) => {
      let f = cache.get(tz);
      if (!f) {
        f = makeFormat(i18n.language, tz);
        cache.set(tz, f);
      }
      return f;
    };
  }, [i18n.language]);
}

/** The wall-clock parts of an instant in a zone. */
function partsIn(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
  };
}

/** `YYYY-MM-DD` of an instant in a zone (the calendar's day). */
export const dayIn = (at: string | Date, timeZone: string) =>
  partsIn(at instanceof Date ? at : new Date(at), timeZone).date;

/** `YYYY-MM-DDTHH:MM` of an instant in a zone, for a datetime-local input. */
export function localInputOf(at: string, timeZone: string): string {
  const p = partsIn(new Date(at), timeZone);
  return `${p.date}T${p.time}`;
}

/**
 * The instant a wall-clock date and time name in a zone. The zone's offset is read at a first
 * guess and read again at the result, which settles it across a daylight-saving change.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const n = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !n) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +n[1]!, +n[2]!);
  const offsetAt = (t: number) => {
    const p = partsIn(new Date(t), timeZone);
    const [y, mo, d] = p.date.split('-').map(Number);
    const [h, mi] = p.time.split(':').map(Number);
    return Date.UTC(y!, mo! - 1, d!, h!, mi!) - t;
  };
  let at = wall - offsetAt(wall);
  at = wall - offsetAt(at);
  return new Date(at);
}

/** A link to copy: shown in full, with a button that puts it on the clipboard. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <div>
      <p className="label">{label}</p>
      <div className="flex gap-2">
        <input
          className="input font-mono text-xs"
          readOnly
          value={value}
          aria-label={label}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton text={value} />
      </div>
    </div>
  );
}

/** How an actor id (`user:…`, `discord:…`) reads: "you" for the caller. */
export function useActorName(): (actor: string) => string {
  const { t } = useTranslation();
  const { me } = useCommunityView();
  return (actor) => {
    if (me.user && actor === `user:${me.user.id}`) return t('events.detail.you');
    const [kind, id] = actor.split(':');
    if (kind === 'system') return 'Guildhall';
    return kind === 'discord' ? `Discord ${id}` : actor;
  };
}
