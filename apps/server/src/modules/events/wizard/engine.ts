import crypto from 'node:crypto';
import type { L10n } from '../../bot';
import type { StepError, WizardDefinition, WizardEnv, WizardStep, WizardValues } from './definition';
import * as repo from './wizard-sessions.repo';

export type WizardSession = repo.WizardSessionRow;

/** An untouched wizard closes after a week: long enough to finish a league's event over days. */
export const WIZARD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** What a wizard button can do; each step shows the ones that apply to it. */
export type WizardAction = 'back' | 'next' | 'save' | 'publish' | 'archive' | 'cancel';

const generic: L10n = { en: 'This value is not valid.', es: 'Este valor no es válido.' };

export const engineMessages = {
  stale: {
    en: 'This wizard changed in the meantime (another window?): here is its current state.',
    es: 'Este asistente cambió mientras tanto (¿otra ventana?): este es su estado actual.',
  },
} satisfies Record<string, L10n>;

export function stepOf(def: WizardDefinition, id: string): WizardStep {
  const step = def.steps.find((s) => s.id === id);
  if (!step) throw new Error(`wizard ${def.kind} has no step ${id}`);
  return step;
}

export function stepIndex(def: WizardDefinition, id: string): number {
  return def.steps.findIndex((s) => s.id === id);
}

/** Next and Back targets: the step's own, else its neighbours in the map. */
export function nextOf(def: WizardDefinition, step: WizardStep): string | null {
  if (step.next !== undefined) return step.next;
  return def.steps[stepIndex(def, step.id) + 1]?.id ?? null;
}

export function backOf(def: WizardDefinition, step: WizardStep): string | null {
  if (step.back !== undefined) return step.back;
  return def.steps[stepIndex(def, step.id) - 1]?.id ?? null;
}

/** The buttons a step shows: Back except on the first, Next until the review, Publish on it. */
export function actionsOf(def: WizardDefinition, step: WizardStep, recordId: string | null): WizardAction[] {
  const actions: WizardAction[] = [];
  if (backOf(def, step)) actions.push('back');
  if (!step.review && nextOf(def, step)) actions.push('next');
  if (def.hooks.saveDraft) actions.push('save');
  if (step.review) actions.push('publish');
  if (step.review && recordId && def.hooks.archive) actions.push('archive');
  actions.push('cancel');
  return actions;
}

/** The step's own values, parsed; or the first failing field with the message both flows show. */
export async function validateStep(
  _def: WizardDefinition,
  step: WizardStep,
  values: WizardValues,
  env: WizardEnv | undefined,
): Promise<{ ok: true; parsed: Record<string, unknown> } | ({ ok: false } & StepError)> {
  const own = Object.fromEntries(
    step.fields.filter((f) => values[f.id] !== undefined).map((f) => [f.id, values[f.id]]),
  );
  const result = step.schema.safeParse(own);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : null;
    const field = step.fields.find((f) => f.id === key);
    return {
      ok: false,
      step: step.id,
      field: field?.id ?? null,
      message: step.messages?.[issue.message] ?? field?.invalid ?? generic,
    };
  }
  const failed = env && step.verify ? await step.verify(env, result.data) : undefined;
  if (failed) return { ok: false, step: step.id, ...failed };
  return { ok: true, parsed: result.data };
}

/**
 * Runs the steps in order (up to `upTo`, or `only` those named) and answers the first failure,
 * or everything parsed. The web form and the Discord flow both come through here.
 */
export async function validateSteps(
  def: WizardDefinition,
  values: WizardValues,
  env: WizardEnv | undefined,
  opts: { upTo?: string; only?: string[] } = {},
): Promise<{ ok: true; parsed: Record<string, unknown>; steps: string[] } | ({ ok: false } & StepError)> {
  const parsed: Record<string, unknown> = {};
  const steps: string[] = [];
  for (const step of def.steps) {
    if (!opts.only || opts.only.includes(step.id)) {
      const r = await validateStep(def, step, values, env);
      if (!r.ok) return r;
      Object.assign(parsed, r.parsed);
      steps.push(step.id);
    }
    if (step.id === opts.upTo) break;
  }
  return { ok: true, parsed, steps };
}

/** A user's open wizard in a community; an expired one counts as closed. */
export async function findOpenWizard(env: WizardEnv, ownerId: string): Promise<WizardSession | undefined> {
  const row = await repo.findByOwner(env.app.db, env.communityId, ownerId);
  return row && row.expiresAt > env.now ? row : undefined;
}

export async function findWizard(env: Pick<WizardEnv, 'app' | 'now'>, key: string) {
  const row = await repo.findByKey(env.app.db, key);
  return row && row.expiresAt > env.now ? row : undefined;
}

/** Opens a wizard, or answers the one the user already has open (one per user per community). */
export async function startWizard(
  env: WizardEnv,
  def: WizardDefinition,
  ownerId: string,
  initial: WizardValues = {},
): Promise<{ ok: true; session: WizardSession } | { ok: false; open: WizardSession }> {
  await repo.deleteExpired(env.app.db, env.communityId, ownerId, env.now);
  const row = await repo.insertSession(env.app.db, {
    key: crypto.randomBytes(9).toString('base64url'),
    communityId: env.communityId,
    ownerId,
    kind: def.kind,
    step: def.steps[0]!.id,
    data: initial,
    expiresAt: new Date(env.now.getTime() + WIZARD_TTL_MS),
  });
  if (row) return { ok: true, session: row };
  const open = await repo.findByOwner(env.app.db, env.communityId, ownerId);
  if (!open) return startWizard(env, def, ownerId, initial); // closed in between: try again
  return { ok: false, open };
}

export type Change = { ok: true; session: WizardSession } | { ok: false; stale: true };

async function write(env: WizardEnv, session: WizardSession, set: Parameters<typeof repo.updateSession>[3]) {
  const row = await repo.updateSession(env.app.db, session.id, session.version, {
    ...set,
    expiresAt: new Date(env.now.getTime() + WIZARD_TTL_MS),
  });
  return row ? ({ ok: true, session: row } as const) : ({ ok: false, stale: true } as const);
}

/** Stores answers (they are kept even when invalid, so nothing typed is lost). */
export function setValues(env: WizardEnv, session: WizardSession, patch: WizardValues): Promise<Change> {
  return write(env, session, { data: { ...session.data, ...patch } });
}

/** Next: only once the current step validates. */
export async function advance(
  env: WizardEnv,
  def: WizardDefinition,
  session: WizardSession,
): Promise<Change | ({ ok: false; stale?: false } & StepError)> {
  const step = stepOf(def, session.step);
  const target = nextOf(def, step);
  const checked = await validateStep(def, step, session.data, env);
  if (!checked.ok) return { ...checked, stale: false };
  if (!target) return { ok: true, session };
  return write(env, session, { step: target });
}

/** Back never validates: going back to fix something must always work. */
export async function goBack(env: WizardEnv, def: WizardDefinition, session: WizardSession): Promise<Change> {
  const target = backOf(def, stepOf(def, session.step));
  return target ? write(env, session, { step: target }) : { ok: true, session };
}

/** Jumps to a step (the web form's step list, a failing step's fix). */
export function goTo(
  env: WizardEnv,
  def: WizardDefinition,
  session: WizardSession,
  step: string,
): Promise<Change> {
  stepOf(def, step);
  return write(env, session, { step });
}

export type Finish =
  | { ok: true; recordId: string; parsed: Record<string, unknown>; session?: WizardSession }
  | ({ ok: false; stale?: boolean } & StepError);

const staleError = (session: WizardSession): Finish => ({
  ok: false,
  stale: true,
  step: session.step,
  field: null,
  message: engineMessages.stale,
});

/** Save draft: the draft's steps must validate; the wizard stays open and remembers the record. */
export async function saveDraft(
  env: WizardEnv,
  def: WizardDefinition,
  session: WizardSession,
): Promise<Finish> {
  if (!def.hooks.saveDraft) throw new Error(`wizard ${def.kind} has no drafts`);
  const checked = await validateSteps(def, session.data, env, { only: def.draftSteps });
  if (!checked.ok) return checked;
  const saved = await def.hooks.saveDraft(env, checked.parsed, session);
  if (!saved.ok) return saved;
  const written = await write(env, session, { recordId: saved.recordId });
  if (!written.ok) return staleError(session);
  return { ok: true, recordId: saved.recordId, parsed: checked.parsed, session: written.session };
}

/** Publish: every step must validate; then the wizard closes. */
export async function publish(
  env: WizardEnv,
  def: WizardDefinition,
  session: WizardSession,
): Promise<Finish> {
  const checked = await validateSteps(def, session.data, env);
  if (!checked.ok) return checked;
  // Claim the session first: of two clicks on Publish, only one writes the record.
  if (!(await repo.deleteSession(env.app.db, session.id))) return staleError(session);
  // A refusal or a failure gives the wizard back, at the step to fix: nothing typed is lost.
  const restore = (step: string) =>
    repo.insertSession(env.app.db, { ...session, version: session.version + 1, step });
  let done: Awaited<ReturnType<typeof def.hooks.publish>>;
  try {
    done = await def.hooks.publish(env, checked.parsed, session);
  } catch (err) {
    await restore(session.step);
    throw err;
  }
  if (!done.ok) {
    await restore(done.step);
    return done;
  }
  return { ok: true, recordId: done.recordId, parsed: checked.parsed };
}

/** Archive the record a draft saved, and close the wizard. */
export async function archive(
  env: WizardEnv,
  def: WizardDefinition,
  session: WizardSession,
): Promise<Finish> {
  if (!def.hooks.archive || !session.recordId) throw new Error(`wizard ${def.kind} has nothing to archive`);
  const done = await def.hooks.archive(env, session.recordId);
  if (!done.ok) return done;
  await repo.deleteSession(env.app.db, session.id);
  return { ok: true, recordId: done.recordId, parsed: {} };
}

/** Cancel clears the wizard; a draft it saved stays. */
export async function cancel(env: WizardEnv, session: WizardSession): Promise<boolean> {
  return repo.deleteSession(env.app.db, session.id);
}
