import { z } from 'zod';
import * as catalogue from '../catalogue.service';
import type { WizardDefinition } from './definition';
import { racingSteps } from './event-racing-steps';
import { basics, capacity, type EventAnswers, schedule } from './event-wizard-schemas';
import { eventWizardStore } from './event-wizard-store';

export { type EventAnswers, parseReminders } from './event-wizard-schemas';

const minutes = (n: number | undefined, lang: 'en' | 'es') =>
  n === undefined ? '—' : `${n} ${lang === 'es' ? 'min' : 'min'}`;

/** The event wizard: basics, schedule, track, vehicles, session settings, rules, capacity, review. */
export const eventWizard: WizardDefinition = {
  kind: 'event',
  permission: 'events',
  title: { en: 'New event', es: 'Nuevo evento' },
  draftSteps: ['basics', 'schedule', 'capacity'],
  publishLabel: { en: 'Publish', es: 'Publicar' },
  published: { en: 'Event **{name}** published.', es: 'Evento **{name}** publicado.' },
  hooks: eventWizardStore,
  steps: [
    {
      id: 'basics',
      title: { en: 'Title and description', es: 'Título y descripción' },
      help: { en: 'Name the event and describe it.', es: 'Pon nombre al evento y descríbelo.' },
      fields: [
        {
          id: 'title',
          kind: 'text',
          maxLength: 100,
          label: { en: 'Title', es: 'Título' },
          invalid: {
            en: 'Give the event a title (1–100 characters).',
            es: 'Ponle un título al evento (1–100 caracteres).',
          },
        },
        {
          id: 'description',
          kind: 'paragraph',
          maxLength: 2000,
          label: { en: 'Description', es: 'Descripción' },
          invalid: { en: 'At most 2000 characters.', es: 'Como mucho 2000 caracteres.' },
        },
      ],
      schema: basics,
    },
    {
      id: 'schedule',
      title: { en: 'Date, time and time zone', es: 'Fecha, hora y zona horaria' },
      help: {
        en: 'When it starts, in the zone it is planned in (e.g. Europe/Madrid).',
        es: 'Cuándo empieza, en la zona en que se planea (p. ej. Europe/Madrid).',
      },
      fields: [
        {
          id: 'date',
          kind: 'text',
          maxLength: 10,
          label: { en: 'Date (YYYY-MM-DD)', es: 'Fecha (AAAA-MM-DD)' },
          placeholder: { en: '2026-12-24', es: '2026-12-24' },
          invalid: { en: 'A date like 2026-12-24.', es: 'Una fecha como 2026-12-24.' },
        },
        {
          id: 'time',
          kind: 'text',
          maxLength: 5,
          label: { en: 'Start time (HH:MM, 24 h)', es: 'Hora de inicio (HH:MM, 24 h)' },
          placeholder: { en: '20:30', es: '20:30' },
          invalid: { en: 'A time like 20:30.', es: 'Una hora como 20:30.' },
        },
        {
          id: 'timeZone',
          kind: 'text',
          maxLength: 64,
          label: { en: 'Time zone (IANA)', es: 'Zona horaria (IANA)' },
          placeholder: { en: 'Europe/Madrid', es: 'Europe/Madrid' },
          invalid: {
            en: 'An IANA time zone such as Europe/Madrid or America/Santiago.',
            es: 'Una zona horaria IANA como Europe/Madrid o America/Santiago.',
          },
        },
      ],
      schema: schedule,
      messages: {
        noSuchTime: {
          en: 'That time does not exist in this zone (the clocks skip it).',
          es: 'Esa hora no existe en esta zona (el cambio de hora la salta).',
        },
      },
      async verify(env, parsed) {
        if ((parsed.startsAt as Date) <= env.now)
          return {
            field: 'date',
            message: { en: 'The start must be in the future.', es: 'El inicio debe ser en el futuro.' },
          };
        return undefined;
      },
    },
    ...racingSteps,
    {
      id: 'capacity',
      title: { en: 'Capacity and reminders', es: 'Plazas y recordatorios' },
      fields: [
        {
          id: 'capacity',
          kind: 'text',
          maxLength: 5,
          label: { en: 'Seats (1–10000)', es: 'Plazas (1–10000)' },
          invalid: {
            en: 'Seats: a whole number from 1 to 10000.',
            es: 'Plazas: un número entero de 1 a 10000.',
          },
        },
        {
          id: 'reminders',
          kind: 'text',
          maxLength: 100,
          label: { en: 'Reminders before start (24h, 1h, 15m)', es: 'Recordatorios antes (24h, 1h, 15m)' },
          placeholder: { en: '24h, 1h, 15m', es: '24h, 1h, 15m' },
          invalid: {
            en: 'Reminders: up to 10 times like 24h, 1h, 15m (at most 30 days).',
            es: 'Recordatorios: hasta 10 tiempos como 24h, 1h, 15m (30 días como máximo).',
          },
        },
      ],
      schema: capacity,
    },
    {
      id: 'review',
      title: { en: 'Review', es: 'Revisión' },
      help: {
        en: 'Check everything, then save a draft or publish.',
        es: 'Revísalo todo y guarda un borrador o publica.',
      },
      fields: [],
      schema: z.object({}),
      review: true,
    },
  ],
  async review(env, parsed, lang) {
    const a = parsed as Partial<EventAnswers>;
    const es = lang === 'es';
    const [trackRow] = a.track ? await catalogue.findTracksByIds(env.app.db, env.communityId, [a.track]) : [];
    const cars = a.vehicleIds?.length
      ? await catalogue.findVehiclesByIds(env.app.db, env.communityId, a.vehicleIds)
      : [];
    const vehicleNames = [...cars.map((v) => v.name), ...(a.vehicleTexts ?? [])];
    const start = a.startsAt ? Math.floor(a.startsAt.getTime() / 1000) : undefined;
    return [
      `**${a.title ?? '—'}**`,
      start ? `${es ? 'Inicio' : 'Start'}: <t:${start}:F> (${a.timeZone})` : '',
      `${es ? 'Circuito' : 'Track'}: ${trackRow ? catalogue.trackLabel(trackRow) : '—'}`,
      `${es ? 'Vehículos' : 'Vehicles'}: ${vehicleNames.join(', ') || '—'}`,
      `${es ? 'Libres / clasificación / carrera' : 'Practice / qualifying / race'}: ${minutes(a.practice, lang)} / ${minutes(a.qualifying, lang)} / ${minutes(a.race, lang)}`,
      a.weather ? `${es ? 'Meteorología' : 'Weather'}: ${a.weather}` : '',
      a.damage === undefined ? '' : `${es ? 'Daños' : 'Damage'}: ${a.damage}%`,
      a.regulationUrl ? `${es ? 'Reglamento' : 'Regulation'}: ${a.regulationUrl}` : '',
      a.regulationChannel ? `${es ? 'Reglamento' : 'Regulation'}: <#${a.regulationChannel}>` : '',
      `${es ? 'Plazas' : 'Seats'}: ${a.capacity ?? '—'}`,
      a.reminders?.length
        ? `${es ? 'Recordatorios' : 'Reminders'}: ${a.reminders.map((m) => `${m} min`).join(', ')}`
        : '',
    ].filter(Boolean);
  },
};
