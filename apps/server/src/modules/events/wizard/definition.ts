import type { TWizardKind } from '@guildhall/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../../core/context';
import type { BotModule, L10n } from '../../bot';

/** A wizard's raw answers by field id: text as typed, or the ids a select picked. */
export type WizardValues = Record<string, string | string[]>;

/** What a wizard runs against: the community, who drives it, and the clock. */
export interface WizardEnv {
  app: AppContext;
  communityId: string;
  /** `discord:<id>` or `user:<id>`: written to created_by / updated_by. */
  actor: string;
  now: Date;
}

export interface FieldOption {
  label: string;
  value: string;
  description?: string;
}

interface FieldBase {
  id: string;
  /** At most 45 characters in each language (Discord's modal label limit). */
  label: L10n;
  /** Shown when the field's own value fails validation. */
  invalid: L10n;
}

/** Typed in a modal (Discord) or a text box (web). */
export interface TextField extends FieldBase {
  kind: 'text' | 'paragraph';
  /** At most 4000 (Discord's text input limit). */
  maxLength: number;
  placeholder?: L10n;
}

/** Picked from a list the wizard builds (the catalogue's lists, tracks, vehicles): 25 options at most. */
export interface SelectField extends FieldBase {
  kind: 'select' | 'multiselect';
  options(env: WizardEnv, values: WizardValues): Promise<FieldOption[]>;
  /** Shown instead of the select when there is nothing to pick. */
  empty: L10n;
}

/** A Discord channel of the server. */
export interface ChannelField extends FieldBase {
  kind: 'channel';
}

export type WizardField = TextField | SelectField | ChannelField;

/** A step's failure: which step, which field (null for the step as a whole), and why. */
export interface StepError {
  step: string;
  field: string | null;
  message: L10n;
}

export interface WizardStep {
  id: string;
  title: L10n;
  help?: L10n;
  fields: WizardField[];
  /** Parses the step's raw values into what the hooks get; issue messages may name a key of `messages`. */
  schema: z.ZodType<Record<string, unknown>>;
  messages?: Record<string, L10n>;
  /** Checks needing the database or the clock (a track of this community, a start in the future). */
  verify?(env: WizardEnv, parsed: Record<string, unknown>): Promise<Omit<StepError, 'step'> | undefined>;
  /** Where Next and Back go; by default the following and the preceding step. */
  next?: string | null;
  back?: string | null;
  /** The last step: shows everything and offers Publish. */
  review?: boolean;
}

export type HookResult = { ok: true; recordId: string } | ({ ok: false } & StepError);

export interface WizardSessionView {
  key: string;
  recordId: string | null;
}

/** Where a wizard's answers go: each definition supplies its own persistence. */
export interface WizardHooks {
  saveDraft?(
    env: WizardEnv,
    parsed: Record<string, unknown>,
    session: WizardSessionView,
  ): Promise<HookResult>;
  publish(env: WizardEnv, parsed: Record<string, unknown>, session: WizardSessionView): Promise<HookResult>;
  archive?(env: WizardEnv, recordId: string): Promise<HookResult>;
}

export interface WizardDefinition {
  kind: TWizardKind;
  /** The bot module a user must hold to drive it (Discord and web alike). */
  permission: BotModule;
  title: L10n;
  steps: WizardStep[];
  /** The steps a draft needs valid; every step is needed to publish. */
  draftSteps?: string[];
  hooks: WizardHooks;
  /** The Publish button's label ("Publish", "Create list"). */
  publishLabel: L10n;
  /** What Publish answers, `{name}` filled from the parsed answers. */
  published: L10n;
  /** Summary lines for the review step, in the reply language. */
  review(env: WizardEnv, parsed: Record<string, unknown>, lang: 'en' | 'es'): Promise<string[]>;
}
