import { ComponentType, ApplicationCommandOptionType as Opt, TextInputStyle } from 'discord-api-types/v10';
import { AppError } from '../../core/errors';
import {
  type AutocompleteHandler,
  type BotCommand,
  type BotCommandOption,
  type BotComponent,
  BotRefusal,
  type BotReply,
  encodeCustomId,
  type InteractionContext,
  type L10n,
} from '../bot';
import * as catalogue from './catalogue.service';
import { envOf } from './wizard/discord-flow';
import { isUuid } from './wizard/fields';

/* `/track` and `/vehicle`: add by modal, show and remove by an autocompleted name. */

const text = {
  trackAdded: { en: 'Track **{name}** added.', es: 'Circuito **{name}** añadido.' },
  vehicleAdded: { en: 'Vehicle **{name}** added.', es: 'Vehículo **{name}** añadido.' },
  removed: { en: '**{name}** removed from the catalogue.', es: '**{name}** eliminado del catálogo.' },
  notFound: {
    en: 'Nothing in the catalogue matches `{name}`.',
    es: 'Nada del catálogo coincide con `{name}`.',
  },
  nameRequired: {
    en: 'The name is required (1–100 characters).',
    es: 'El nombre es obligatorio (1–100 caracteres).',
  },
  badLength: {
    en: 'The length is a number of kilometres, like 7.004.',
    es: 'La longitud es un número de kilómetros, como 7.004.',
  },
  badImage: {
    en: 'The image link must start with https://.',
    es: 'El enlace de la imagen debe empezar por https://.',
  },
  exists: { en: '**{name}** is already in the catalogue.', es: '**{name}** ya está en el catálogo.' },
} satisfies Record<string, L10n>;

export const sub = (name: L10n, description: L10n, options: BotCommandOption[] = []): BotCommandOption => ({
  type: Opt.Subcommand,
  name,
  description,
  options,
});

/** Track names as the user types (name, country or layout), the track's id as the value. */
export const trackAutocomplete: AutocompleteHandler = async (ctx, typed) => {
  const tracks = await catalogue.listTracks(ctx.app.db, ctx.link!.communityId, {
    q: typed.trim(),
    limit: 25,
  });
  return tracks.map((t) => ({ name: catalogue.trackLabel(t), value: t.id }));
};

const vehicleAutocomplete: AutocompleteHandler = async (ctx, typed) => {
  const vehicles = await catalogue.listVehicles(ctx.app.db, ctx.link!.communityId, {
    q: typed.trim(),
    limit: 25,
  });
  return vehicles.map((v) => ({ name: catalogue.vehicleLabel(v), value: v.id }));
};

/** An autocompleted id, or (when the user typed and sent) the first name that matches. */
export async function pickTrack(ctx: InteractionContext, typed: string) {
  const communityId = ctx.link!.communityId;
  if (isUuid(typed)) return (await catalogue.findTracksByIds(ctx.app.db, communityId, [typed]))[0];
  return (await catalogue.listTracks(ctx.app.db, communityId, { q: typed, limit: 1 }))[0];
}

async function pickVehicle(ctx: InteractionContext, typed: string) {
  const communityId = ctx.link!.communityId;
  if (isUuid(typed)) return (await catalogue.findVehiclesByIds(ctx.app.db, communityId, [typed]))[0];
  return (await catalogue.listVehicles(ctx.app.db, communityId, { q: typed, limit: 1 }))[0];
}

const nameOption = (what: L10n, autocomplete: AutocompleteHandler): BotCommandOption => ({
  type: Opt.String,
  name: { en: 'name', es: 'nombre' },
  description: what,
  required: true,
  maxLength: 100,
  autocomplete,
});

const input = (id: string, label: string, max: number, required = false) => ({
  type: ComponentType.Label as const,
  label,
  component: {
    type: ComponentType.TextInput as const,
    custom_id: id,
    style: TextInputStyle.Short,
    required,
    max_length: max,
  },
});

function trackModal(ctx: InteractionContext): BotReply {
  return {
    type: 'modal',
    modal: {
      custom_id: encodeCustomId({ module: 'events', action: 'track-add', key: 'new' }),
      title: ctx.t({ en: 'New track', es: 'Nuevo circuito' }),
      components: [
        input('name', ctx.t({ en: 'Name', es: 'Nombre' }), 100, true),
        input('country', ctx.t({ en: 'Country', es: 'País' }), 60),
        input('layout', ctx.t({ en: 'Layout / variant', es: 'Trazado / variante' }), 60),
        input('length', ctx.t({ en: 'Length (km)', es: 'Longitud (km)' }), 10),
        input('image', ctx.t({ en: 'Image link (https://)', es: 'Enlace de imagen (https://)' }), 500),
      ],
    },
  };
}

function vehicleModal(ctx: InteractionContext): BotReply {
  return {
    type: 'modal',
    modal: {
      custom_id: encodeCustomId({ module: 'events', action: 'vehicle-add', key: 'new' }),
      title: ctx.t({ en: 'New vehicle', es: 'Nuevo vehículo' }),
      components: [
        input('name', ctx.t({ en: 'Name', es: 'Nombre' }), 100, true),
        input('category', ctx.t({ en: 'Class / category', es: 'Clase / categoría' }), 60),
      ],
    },
  };
}

/** A clash on the unique name as the user's message, anything else as it was. */
async function added<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === 'ALREADY_EXISTS')
      throw new BotRefusal('ALREADY_EXISTS', text.exists, { name });
    throw err;
  }
}

async function addTrack(ctx: InteractionContext): Promise<BotReply> {
  const f = ctx.fields;
  const name = (f.name ?? '').trim();
  if (!name) throw new BotRefusal('INVALID_VALUE', text.nameRequired);
  const lengthText = (f.length ?? '').trim().replace(',', '.');
  const lengthKm = lengthText === '' ? null : Number(lengthText);
  if (lengthKm !== null && !(Number.isFinite(lengthKm) && lengthKm > 0 && lengthKm <= 100))
    throw new BotRefusal('INVALID_VALUE', text.badLength);
  const image = (f.image ?? '').trim();
  if (image && !/^https:\/\/\S+$/.test(image)) throw new BotRefusal('INVALID_VALUE', text.badImage);
  const track = await added(name, () =>
    catalogue.createTrack(
      ctx.app.db,
      ctx.link!.communityId,
      { name, country: f.country ?? '', layout: f.layout ?? '', lengthKm, imageUrl: image || null },
      envOf(ctx).actor,
    ),
  );
  return { type: 'message', content: ctx.t(text.trackAdded, { name: catalogue.trackLabel(track) }) };
}

async function addVehicle(ctx: InteractionContext): Promise<BotReply> {
  const name = (ctx.fields.name ?? '').trim();
  if (!name) throw new BotRefusal('INVALID_VALUE', text.nameRequired);
  const vehicle = await added(name, () =>
    catalogue.createVehicle(
      ctx.app.db,
      ctx.link!.communityId,
      { name, category: ctx.fields.category ?? '' },
      envOf(ctx).actor,
    ),
  );
  return { type: 'message', content: ctx.t(text.vehicleAdded, { name: catalogue.vehicleLabel(vehicle) }) };
}

async function trackCommand(ctx: InteractionContext): Promise<BotReply> {
  if (ctx.options._subcommand === 'add') return trackModal(ctx);
  const typed = String(ctx.options.name ?? '');
  const track = await pickTrack(ctx, typed);
  if (!track) throw new BotRefusal('NOT_FOUND', text.notFound, { name: typed.slice(0, 100) });
  if (ctx.options._subcommand === 'remove') {
    await catalogue.deleteTrack(ctx.app.db, ctx.link!.communityId, track.id);
    return { type: 'message', content: ctx.t(text.removed, { name: catalogue.trackLabel(track) }) };
  }
  const facts = [track.country, track.lengthKm ? `${track.lengthKm} km` : ''].filter(Boolean).join(' · ');
  return {
    type: 'message',
    embeds: [
      {
        title: catalogue.trackLabel(track),
        ...(facts ? { description: facts } : {}),
        ...(track.imageUrl ? { image: { url: track.imageUrl } } : {}),
      },
    ],
  };
}

async function vehicleCommand(ctx: InteractionContext): Promise<BotReply> {
  if (ctx.options._subcommand === 'add') return vehicleModal(ctx);
  const typed = String(ctx.options.name ?? '');
  const vehicle = await pickVehicle(ctx, typed);
  if (!vehicle) throw new BotRefusal('NOT_FOUND', text.notFound, { name: typed.slice(0, 100) });
  if (ctx.options._subcommand === 'remove') {
    await catalogue.deleteVehicle(ctx.app.db, ctx.link!.communityId, vehicle.id);
    return { type: 'message', content: ctx.t(text.removed, { name: vehicle.name }) };
  }
  return {
    type: 'message',
    embeds: [{ title: vehicle.name, ...(vehicle.category ? { description: vehicle.category } : {}) }],
  };
}

export const itemCommand = (kind: 'track' | 'vehicle'): BotCommand => {
  const what: L10n =
    kind === 'track'
      ? { en: 'The track (start typing its name)', es: 'El circuito (empieza a escribir su nombre)' }
      : { en: 'The vehicle (start typing its name)', es: 'El vehículo (empieza a escribir su nombre)' };
  const complete = kind === 'track' ? trackAutocomplete : vehicleAutocomplete;
  return {
    name: kind === 'track' ? { en: 'track', es: 'circuito' } : { en: 'vehicle', es: 'vehiculo' },
    description:
      kind === 'track'
        ? { en: "The community's tracks", es: 'Los circuitos de la comunidad' }
        : { en: "The community's vehicles", es: 'Los vehículos de la comunidad' },
    permission: 'catalogue',
    options: [
      sub({ en: 'add', es: 'añadir' }, { en: 'Add one to the catalogue', es: 'Añade uno al catálogo' }),
      sub({ en: 'show', es: 'ver' }, { en: 'Show one', es: 'Muestra uno' }, [nameOption(what, complete)]),
      sub({ en: 'remove', es: 'eliminar' }, { en: 'Remove one', es: 'Elimina uno' }, [
        nameOption(what, complete),
      ]),
    ],
    handler: kind === 'track' ? trackCommand : vehicleCommand,
  };
};

export const catalogueModals: BotComponent[] = [
  { action: 'track-add', permission: 'catalogue', handler: addTrack },
  { action: 'vehicle-add', permission: 'catalogue', handler: addVehicle },
];
