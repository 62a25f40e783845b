import { AppError } from '../../core/errors';

/** Discord's limit on a component's or modal's `custom_id`. */
export const CUSTOM_ID_MAX = 100;

const PART = /^[a-z][a-z0-9_-]{0,31}$/;

export interface CustomId {
  /** The module that owns the component (`events`, `bot`). */
  module: string;
  /** What the click or submit does (`signup`, `wizard-next`). */
  action: string;
  /** Which record it acts on: an id or a short state, read back after any restart. */
  key: string;
}

/**
 * `module:action:key`: everything a handler needs is in the id itself, so buttons on messages
 * sent before a restart still reach their handler. The key may hold further colons.
 */
export function encodeCustomId({ module, action, key }: CustomId): string {
  if (!PART.test(module) || !PART.test(action))
    throw new AppError(
      'INVALID_VALUE',
      `custom_id module and action must match ${PART}: ${module}:${action}`,
    );
  const id = `${module}:${action}:${key}`;
  if (id.length > CUSTOM_ID_MAX)
    throw new AppError(
      'INVALID_VALUE',
      `custom_id is ${id.length} characters; Discord allows ${CUSTOM_ID_MAX}`,
    );
  return id;
}

/** The parts of a custom_id, or undefined for one Guildhall did not make. */
export function decodeCustomId(id: string): CustomId | undefined {
  if (id.length === 0 || id.length > CUSTOM_ID_MAX) return undefined;
  const first = id.indexOf(':');
  const second = first < 0 ? -1 : id.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const module = id.slice(0, first);
  const action = id.slice(first + 1, second);
  if (!PART.test(module) || !PART.test(action)) return undefined;
  return { module, action, key: id.slice(second + 1) };
}
