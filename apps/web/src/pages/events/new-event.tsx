import type { TEvent, TEventCreate, TWizardCheckResult } from '@guildhall/contracts';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { communityPath } from '../../api/queries';
import { useCommunityView } from '../../components/community';
import { Card, Notice } from '../../components/ui';
import { currentLanguage } from '../../i18n';
import { zonedToUtc } from './common';
import { eventsPath, useRefreshEvents, useTracks, useVehicles } from './queries';

type Values = Record<string, string> & { vehicles?: never };

/** "24h, 1h, 15m" → minutes, largest first (the wizard's own reading of the field). */
function parseReminders(s: string): number[] | undefined {
  const out: number[] = [];
  for (const p of s.split(/[,\s]+/).filter(Boolean)) {
    const m = /^(\d+)\s*(m|min|h|d)?$/i.exec(p);
    if (!m) return undefined;
    const unit = (m[2] ?? 'm').toLowerCase();
    const minutes = Number(m[1]) * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
    if (minutes < 1 || minutes > 43_200) return undefined;
    out.push(minutes);
  }
  return out.length > 10 ? undefined : [...new Set(out)].sort((a, b) => b - a);
}

const num = (s: string | undefined) => (s && s.trim() !== '' ? Number(s) : undefined);

type FieldError = { field: string | null; message: string } | null;

/** A labelled answer with the wizard's message under it when it is the first that fails. */
function Field(props: {
  id: string;
  label: string;
  error: FieldError;
  children: ReactNode;
  wide?: boolean;
  hint?: string;
}) {
  const { error } = props;
  return (
    <div className={props.wide ? 'sm:col-span-2' : ''}>
      <label className="label" htmlFor={`ev-${props.id}`}>
        {props.label}
      </label>
      {props.children}
      {props.hint && <p className="mt-1 text-xs text-faint">{props.hint}</p>}
      {error?.field === props.id && (
        <p id="ev-error" className="mt-1 text-sm text-bad" role="alert" data-testid="event-form-error">
          {error.message}
        </p>
      )}
    </div>
  );
}

/**
 * The web's "new event" wizard: the answers go to the wizard's check route (the very steps the
 * Discord flow runs), the first failing field shows its message, then the event is created as a draft.
 */
export function NewEventForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const navigate = useNavigate();
  const refresh = useRefreshEvents(cid);
  const [v, setV] = useState<Values>({ timeZone: community.timezone, capacity: '20', reminders: '24h, 1h' });
  const [vehicles, setVehicles] = useState<string[]>([]);
  const [racing, setRacing] = useState(community.game === 'racing');
  const [error, setError] = useState<FieldError>(null);
  const [busy, setBusy] = useState(false);
  const tracks = useTracks(cid);
  const vehicleList = useVehicles(cid);
  const lang = currentLanguage();

  const put = (id: string) => ({
    id: `ev-${id}`,
    value: v[id] ?? '',
    onChange: (e: { target: { value: string } }) => setV((s) => ({ ...s, [id]: e.target.value })),
    'aria-invalid': error?.field === id || undefined,
    'aria-describedby': error?.field === id ? 'ev-error' : undefined,
  });

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const values = { ...v, vehicles } as Record<string, string | string[]>;
      // A non-racing event runs the wizard's first two steps; seats and reminders are checked here.
      const check = await api<TWizardCheckResult>(`${communityPath(cid)}/wizards/event/check`, {
        method: 'POST',
        body: { values, step: racing ? 'capacity' : 'schedule' },
      });
      if (!check.valid) {
        setError({ field: check.field, message: check.message[lang] });
        return;
      }
      const capacity = Number(v.capacity);
      if (!/^\d+$/.test(v.capacity ?? '') || capacity < 1 || capacity > 10_000) {
        setError({ field: 'capacity', message: t('events.form.capacityInvalid') });
        return;
      }
      const reminders = parseReminders(v.reminders ?? '');
      if (!reminders) {
        setError({ field: 'reminders', message: t('events.form.remindersHint') });
        return;
      }
      const startsAt = zonedToUtc(v.date!.trim(), v.time!.trim(), v.timeZone!.trim())!;
      const body: TEventCreate = {
        title: v.title!.trim(),
        description: v.description?.trim() || undefined,
        startsAt: startsAt.toISOString(),
        timeZone: v.timeZone!.trim(),
        capacity,
        reminderOffsets: reminders,
      };
      if (racing) {
        const texts = (v.vehicleText ?? '')
          .split(/\n|,/)
          .map((s) => s.trim())
          .filter(Boolean);
        const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
        body.racing = {
          trackId: opt(v.track),
          vehicles: [...vehicles.map((id) => ({ vehicleId: id })), ...texts.map((text) => ({ text }))],
          settings: {
            practiceMinutes: num(v.practice),
            qualifyingMinutes: num(v.qualifying),
            raceMinutes: num(v.race),
            weather: opt(v.weather),
            damagePercent: num(v.damage),
          },
          rules: {
            text: opt(v.rulesText),
            regulationUrl: opt(v.regulationUrl),
            regulationChannelId: opt(v.regulationChannel),
            briefing: opt(v.briefing),
            skins: opt(v.skins),
          },
        };
      }
      const created = await api<TEvent>(eventsPath(cid), { method: 'POST', body });
      await refresh();
      await navigate({ to: '/c/$cid/events/$eventId', params: { cid, eventId: created.id } });
    } catch (e) {
      setError({ field: null, message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('events.form.title')} subtitle={t('events.form.hint')}>
      <form
        className="grid gap-3 sm:grid-cols-2"
        data-testid="new-event-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field error={error} id="title" label={t('events.form.name')} wide>
          <input className="input" maxLength={100} {...put('title')} />
        </Field>
        <Field error={error} id="description" label={t('events.form.description')} wide>
          <textarea className="input min-h-20" maxLength={2000} {...put('description')} />
        </Field>
        <Field error={error} id="date" label={t('events.form.date')}>
          <input className="input" type="date" {...put('date')} />
        </Field>
        <Field error={error} id="time" label={t('events.form.time')}>
          <input className="input" type="time" {...put('time')} />
        </Field>
        <Field error={error} id="timeZone" label={t('events.form.timeZone')}>
          <input className="input" maxLength={64} {...put('timeZone')} />
        </Field>
        <Field error={error} id="capacity" label={t('events.form.capacity')}>
          <input className="input" inputMode="numeric" {...put('capacity')} />
        </Field>
        <Field
          error={error}
          id="reminders"
          label={t('events.form.reminders')}
          hint={t('events.form.remindersHint')}
        >
          <input className="input" {...put('reminders')} />
        </Field>
        <label className="flex items-center gap-2 self-end text-sm sm:col-span-2">
          <input type="checkbox" checked={racing} onChange={(e) => setRacing(e.target.checked)} />
          {t('events.form.racing')}
        </label>
        {racing && (
          <>
            <Field error={error} id="track" label={t('events.form.track')}>
              <select className="input" {...put('track')}>
                <option value="">{t('events.form.none')}</option>
                {tracks.data?.items.map((tr) => (
                  <option key={tr.id} value={tr.id}>
                    {tr.name}
                    {tr.layout ? ` · ${tr.layout}` : ''}
                  </option>
                ))}
              </select>
            </Field>
            <Field error={error} id="vehicles" label={t('events.form.vehicles')}>
              <select
                id="ev-vehicles"
                className="input min-h-20"
                multiple
                value={vehicles}
                onChange={(e) => setVehicles([...e.target.selectedOptions].map((o) => o.value))}
              >
                {vehicleList.data?.items.map((ve) => (
                  <option key={ve.id} value={ve.id}>
                    {ve.name}
                    {ve.category ? ` (${ve.category})` : ''}
                  </option>
                ))}
              </select>
            </Field>
            <Field error={error} id="vehicleText" label={t('events.form.vehicleText')} wide>
              <textarea className="input" maxLength={1000} {...put('vehicleText')} />
            </Field>
            <div className="grid grid-cols-2 gap-3 sm:col-span-2 sm:grid-cols-5">
              {(['practice', 'qualifying', 'race', 'damage'] as const).map((id) => (
                <Field error={error} key={id} id={id} label={t(`events.form.${id}`)}>
                  <input className="input" inputMode="numeric" {...put(id)} />
                </Field>
              ))}
              <Field error={error} id="weather" label={t('events.form.weather')}>
                <input className="input" maxLength={100} {...put('weather')} />
              </Field>
            </div>
            <Field error={error} id="rulesText" label={t('events.form.rulesText')} wide>
              <textarea className="input min-h-20" maxLength={4000} {...put('rulesText')} />
            </Field>
            <Field error={error} id="regulationUrl" label={t('events.form.regulationUrl')}>
              <input className="input" {...put('regulationUrl')} />
            </Field>
            <Field error={error} id="regulationChannel" label={t('events.form.regulationChannel')}>
              <input className="input" inputMode="numeric" {...put('regulationChannel')} />
            </Field>
            <Field error={error} id="briefing" label={t('events.form.briefing')}>
              <textarea className="input" maxLength={2000} {...put('briefing')} />
            </Field>
            <Field error={error} id="skins" label={t('events.form.skins')}>
              <textarea className="input" maxLength={1000} {...put('skins')} />
            </Field>
          </>
        )}
        {error && error.field === null && (
          <div className="sm:col-span-2">
            <Notice kind="bad">{error.message}</Notice>
          </div>
        )}
        {error && error.field !== null && !document.getElementById(`ev-${error.field}`) && (
          <div className="sm:col-span-2">
            <Notice kind="bad">{error.message}</Notice>
          </div>
        )}
        <div className="flex flex-wrap gap-2 sm:col-span-2">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-event">
            {busy ? t('events.form.checking') : t('events.form.create')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('events.form.cancel')}
          </button>
        </div>
      </form>
    </Card>
  );
}
