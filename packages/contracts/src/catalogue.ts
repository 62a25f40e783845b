import { z } from 'zod';
import { zId, zListOf, zQueryInt, zText } from './common';

const trackFields = {
  name: zText(100).trim().min(1),
  country: zText(60).trim(),
  layout: zText(60).trim(),
  lengthKm: z.number().positive().max(100).nullable(),
  imageUrl: zText(500)
    .url()
    .refine((u) => u.startsWith('https://'), 'the image link must be https://')
    .nullable(),
};

/** A track: a circuit and one of its layouts (Spa, "GP" or "Endurance"). */
export const zTrackInput = z
  .object({
    ...trackFields,
    country: trackFields.country.default(''),
    layout: trackFields.layout.default(''),
    lengthKm: trackFields.lengthKm.default(null),
    imageUrl: trackFields.imageUrl.default(null),
  })
  .strict();
export type TTrackInput = z.input<typeof zTrackInput>;
/** A change names only what changes: absent fields keep their value. */
export const zTrackUpdate = z.object(trackFields).partial().strict();
export type TTrackUpdate = z.infer<typeof zTrackUpdate>;

export const zTrack = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  layout: z.string(),
  lengthKm: z.number().nullable(),
  imageUrl: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTrack = z.infer<typeof zTrack>;
export const zTrackList = zListOf(zTrack);

const vehicleFields = { name: zText(100).trim().min(1), category: zText(60).trim() };

/** A vehicle and its class (GT3, LMP2, Formula). */
export const zVehicleInput = z
  .object({ ...vehicleFields, category: vehicleFields.category.default('') })
  .strict();
export type TVehicleInput = z.input<typeof zVehicleInput>;
export const zVehicleUpdate = z.object(vehicleFields).partial().strict();
export type TVehicleUpdate = z.infer<typeof zVehicleUpdate>;

export const zVehicle = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TVehicle = z.infer<typeof zVehicle>;
export const zVehicleList = zListOf(zVehicle);

/** `?q=` searches names (and a track's country and layout); `?limit` caps the answer. */
export const zCatalogueQuery = z.object({
  q: zText(100).optional(),
  limit: zQueryInt().min(1).max(500).default(100),
});

export const catalogueListKinds = ['track', 'vehicle'] as const;
export const zCatalogueListKind = z.enum(catalogueListKinds);
export type TCatalogueListKind = z.infer<typeof zCatalogueListKind>;

/** A named list of tracks or of vehicles (a season's calendar, a class's cars). */
export const zCatalogueListInput = z
  .object({
    kind: zCatalogueListKind,
    name: zText(100).trim().min(1),
    itemIds: z.array(z.uuid()).max(200).default([]),
  })
  .strict();
export type TCatalogueListInput = z.input<typeof zCatalogueListInput>;
export const zCatalogueListUpdate = z
  .object({ name: zText(100).trim().min(1).optional(), itemIds: z.array(z.uuid()).max(200).optional() })
  .strict();
export type TCatalogueListUpdate = z.infer<typeof zCatalogueListUpdate>;

export const zCatalogueList = z.object({
  id: z.string(),
  kind: zCatalogueListKind,
  name: z.string(),
  itemIds: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCatalogueList = z.infer<typeof zCatalogueList>;
export const zCatalogueListList = zListOf(zCatalogueList);
export const zCatalogueListQuery = zCatalogueQuery.extend({ kind: zCatalogueListKind.optional() });

export const zCatalogueItemParams = z.object({ id: zId, itemId: z.uuid() });

/* Wizards: the web form runs the same steps as the Discord flow. */

export const wizardKinds = ['event', 'tracklist', 'vehiclelist'] as const;
export const zWizardKind = z.enum(wizardKinds);
export type TWizardKind = z.infer<typeof zWizardKind>;

/** A text in the two languages the product speaks. */
export const zL10nText = z.object({ en: z.string(), es: z.string() });

/** A wizard's raw answers, by field id, as the form holds them (text, or a list of picked ids). */
export const zWizardValues = z.record(zText(64), z.union([zText(4000), z.array(zText(100)).max(50)]));
export type TWizardValues = z.infer<typeof zWizardValues>;

/** Validate the answers step by step, up to `step` (every step when absent). */
export const zWizardCheck = z.object({ values: zWizardValues, step: zText(40).optional() }).strict();

/** The first step and field that fail, with the message the Discord flow shows too. */
export const zWizardCheckResult = z.union([
  z.object({ valid: z.literal(true), steps: z.array(z.string()) }),
  z.object({
    valid: z.literal(false),
    step: z.string(),
    field: z.string().nullable(),
    message: zL10nText,
  }),
]);
export type TWizardCheckResult = z.infer<typeof zWizardCheckResult>;

/** A user's open wizard, to resume it on the web. */
export const zOpenWizard = z.object({
  key: z.string(),
  kind: zWizardKind,
  step: z.string(),
  values: zWizardValues,
  recordId: z.string().nullable(),
  version: z.number().int(),
  expiresAt: z.string(),
});
export const zOpenWizardAnswer = z.object({ wizard: zOpenWizard.nullable() });
