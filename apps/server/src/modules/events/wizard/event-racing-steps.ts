import * as catalogue from '../catalogue.service';
import { listOptions, trackOptions, vehicleOptions } from './catalogue-options';
import type { WizardStep } from './definition';
import { rules, settings, track, vehicles } from './event-wizard-schemas';

/** The event wizard's racing steps: track, vehicles, session settings and rules. */
export const racingSteps: WizardStep[] = [
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
];
