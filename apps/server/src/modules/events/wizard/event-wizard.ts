import { z } from 'zod';
import * as catalogue from '../catalogue.service';
import { listOptions, trackOptions, vehicleOptions } from './catalogue-options';
import type { WizardDefinition } from './definition';
import { eventWizardStore } from './event-wizard-store';
import {
  httpsUrl,
  isUuid,
  optionalInt,
  pickedId,
  pickedIds,
  requiredInt,
  requiredText,
  text,
} from './fields';
import { isTimeZone, zonedToUtc } from './zoned-time';

/** "24h, 1h, 15m" (or "1d", or bare minutes) → minutes before the start, largest first. */
export function parseReminders(s: string): number[] | undefined {
  const parts = s.split(/[,\s]+/).filter(Boolean);
  const out: number[] = [];
  for (const p of parts) {
    const m = /^(\d+)\s*(m|min|h|d)?$/i.exec(p);
    if (!m) return undefined;
    const unit = (m[2] ?? 'm').toLowerCase();
    const minutes = Number(m[1]) * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
    if (minutes < 1 || minutes > 43_200) return undefined;
    out.push(minutes);
  }
  return [...new Set(out)].sort((a, b) => b - a);
}

const basics = z.object({
  title: requiredText(100),
  description: text(2000),
});

const schedule = z
  .object({
    date: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/),
    time: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    timeZone: z.string().trim().refine(isTimeZone),
  })
  .transform((v, c) => {
    const startsAt = zonedToUtc(v.date, v.time, v.timeZone);
    if (!startsAt || Number.isNaN(startsAt.getTime())) {
      c.addIssue({ code: 'custom', path: ['time'], message: 'noSuchTime' });
      return z.NEVER;
    }
    return { timeZone: v.timeZone, startsAt };
  });

const track = z.object({ trackList: pickedId, track: pickedId.refine(isUuid, 'trackRequired') });

const vehicles = z
  .object({
    vehicleList: pickedId,
    vehicles: pickedIds(25),
    vehicleText: text(1000),
  })
  .transform((v, c) => {
    const free = v.vehicleText
      .split(/\n|,/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (free.some((s) => s.length > 100)) {
      c.addIssue({ code: 'custom', path: ['vehicleText'], message: 'vehicleTextLong' });
      return z.NEVER;
    }
    if (v.vehicles.length + free.length === 0) {
      c.addIssue({ code: 'custom', path: ['vehicles'], message: 'vehicleRequired' });
      return z.NEVER;
    }
    return { vehicleIds: v.vehicles, vehicleTexts: free };
  });

const settings = z.object({
  practice: optionalInt(0, 600),
  qualifying: optionalInt(0, 600),
  race: requiredInt(1, 1440),
  weather: text(100),
  damage: optionalInt(0, 100),
});

const rules = z
  .object({
    rulesText: text(4000),
    regulationUrl: text(500).refine((s) => s === '' || httpsUrl(s)),
    regulationChannel: pickedId.refine((s) => s === '' || /^\d{17,20}$/.test(s)),
    briefing: text(2000),
    skins: text(1000),
  })
  .refine((r) => !(r.regulationUrl && r.regulationChannel), {
    path: ['regulationChannel'],
    message: 'regulationBoth',
  });

const capacity = z.object({
  capacity: requiredInt(1, 10_000),
  reminders: text(100).transform((s, c) => {
    const parsed = parseReminders(s);
    if (!parsed || parsed.length > 10) {
      c.addIssue({ code: 'custom', message: 'remindersInvalid' });
      return z.NEVER;
    }
    return parsed;
  }),
});

/** The parsed answers the store receives. */
export type EventAnswers = z.output<typeof basics> &
  z.output<typeof schedule> &
  z.output<typeof track> &
  z.output<typeof vehicles> &
  z.output<typeof settings> &
  z.output<typeof rules> &
  z.output<typeof capacity>;

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
    {
      id: 'track',
      title: { en: 'Track', es: 'Circuito' },
      help: {
        en: 'Pick a track list, then the track (or pick from all tracks).',
        es: 'Elige una lista de circuitos y luego el circuito (o elige entre todos).',
      },
      fields: [
        {
          id: 'trackList',
          kind: 'select',
          label: { en: 'Track list', es: 'Lista de circuitos' },
          invalid: { en: 'Pick one of the track lists.', es: 'Elige una de las listas de circuitos.' },
          empty: {
            en: 'No track lists yet (`/tracklist create`).',
            es: 'Aún no hay listas de circuitos (`/listacircuitos crear`).',
          },
          options: (env) => listOptions(env, 'track'),
        },
        {
          id: 'track',
          kind: 'select',
          label: { en: 'Track', es: 'Circuito' },
          invalid: { en: 'Pick the track.', es: 'Elige el circuito.' },
          empty: { en: 'No tracks yet (`/track add`).', es: 'Aún no hay circuitos (`/circuito añadir`).' },
          options: (env, v) => trackOptions(env, { listId: v.trackList, picked: v.track }),
        },
      ],
      schema: track,
      messages: { trackRequired: { en: 'Pick the track.', es: 'Elige el circuito.' } },
      async verify(env, parsed) {
        const found = await catalogue.findTracksByIds(env.app.db, env.communityId, [parsed.track as string]);
        if (found.length === 0)
          return {
            field: 'track',
            message: {
              en: 'That track is not in the catalogue.',
              es: 'Ese circuito no está en el catálogo.',
            },
          };
        return undefined;
      },
    },
    {
      id: 'vehicles',
      title: { en: 'Vehicles', es: 'Vehículos' },
      help: {
        en: 'Pick a vehicle list and its cars, or type others (one per line).',
        es: 'Elige una lista de vehículos y sus coches, o escribe otros (uno por línea).',
      },
      fields: [
        {
          id: 'vehicleList',
          kind: 'select',
          label: { en: 'Vehicle list', es: 'Lista de vehículos' },
          invalid: { en: 'Pick one of the vehicle lists.', es: 'Elige una de las listas de vehículos.' },
          empty: {
            en: 'No vehicle lists yet (`/vehiclelist create`).',
            es: 'Aún no hay listas de vehículos (`/listavehiculos crear`).',
          },
          options: (env) => listOptions(env, 'vehicle'),
        },
        {
          id: 'vehicles',
          kind: 'multiselect',
          label: { en: 'Vehicles', es: 'Vehículos' },
          invalid: {
            en: 'Pick vehicles from the list (25 at most).',
            es: 'Elige vehículos de la lista (25 como máximo).',
          },
          empty: {
            en: 'No vehicles yet (`/vehicle add`).',
            es: 'Aún no hay vehículos (`/vehiculo añadir`).',
          },
          options: (env, v) => vehicleOptions(env, { listId: v.vehicleList, picked: v.vehicles }),
        },
        {
          id: 'vehicleText',
          kind: 'paragraph',
          maxLength: 1000,
          label: { en: 'Other vehicles (one per line)', es: 'Otros vehículos (uno por línea)' },
          invalid: {
            en: 'At most 100 characters per vehicle.',
            es: 'Como mucho 100 caracteres por vehículo.',
          },
        },
      ],
      schema: vehicles,
      messages: {
        vehicleRequired: {
          en: 'Pick or type at least one vehicle.',
          es: 'Elige o escribe al menos un vehículo.',
        },
        vehicleTextLong: {
          en: 'At most 100 characters per vehicle.',
          es: 'Como mucho 100 caracteres por vehículo.',
        },
      },
      async verify(env, parsed) {
        const ids = parsed.vehicleIds as string[];
        const found = await catalogue.findVehiclesByIds(env.app.db, env.communityId, ids);
        if (found.length !== new Set(ids).size)
          return {
            field: 'vehicles',
            message: { en: 'A vehicle is not in the catalogue.', es: 'Un vehículo no está en el catálogo.' },
          };
        return undefined;
      },
    },
    {
      id: 'settings',
      title: { en: 'Session settings', es: 'Ajustes de sesión' },
      fields: [
        {
          id: 'practice',
          kind: 'text',
          maxLength: 4,
          label: { en: 'Practice (minutes, 0–600)', es: 'Libres (minutos, 0–600)' },
          invalid: {
            en: 'Practice: whole minutes from 0 to 600.',
            es: 'Libres: minutos enteros de 0 a 600.',
          },
        },
        {
          id: 'qualifying',
          kind: 'text',
          maxLength: 4,
          label: { en: 'Qualifying (minutes, 0–600)', es: 'Clasificación (minutos, 0–600)' },
          invalid: {
            en: 'Qualifying: whole minutes from 0 to 600.',
            es: 'Clasificación: minutos enteros de 0 a 600.',
          },
        },
        {
          id: 'race',
          kind: 'text',
          maxLength: 4,
          label: { en: 'Race (minutes, 1–1440)', es: 'Carrera (minutos, 1–1440)' },
          invalid: { en: 'Race: whole minutes from 1 to 1440.', es: 'Carrera: minutos enteros de 1 a 1440.' },
        },
        {
          id: 'weather',
          kind: 'text',
          maxLength: 100,
          label: { en: 'Weather', es: 'Meteorología' },
          invalid: { en: 'At most 100 characters.', es: 'Como mucho 100 caracteres.' },
        },
        {
          id: 'damage',
          kind: 'text',
          maxLength: 3,
          label: { en: 'Damage (%, 0–100)', es: 'Daños (%, 0–100)' },
          invalid: { en: 'Damage: a percentage from 0 to 100.', es: 'Daños: un porcentaje de 0 a 100.' },
        },
      ],
      schema: settings,
    },
    {
      id: 'rules',
      title: { en: 'Rules', es: 'Normas' },
      help: {
        en: 'The regulation is a https:// link or a channel, not both.',
        es: 'El reglamento es un enlace https:// o un canal, no ambos.',
      },
      fields: [
        {
          id: 'rulesText',
          kind: 'paragraph',
          maxLength: 4000,
          label: { en: 'Rules', es: 'Normas' },
          invalid: { en: 'At most 4000 characters.', es: 'Como mucho 4000 caracteres.' },
        },
        {
          id: 'regulationUrl',
          kind: 'text',
          maxLength: 500,
          label: { en: 'Regulation link (https://)', es: 'Enlace al reglamento (https://)' },
          invalid: {
            en: 'The regulation link must start with https://.',
            es: 'El enlace al reglamento debe empezar por https://.',
          },
        },
        {
          id: 'briefing',
          kind: 'paragraph',
          maxLength: 2000,
          label: { en: 'Briefing', es: 'Briefing' },
          invalid: { en: 'At most 2000 characters.', es: 'Como mucho 2000 caracteres.' },
        },
        {
          id: 'skins',
          kind: 'paragraph',
          maxLength: 1000,
          label: { en: 'Skins', es: 'Skins' },
          invalid: { en: 'At most 1000 characters.', es: 'Como mucho 1000 caracteres.' },
        },
        {
          id: 'regulationChannel',
          kind: 'channel',
          label: { en: 'Regulation channel', es: 'Canal del reglamento' },
          invalid: { en: 'Pick a channel of this server.', es: 'Elige un canal de este servidor.' },
        },
      ],
      schema: rules,
      messages: {
        regulationBoth: {
          en: 'The regulation is a link or a channel, not both: clear one of them.',
          es: 'El reglamento es un enlace o un canal, no ambos: quita uno de los dos.',
        },
      },
    },
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
