import { z } from 'zod';
import { AppError } from '../../../core/errors';
import type { L10n } from '../../bot';
import * as catalogue from '../catalogue.service';
import { trackOptions, vehicleOptions } from './catalogue-options';
import type { FieldOption, WizardDefinition, WizardEnv, WizardValues } from './definition';
import { pickedIds, requiredText, text } from './fields';

interface ListWizardText {
  kind: 'track' | 'vehicle';
  title: L10n;
  items: L10n;
  itemsInvalid: L10n;
  itemsRequired: L10n;
  empty: L10n;
  search: L10n;
  created: L10n;
  nameTaken: L10n;
  options(env: WizardEnv, v: WizardValues): Promise<FieldOption[]>;
  labels(env: WizardEnv, ids: string[]): Promise<string[]>;
}

/**
 * A track list or a vehicle list: a name, then its items picked from the catalogue (a filter
 * narrows the select to 25; picks from earlier filters are kept), then the review.
 */
function listWizard(w: ListWizardText): WizardDefinition {
  return {
    kind: w.kind === 'track' ? 'tracklist' : 'vehiclelist',
    permission: 'catalogue',
    title: w.title,
    publishLabel: { en: 'Create list', es: 'Crear lista' },
    published: w.created,
    steps: [
      {
        id: 'name',
        title: { en: 'Name', es: 'Nombre' },
        fields: [
          {
            id: 'name',
            kind: 'text',
            maxLength: 100,
            label: { en: 'List name', es: 'Nombre de la lista' },
            invalid: {
              en: 'Name the list (1–100 characters).',
              es: 'Ponle nombre a la lista (1–100 caracteres).',
            },
          },
        ],
        schema: z.object({ name: requiredText(100) }),
      },
      {
        id: 'items',
        title: w.items,
        help: {
          en: 'Filter to narrow the choices; picks from earlier filters are kept.',
          es: 'Filtra para acotar las opciones; lo elegido con filtros anteriores se conserva.',
        },
        fields: [
          {
            id: 'search',
            kind: 'text',
            maxLength: 100,
            label: w.search,
            invalid: { en: 'At most 100 characters.', es: 'Como mucho 100 caracteres.' },
          },
          {
            id: 'items',
            kind: 'multiselect',
            label: w.items,
            invalid: w.itemsInvalid,
            empty: w.empty,
            options: w.options,
          },
        ],
        schema: z.object({
          search: text(100),
          items: pickedIds(200).refine((ids) => ids.length > 0, 'itemsRequired'),
        }),
        messages: { itemsRequired: w.itemsRequired },
      },
      {
        id: 'review',
        title: { en: 'Review', es: 'Revisión' },
        fields: [],
        schema: z.object({}),
        review: true,
      },
    ],
    hooks: {
      async publish(env, parsed) {
        try {
          const list = await catalogue.createList(
            env.app.db,
            env.communityId,
            { kind: w.kind, name: parsed.name as string, itemIds: parsed.items as string[] },
            env.actor,
          );
          return { ok: true, recordId: list.id };
        } catch (err) {
          if (err instanceof AppError && err.code === 'ALREADY_EXISTS')
            return { ok: false, step: 'name', field: 'name', message: w.nameTaken };
          if (err instanceof AppError && err.code === 'REFERENCE_NOT_FOUND')
            return { ok: false, step: 'items', field: 'items', message: w.itemsInvalid };
          throw err;
        }
      },
    },
    async review(env, parsed, lang) {
      const names = await w.labels(env, parsed.items as string[]);
      return [`**${parsed.name as string}**`, `${w.items[lang]} (${names.length}): ${names.join(', ')}`];
    },
  };
}

export const trackListWizard = listWizard({
  kind: 'track',
  title: { en: 'New track list', es: 'Nueva lista de circuitos' },
  items: { en: 'Tracks', es: 'Circuitos' },
  itemsInvalid: { en: 'Pick tracks of this community.', es: 'Elige circuitos de esta comunidad.' },
  itemsRequired: { en: 'Pick at least one track.', es: 'Elige al menos un circuito.' },
  empty: { en: 'No tracks match (`/track add`).', es: 'Ningún circuito coincide (`/circuito añadir`).' },
  search: { en: 'Filter tracks (name, country)', es: 'Filtrar circuitos (nombre, país)' },
  created: { en: 'Track list **{name}** created.', es: 'Lista de circuitos **{name}** creada.' },
  nameTaken: {
    en: 'A track list already has this name.',
    es: 'Ya hay una lista de circuitos con este nombre.',
  },
  options: (env, v) =>
    trackOptions(env, { picked: v.items, search: typeof v.search === 'string' ? v.search : '' }),
  async labels(env, ids) {
    const rows = await catalogue.findTracksByIds(env.app.db, env.communityId, ids);
    return rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map(catalogue.trackLabel);
  },
});

export const vehicleListWizard = listWizard({
  kind: 'vehicle',
  title: { en: 'New vehicle list', es: 'Nueva lista de vehículos' },
  items: { en: 'Vehicles', es: 'Vehículos' },
  itemsInvalid: { en: 'Pick vehicles of this community.', es: 'Elige vehículos de esta comunidad.' },
  itemsRequired: { en: 'Pick at least one vehicle.', es: 'Elige al menos un vehículo.' },
  empty: { en: 'No vehicles match (`/vehicle add`).', es: 'Ningún vehículo coincide (`/vehiculo añadir`).' },
  search: { en: 'Filter vehicles (name, class)', es: 'Filtrar vehículos (nombre, clase)' },
  created: { en: 'Vehicle list **{name}** created.', es: 'Lista de vehículos **{name}** creada.' },
  nameTaken: {
    en: 'A vehicle list already has this name.',
    es: 'Ya hay una lista de vehículos con este nombre.',
  },
  options: (env, v) =>
    vehicleOptions(env, { picked: v.items, search: typeof v.search === 'string' ? v.search : '' }),
  async labels(env, ids) {
    const rows = await catalogue.findVehiclesByIds(env.app.db, env.communityId, ids);
    return rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map(catalogue.vehicleLabel);
  },
});
